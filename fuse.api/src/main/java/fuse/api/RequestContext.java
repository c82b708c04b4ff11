package fuse.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who sent a request, and the request's own state (pyfuse3's {@code RequestContext}, libfuse's {@code fuse_req_ctx}).
 * Valid until the request is answered; do not keep it longer.
 */
@ProviderType
public interface RequestContext {
    /** Effective user id of the calling process. */
    int uid();

    /** Effective group id of the calling process. */
    int gid();

    /** Thread id of the calling process (0 for requests the kernel makes on its own, e.g. writeback). */
    int pid();

    /** umask of the calling process (meaningful for mknod, mkdir, create when the kernel does not apply it). */
    int umask();

    /**
     * Supplementary groups of the caller, read by libfuse from {@code /proc/<pid>/task/<pid>/status}
     * ({@code fuse_req_getgroups}). Empty when they cannot be read.
     */
    int[] groups();

    /**
     * Whether the kernel asked to interrupt this request (the caller got a signal). A long-running handler should
     * check it and answer {@link Errno#EINTR}.
     */
    boolean isInterrupted();

    /** The session (mount) this request belongs to. */
    Session session();
}
