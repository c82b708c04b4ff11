package fuse.api;

/**
 * Constants of the FUSE protocol and of this project's service properties.
 */
public final class Fuse {
    private Fuse() {
    }

    /** Inode number of the root directory of every mount ({@code FUSE_ROOT_ID}). */
    public static final long ROOT_INODE = 1;

    // ----- service properties of an Operations service -----------------------------------------------------------

    /** Service property: absolute path of the directory to mount on (String). A service without it is not mounted. */
    public static final String MOUNTPOINT = "fuse.mountpoint";
    /**
     * Service property: {@code true} to create the mount point directory, and its parents, when it does not exist
     * (Boolean or String, default false).
     */
    public static final String MOUNTPOINT_CREATE = "fuse.mountpoint.create";
    /**
     * Service property: mount options, a String of comma separated options or a String[]
     * (e.g. {@code "default_permissions,allow_other"}). Default: {@code default_permissions}, as pyfuse3. Without
     * {@code max_read} the runtime adds the largest READ whose answer it can splice (512 KiB where
     * {@code fs.pipe-max-size} is 1 MiB; none where 1 MiB answers splice).
     */
    public static final String OPTIONS = "fuse.options";
    /** Service property: file system name shown in {@code /proc/mounts} (String). Default: the driver name. */
    public static final String FSNAME = "fuse.fsname";
    /** Service property: the driver's name, as the shell and the configuration PIDs use it (String). */
    public static final String DRIVER = "fuse.driver";
    /**
     * Service property: {@code true} when inode numbers stay valid across a restart of the driver (passthrough uses the
     * backing inodes). The runtime may then replace the driver service without unmounting (hot swap).
     */
    public static final String STABLE_INODES = "fuse.stable.inodes";
    /** Service property: minimum number of reader threads (Integer, default 1; pyfuse3's {@code min_tasks}). */
    public static final String MIN_THREADS = "fuse.threads.min";
    /** Service property: maximum number of reader threads (Integer, default 16; pyfuse3's {@code max_tasks}). */
    public static final String MAX_THREADS = "fuse.threads.max";
    /**
     * Service property: seconds a request may stay unanswered after its handler returned before the runtime answers
     * it with {@link Errno#EIO} and logs it (Long or String, default 120).
     */
    public static final String REPLY_TIMEOUT = "fuse.reply.timeout";
    /**
     * Service property: how long, in microseconds, the runtime's spinner threads go on watching /dev/fuse after the
     * last request before they park (Integer, default 1000; 0 turns them off; at most 100000). Spinners run at
     * scheduling policy {@code SCHED_IDLE}, one per CPU (at most 8, within {@link #MAX_THREADS} while they spin), and
     * start when two requests of the same caller come closer together than this. They only use CPU time nothing
     * else wants, but that time shows as busy CPUs while a caller keeps sending requests; in exchange a sequential
     * caller is answered on its own CPU without waking a sleeping one (about twice the round trips per second on a
     * virtual machine).
     */
    public static final String SPIN_MICROS = "fuse.spin.micros";
    /**
     * Service property: the kernel's readahead window for this mount, in KiB (Integer, default 0: the kernel's own,
     * 128 KiB; at most 16384). A sequential reader's page cache misses then reach the driver as fewer, larger READ
     * requests (up to the mount's {@code max_read}, see {@link #OPTIONS}; at most 1 MiB, libfuse's largest request),
     * several in flight at once. The runtime offers the window
     * as {@code max_readahead} in its INIT reply and writes it to the mount's
     * {@code /sys/class/bdi/DEVICE/read_ahead_kb}, because the kernel keeps the smaller of the two; that needs root,
     * and without it the runtime logs a warning and the kernel's window stays. The cost: a page fault in a memory
     * mapped file reads around it by up to the window, so random access through {@code mmap} fetches data it may not
     * use ({@code read(2)} of random offsets is read as asked).
     */
    public static final String READAHEAD_KB = "fuse.readahead.kb";

    // ----- rename flags ----------------------------------------------------------------------------------------------

    /** {@code rename} flag: fail with EEXIST if the target exists. */
    public static final int RENAME_NOREPLACE = 1;
    /** {@code rename} flag: atomically exchange source and target, both of which must exist. */
    public static final int RENAME_EXCHANGE = 2;
    /** {@code rename} flag: create a whiteout object at the source (overlay filesystems). */
    public static final int RENAME_WHITEOUT = 4;

    // ----- setxattr flags ----------------------------------------------------------------------------------------

    /** {@code setxattr} flag: fail with EEXIST if the attribute exists. */
    public static final int XATTR_CREATE = 1;
    /** {@code setxattr} flag: fail with ENODATA if the attribute does not exist. */
    public static final int XATTR_REPLACE = 2;

    // ----- access(2) masks -------------------------------------------------------------------------------------------

    /** access mask: existence only. */
    public static final int F_OK = 0;
    /** access mask: execute / search. */
    public static final int X_OK = 1;
    /** access mask: write. */
    public static final int W_OK = 2;
    /** access mask: read. */
    public static final int R_OK = 4;

    // ----- lseek whence ----------------------------------------------------------------------------------------------

    /** lseek whence: absolute offset. */
    public static final int SEEK_SET = 0;
    /** lseek whence: relative to the current position (never sent by the kernel). */
    public static final int SEEK_CUR = 1;
    /** lseek whence: relative to the end (never sent by the kernel). */
    public static final int SEEK_END = 2;
    /** lseek whence: next offset at or after the given one that holds data. */
    public static final int SEEK_DATA = 3;
    /** lseek whence: next hole at or after the given offset (end of file counts as a hole). */
    public static final int SEEK_HOLE = 4;

    // ----- fallocate modes -------------------------------------------------------------------------------------------

    /** fallocate mode: do not change the file size. */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    /** fallocate mode: deallocate the range (always with KEEP_SIZE); it then reads as zeros. */
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    /** fallocate mode: zero the range. */
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    // ----- locks -----------------------------------------------------------------------------------------------------

    /** POSIX lock type: shared (read) lock. */
    public static final int F_RDLCK = 0;
    /** POSIX lock type: exclusive (write) lock. */
    public static final int F_WRLCK = 1;
    /** POSIX lock type: unlock / no lock. */
    public static final int F_UNLCK = 2;
    /** flock operation: shared lock. */
    public static final int LOCK_SH = 1;
    /** flock operation: exclusive lock. */
    public static final int LOCK_EX = 2;
    /** flock operation flag: do not block. */
    public static final int LOCK_NB = 4;
    /** flock operation: unlock. */
    public static final int LOCK_UN = 8;

    // ----- file type bits of st_mode -----------------------------------------------------------------------------

    /** Mask of the file type bits of a mode. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 0060000;
    /** Directory. */
    public static final int S_IFDIR = 0040000;
    /** Character device. */
    public static final int S_IFCHR = 0020000;
    /** FIFO. */
    public static final int S_IFIFO = 0010000;
    /** Set-user-id bit. */
    public static final int S_ISUID = 04000;
    /** Set-group-id bit. */
    public static final int S_ISGID = 02000;
    /** Sticky bit. */
    public static final int S_ISVTX = 01000;

    // ----- open(2) flags -----------------------------------------------------------------------------------------
    // Linux's generic values (include/uapi/asm-generic/fcntl.h), shared by x86_64, aarch64 and most other
    // architectures (alpha, mips, parisc and sparc have their own). Flags whose values differ between x86_64 and
    // aarch64 (O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE) are deliberately not part of this API.

    /** open flags: mask of the access mode. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_ACCMODE = 03;
    /** open flags: read only. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_RDONLY = 0;
    /** open flags: write only. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_WRONLY = 01;
    /** open flags: read and write. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_RDWR = 02;
    /** open flags: create. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_CREAT = 0100;
    /** open flags: exclusive create. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_EXCL = 0200;
    /** open flags: truncate. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_TRUNC = 01000;
    /** open flags: append. Linux's generic value, verified by the ABI test of fuse.linux. */
    public static final int O_APPEND = 02000;

    // ----- ioctl -------------------------------------------------------------------------------------------------

    /** ioctl flag: a 32-bit compat ioctl on a 64-bit machine. */
    public static final int IOCTL_COMPAT = 1;
    /** ioctl flag: not restricted to well-formed ioctls (CUSE only; a mount never sees it). */
    public static final int IOCTL_UNRESTRICTED = 2;
    /** ioctl flag: a retry with new buffers (unrestricted ioctls only). */
    public static final int IOCTL_RETRY = 4;
    /** ioctl flag: the ioctl is on a directory. */
    public static final int IOCTL_DIR = 16;
    /** ioctl command of {@code lsattr}: the inode flags ({@code FS_*_FL}), 4 bytes out ({@code unsigned int cmd}). */
    public static final int FS_IOC_GETFLAGS = 0x80086601;
    /** ioctl command of {@code chattr}: sets the inode flags, 4 bytes in. */
    public static final int FS_IOC_SETFLAGS = 0x40086602;
    /** Inode flag: immutable ({@code chattr +i}): no change to data, metadata, or names. */
    public static final int FS_IMMUTABLE_FL = 0x10;
    /** Inode flag: append only ({@code chattr +a}): writes only at the end, no truncation, no removal. */
    public static final int FS_APPEND_FL = 0x20;
    /**
     * ioctl command the kernel sends before it changes inode flags ({@code chattr} goes through
     * {@code fileattr_set}, which reads the old flags this way first): 28 bytes out, a {@code struct fsxattr} whose
     * first field, {@code fsx_xflags}, holds {@code FS_XFLAG_*} flags. A driver that answers only
     * {@link #FS_IOC_GETFLAGS} and {@link #FS_IOC_SETFLAGS} cannot be changed by {@code chattr}.
     */
    public static final int FS_IOC_FSGETXATTR = 0x801c581f;
    /** ioctl command of {@code xfs_io -c chattr}: sets a {@code struct fsxattr}, 28 bytes in. */
    public static final int FS_IOC_FSSETXATTR = 0x401c5820;
    /** Size of {@code struct fsxattr}, the argument of {@link #FS_IOC_FSGETXATTR} and {@link #FS_IOC_FSSETXATTR}. */
    public static final int FSXATTR_SIZE = 28;
    /** {@code fsx_xflags} bit of {@link #FS_IMMUTABLE_FL}. */
    public static final int FS_XFLAG_IMMUTABLE = 0x8;
    /** {@code fsx_xflags} bit of {@link #FS_APPEND_FL}. */
    public static final int FS_XFLAG_APPEND = 0x10;

    // ----- poll events -----------------------------------------------------------------------------------------

    /** poll event: data to read. */
    public static final int POLLIN = 0x1;
    /** poll event: urgent data to read. */
    public static final int POLLPRI = 0x2;
    /** poll event: writing will not block. */
    public static final int POLLOUT = 0x4;
    /** poll event: an error. */
    public static final int POLLERR = 0x8;
    /** poll event: hang up. */
    public static final int POLLHUP = 0x10;

    /** Longest file name the kernel passes (bytes). */
    public static final int NAME_MAX = 255;

    /** Returns whether {@code mode} describes a directory. */
    public static boolean isDirectory(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** Returns whether {@code mode} describes a regular file. */
    public static boolean isRegularFile(int mode) {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Returns whether {@code mode} describes a symbolic link. */
    public static boolean isSymlink(int mode) {
        return (mode & S_IFMT) == S_IFLNK;
    }
}
