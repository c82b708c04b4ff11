package fuse.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The connection parameters negotiated with the kernel at {@code FUSE_INIT} (libfuse's {@code struct fuse_conn_info}).
 * Passed to {@link Operations#init}, the only moment they can be changed; reading them later gives what was agreed.
 *
 * <p>What the runtime asks for by default: {@code max_write} 1 MiB (less when a driver with {@code writeBuf} gets
 * WRITEs spliced and pipes are smaller), {@code max_read} as the mount's options say or what splices (see
 * {@link Fuse#OPTIONS}), asynchronous reads, parallel directory operations,
 * readdirplus in "auto" mode, POSIX and BSD lock support when the driver implements the lock operations, and
 * {@link #CAP_EXPORT_SUPPORT} off. Everything else stays libfuse's default.
 */
@ProviderType
public interface ConnectionInfo {
    /** Asynchronous read requests. */
    long CAP_ASYNC_READ = 1 << 0;
    /** Remote POSIX locks ({@code getlk}/{@code setlk}). */
    long CAP_POSIX_LOCKS = 1 << 1;
    /** O_TRUNC handled in open. */
    long CAP_ATOMIC_O_TRUNC = 1 << 3;
    /** lookup of "." and ".." (NFS export). */
    long CAP_EXPORT_SUPPORT = 1 << 4;
    /** Do not apply the umask to the mode of created files (the driver does, with {@link RequestContext#umask()}). */
    long CAP_DONT_MASK = 1 << 6;
    /** Splice to the fuse device on reads. */
    long CAP_SPLICE_WRITE = 1 << 7;
    /** Move pages when splicing. */
    long CAP_SPLICE_MOVE = 1 << 8;
    /** Splice from the fuse device on writes. */
    long CAP_SPLICE_READ = 1 << 9;
    /** BSD locks ({@code flock}). */
    long CAP_FLOCK_LOCKS = 1 << 10;
    /** ioctl on directories. */
    long CAP_IOCTL_DIR = 1 << 11;
    /** Invalidate cached pages when mtime or size change. */
    long CAP_AUTO_INVAL_DATA = 1 << 12;
    /** READDIRPLUS: readdir returns attributes too. */
    long CAP_READDIRPLUS = 1 << 13;
    /** Let the kernel choose between readdir and readdirplus per directory. */
    long CAP_READDIRPLUS_AUTO = 1 << 14;
    /** Asynchronous direct I/O. */
    long CAP_ASYNC_DIO = 1 << 15;
    /** Writeback cache: the kernel buffers writes and sends them later, possibly merged (pid 0). */
    long CAP_WRITEBACK_CACHE = 1 << 16;
    /** open may answer ENOSYS once to mean "always succeed without calling open". */
    long CAP_NO_OPEN_SUPPORT = 1 << 17;
    /** lookup and readdir in the same directory in parallel. */
    long CAP_PARALLEL_DIROPS = 1 << 18;
    /** POSIX ACLs enforced by the kernel. */
    long CAP_POSIX_ACL = 1 << 19;
    /** The driver clears suid/sgid on write, chown and truncate. */
    long CAP_HANDLE_KILLPRIV = 1 << 20;
    /** Cache symlink targets in the page cache. */
    long CAP_CACHE_SYMLINKS = 1 << 23;
    /** opendir may answer ENOSYS once to mean "always succeed". */
    long CAP_NO_OPENDIR_SUPPORT = 1 << 24;
    /** Only explicit invalidation drops cached data. */
    long CAP_EXPLICIT_INVAL_DATA = 1 << 25;
    /** invalidate entry may only expire (kernel ≥ 6.2). */
    long CAP_EXPIRE_ONLY = 1 << 26;
    /**
     * The driver removes set-user-id, set-group-id and {@code security.capability} itself on write, truncate and
     * open with {@code O_TRUNC} (the kernel's {@code FUSE_HANDLE_KILLPRIV_V2}, protocol 7.33). In exchange the
     * kernel stops asking {@code GETXATTR security.capability} before every {@code write(2)}: one round trip less per
     * write. libfuse 3.14 has no capability bit for it, so this one is osgi-fuse's: the kernel's flag in the upper
     * word, and the runtime adds the flag to INIT's answer itself. Offered when the kernel speaks protocol 7.33 or
     * later. The kernel then no longer tells the driver which writes must clear the bits (libfuse 3.14 drops its
     * {@code FUSE_WRITE_KILL_SUIDGID}): clear them for callers that are not root, as {@code fuse.utils.posix}'s
     * {@code Privileges} does. A driver replacing this one in a hot swap inherits the promise.
     *
     * @since 2.1
     */
    long CAP_HANDLE_KILLPRIV_V2 = 1L << 60;

    /** Protocol major version of the kernel. */
    int protoMajor();

    /** Protocol minor version of the kernel. */
    int protoMinor();

    /** Capabilities the kernel and libfuse support ({@code CAP_*} bits). */
    long capable();

    /** Capabilities requested so far ({@code CAP_*} bits). */
    long want();

    /** Returns whether the kernel supports all of the given capabilities. */
    default boolean isCapable(long caps) {
        return (capable() & caps) == caps;
    }

    /**
     * Requests capabilities.
     *
     * @throws IllegalArgumentException if the kernel does not support one of them (naming which)
     */
    void enable(long caps);

    /** Withdraws capabilities from the request. */
    void disable(long caps);

    /** Largest write request in bytes. */
    int maxWrite();

    /** Sets {@link #maxWrite()}; libfuse clamps it to its buffer size. */
    void maxWrite(int bytes);

    /** Largest read request in bytes (0: no limit of the file system's own). */
    int maxRead();

    /** Largest readahead in bytes. */
    int maxReadahead();

    /**
     * Sets {@link #maxReadahead()}. Only lowering it has an effect: the kernel keeps the smaller of this and its
     * own window, which the mount property {@link Fuse#READAHEAD_KB} widens (and then offers here).
     */
    void maxReadahead(int bytes);

    /** Maximum number of pending background requests. */
    int maxBackground();

    /** Sets {@link #maxBackground()}. */
    void maxBackground(int count);

    /** Number of background requests at which the kernel considers the file system congested. */
    int congestionThreshold();

    /** Sets {@link #congestionThreshold()}. */
    void congestionThreshold(int count);

    /** Timestamp granularity in nanoseconds the file system supports (0 or 1: nanoseconds). */
    int timeGran();

    /** Sets {@link #timeGran()}, a power of 10 between 1 and 10^9. */
    void timeGran(int nanos);

    /**
     * Whether readdir should be served as READDIRPLUS (entries with attributes and a lookup count each). Default true
     * (in the kernel's auto mode); set false to make every listing plain READDIR, which costs no lookup counts.
     */
    boolean readdirplus();

    /** Sets {@link #readdirplus()}. */
    void readdirplus(boolean enabled);
}
