package fuse.linux;

/**
 * Flags and commands of {@code <fcntl.h>} the project uses that are not in {@link fuse.api.Fuse}: the open(2) flags
 * whose values differ between architectures or that drivers do not need, the {@code AT_*} flags of the {@code *at}
 * calls, and fcntl(2) commands. The access modes and {@code O_CREAT}, {@code O_EXCL}, {@code O_TRUNC},
 * {@code O_APPEND} are {@link fuse.api.Fuse}'s (the same on every Linux architecture).
 *
 * <p>Values of Linux on x86_64, checked by the ABI test ({@link Platform}).
 */
public final class Fcntl {
    private Fcntl() {
    }

    // ----- open(2) flags ---------------------------------------------------------------------------------------------

    /** Do not make a terminal the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** Do not block: in open, and as a descriptor flag ({@link #F_SETFL}). */
    public static final int O_NONBLOCK = 04000;
    /** Fail unless the path is a directory (0200000 on x86_64; 040000 on aarch64). */
    public static final int O_DIRECTORY = 0200000;
    /** Do not follow a final symbolic link (0400000 on x86_64; 0100000 on aarch64). */
    public static final int O_NOFOLLOW = 0400000;
    /** Close on exec. */
    public static final int O_CLOEXEC = 02000000;
    /** A descriptor that only names the file (no read or write). */
    public static final int O_PATH = 010000000;

    // ----- *at(2) calls ----------------------------------------------------------------------------------------------

    /** The directory argument meaning the working directory. */
    public static final int AT_FDCWD = -100;
    /** Act on a final symbolic link itself. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** unlinkat: remove a directory. */
    public static final int AT_REMOVEDIR = 0x200;
    /** An empty path means the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;

    // ----- fcntl(2) commands -----------------------------------------------------------------------------------------

    /** Get the file status flags. */
    public static final int F_GETFL = 3;
    /** Set the file status flags (e.g. {@link #O_NONBLOCK}). */
    public static final int F_SETFL = 4;
    /** Set a pipe's capacity in bytes (rounded up to a power-of-two number of pages); returns the capacity. */
    public static final int F_SETPIPE_SZ = 1031;
    /** ioctl: bytes waiting to be read (in a pipe). */
    public static final long FIONREAD = 0x541B;
    /** Open file description lock: test ({@link Flock}; {@code l_pid} must be 0). */
    public static final int F_OFD_GETLK = 36;
    /** Open file description lock: set or clear without waiting. */
    public static final int F_OFD_SETLK = 37;
    /** Open file description lock: set, waiting for a conflicting lock to go. */
    public static final int F_OFD_SETLKW = 38;
}
