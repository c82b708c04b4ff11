package fuse.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's request to be told when a file becomes ready ({@code struct fuse_pollhandle}), handed to
 * {@link Operations#poll} when a caller will wait in poll(2), select(2) or epoll. Keep it and call
 * {@link #notifyReady()} once the file's readiness changes; the kernel then polls again. One notification wakes every
 * waiter of the file, so a driver keeps only the latest handle of a file and {@link #release()}s the one it replaces.
 * Thread-safe; each handle is used once.
 */
@ProviderType
public interface PollHandle {
    /**
     * Tells the kernel the file may be ready ({@code fuse_lowlevel_notify_poll}) and releases the handle.
     *
     * @throws FuseException with the kernel's errno, e.g. ENOTCONN once the session has ended
     */
    void notifyReady();

    /** Releases the handle without a notification ({@code fuse_pollhandle_destroy}). Idempotent. */
    void release();
}
