package fuse.api;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The data of one WRITE request, as {@link Operations#writeBuf} receives it (libfuse's {@code struct fuse_bufvec}).
 * The runtime has it either in memory or still in a pipe: large writes are spliced from {@code /dev/fuse} into a
 * pipe, whose pages are the writer's own page-cache pages, so that {@link #transferTo} moves them into a file with
 * one copy, made by the kernel, instead of one into this process and a second out of it.
 *
 * <p>The data is read once, front to back: every {@link #transferTo} takes the next bytes, {@link #buffer} takes
 * what is left. It is valid only until {@code writeBuf} returns; a driver that answers later must take it first.
 * What the driver leaves untaken is discarded by the runtime.
 */
@ProviderType
public interface WriteData {
    /** Bytes of data the request carries. */
    int length();

    /** Bytes not taken yet. */
    int remaining();

    /**
     * Writes the next {@code length} bytes into file descriptor {@code fd} at {@code position} ({@code pwrite(2)}
     * from memory, {@code splice(2)} from a pipe), all of them.
     *
     * @throws IllegalArgumentException when fewer than {@code length} bytes remain
     * @throws FuseException with the errno of the call that failed (ENOSPC, EIO, …); how much of the range was
     *         written is then unknown, and the rest of the data is gone
     */
    void transferTo(int fd, long position, int length);

    /**
     * The bytes not taken yet, as a buffer positioned at 0 (a view of the request buffer, or copied out of the pipe
     * into a fresh direct buffer). Takes them all.
     */
    ByteBuffer buffer();
}
