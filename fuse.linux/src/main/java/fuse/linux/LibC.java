package fuse.linux;

import java.nio.ByteBuffer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Every libc function the project calls, bound once by JNA direct mapping (no proxy, no reflection per call).
 *
 * <p>Calls return the raw result, -1 (or a negative count) on failure; {@link #errno()} tells why. JNA captures
 * {@code errno} in native code right after each call, per thread, so nothing the JVM does between the call and
 * {@code errno()} can overwrite it. The two calls declared {@code throws LastErrorException} throw instead.
 *
 * <p>Paths and names are NUL-terminated byte arrays ({@link CStrings#terminated}), never decoded. {@code open},
 * {@code openat} and {@code fcntl} are variadic in C; they are declared with the optional argument as a fixed one,
 * which is how the Linux calling conventions of x86_64 (and aarch64) pass it as well.
 *
 * <p>The binding happens when this class is initialised: callers check {@link Platform#requireSupported} first.
 * Thread-safe.
 */
public final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    /** The calling thread's errno as captured by JNA after its last native call. */
    public static int errno() {
        return Native.getLastError();
    }

    // ----- files and directories -------------------------------------------------------------------------------------

    /** open(2) without a mode: never pass {@code O_CREAT} or {@code O_TMPFILE}. */
    public static native int open(byte[] path, int flags);

    public static native int openat(int dirfd, byte[] path, int flags, int mode);

    public static native int close(int fd);

    public static native int dup(int fd);

    /** {@code statbuf}: a {@link Stat#SIZEOF}-byte buffer. */
    public static native int fstatat(int dirfd, byte[] path, Pointer statbuf, int flags);

    /** {@code statbuf}: a {@link Stat#SIZEOF}-byte buffer. */
    public static native int fstat(int fd, Pointer statbuf);

    /** {@code buf}: a {@link Statvfs#SIZEOF}-byte buffer. */
    public static native int fstatvfs(int fd, Pointer buf);

    public static native int mkdirat(int dirfd, byte[] path, int mode);

    public static native int mknodat(int dirfd, byte[] path, int mode, long dev);

    public static native int unlinkat(int dirfd, byte[] path, int flags);

    public static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    public static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    public static native int symlinkat(byte[] target, int newdirfd, byte[] linkpath);

    public static native long readlinkat(int dirfd, byte[] path, byte[] buf, long bufsiz);

    public static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    public static native int chmod(byte[] path, int mode);

    public static native int fchownat(int dirfd, byte[] path, int owner, int group, int flags);

    /** {@code times}: two {@link Timespec}s (access, modification). */
    public static native int utimensat(int dirfd, byte[] path, Pointer times, int flags);

    /** {@code times}: two {@link Timespec}s (access, modification). */
    public static native int futimens(int fd, Pointer times);

    public static native int truncate(byte[] path, long length);

    public static native int ftruncate(int fd, long length);

    /** glibc 2.30+ wrapper of the getdents64 system call: fills {@code dirp} with {@link Dirent64} records. */
    public static native long getdents64(int fd, Pointer dirp, long count);

    // ----- data ------------------------------------------------------------------------------------------------------

    /** {@code buf}: a direct buffer; {@code count} bytes from its start. */
    public static native long pread(int fd, ByteBuffer buf, long count, long offset);

    /** {@code buf}: a direct buffer; {@code count} bytes from its start. */
    public static native long pwrite(int fd, ByteBuffer buf, long count, long offset);

    /** pread(2) into native memory at address {@code buf} (no object per call). */
    public static native long pread(int fd, long buf, long count, long offset);

    /** writev(2) of {@code count} {@link Iovec}s at address {@code iov}. */
    public static native long writev(int fd, long iov, int count);

    /** pwrite(2) from native memory at address {@code buf} (no object per call). */
    public static native long pwrite(int fd, long buf, long count, long offset);

    public static native long lseek(int fd, long offset, int whence);

    public static native int fsync(int fd);

    public static native int fdatasync(int fd);

    public static native int syncfs(int fd);

    public static native int fallocate(int fd, int mode, long offset, long len);

    /** {@code offIn}, {@code offOut}: pointers to 64-bit offsets, or null. */
    public static native long copy_file_range(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

    // ----- locks and descriptor flags --------------------------------------------------------------------------------

    public static native int flock(int fd, int operation);

    /** fcntl(2) with a pointer argument, e.g. a {@link Flock} for {@link Fcntl#F_OFD_GETLK}. */
    public static native int fcntl(int fd, int cmd, Pointer arg);

    /** fcntl(2) with an int argument, e.g. {@link Fcntl#F_GETFL} / {@link Fcntl#F_SETFL}. */
    public static native int fcntl(int fd, int cmd, int arg);

    // ----- extended attributes ---------------------------------------------------------------------------------------

    public static native int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    public static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    /** {@code value} null and {@code size} 0: returns the value's size. */
    public static native long getxattr(byte[] path, byte[] name, byte[] value, long size);

    /** {@code value} null and {@code size} 0: returns the value's size. */
    public static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

    /** {@code list} null and {@code size} 0: returns the list's size. */
    public static native long listxattr(byte[] path, byte[] list, long size);

    /** {@code list} null and {@code size} 0: returns the list's size. */
    public static native long llistxattr(byte[] path, byte[] list, long size);

    public static native int removexattr(byte[] path, byte[] name);

    public static native int lremovexattr(byte[] path, byte[] name);

    // ----- memory ----------------------------------------------------------------------------------------------------

    /**
     * memfd_create(2): an anonymous tmpfs file, memory that is written with {@code pwrite}, read with {@code pread} or
     * {@code splice} and given back with {@code fallocate(PUNCH_HOLE)}; flags e.g. {@link Mman#MFD_CLOEXEC}.
     */
    public static native int memfd_create(String name, int flags);

    /** pipe2(2): {@code fds[0]} the read end, {@code fds[1]} the write end. */
    public static native int pipe2(int[] fds, int flags);

    /**
     * splice(2) between a pipe and a descriptor; an offset is a one-element array (the kernel's {@code loff_t *},
     * advanced by what was moved) or null for the descriptor's own position (a pipe has none).
     */
    public static native long splice(int fdIn, long[] offIn, int fdOut, long[] offOut, long len, int flags);

    /** read(2) into native memory at address {@code buf}. */
    public static native long read(int fd, long buf, long count);

    /** ioctl(2) with an {@code int *} argument, e.g. {@link Fcntl#FIONREAD}. */
    public static native int ioctl(int fd, long request, int[] arg);

    // ----- mounts ----------------------------------------------------------------------------------------------------

    /** umount2(2), e.g. with {@link Mount#MNT_DETACH}. */
    public static native int umount2(String target, int flags) throws LastErrorException;

    public static native int mount(String source, String target, String fstype, long flags, String data)
            throws LastErrorException;

    // ----- threads and scheduling ------------------------------------------------------------------------------------

    /** poll(2) on {@code nfds} {@code struct pollfd}s ({@link Poll}). */
    public static native int poll(Pointer fds, long nfds, int timeout);

    /** The calling thread's id (glibc 2.30+). */
    public static native int gettid();

    /** {@code param}: a {@link Sched#PARAM_SIZEOF}-byte {@code struct sched_param}; {@code pid} may be a thread id. */
    public static native int sched_setscheduler(int pid, int policy, Pointer param);

    /** {@code mask}: a {@code cpu_set_t} of {@code cpusetsize} ({@link Sched#CPU_SET_SIZEOF}) bytes. */
    public static native int sched_setaffinity(int pid, long cpusetsize, Pointer mask);

    /** {@code mask}: a {@code cpu_set_t} of {@code cpusetsize} ({@link Sched#CPU_SET_SIZEOF}) bytes. */
    public static native int sched_getaffinity(int pid, long cpusetsize, Pointer mask);

    /** {@code usage}: a {@link Rusage#SIZEOF}-byte {@code struct rusage}. */
    public static native int getrusage(int who, Pointer usage);
}
