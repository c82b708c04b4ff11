package fuse.driver.passthrough;

import java.nio.ByteBuffer;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls passthrough makes, direct-mapped. Every path argument is a NUL-terminated byte array relative to a
 * directory descriptor, so no name is decoded and nothing is resolved from the process's working directory. Calls
 * return -1 on failure; {@link #errno()} tells why (JNA keeps errno per thread after each call).
 */
final class Libc {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_ACCMODE = 3;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final long UTIME_NOW = (1L << 30) - 1;
    static final long UTIME_OMIT = (1L << 30) - 2;
    static final int SEEK_SET = 0;

    static {
        Native.register(Libc.class, NativeLibrary.getInstance("c"));
    }

    private Libc() {
    }

    static int errno() {
        return Native.getLastError();
    }

    static native int openat(int dirfd, byte[] path, int flags, int mode);

    static native int close(int fd);

    static native int dup(int fd);

    static native int fstatat(int dirfd, byte[] path, Pointer statbuf, int flags);

    static native int fstat(int fd, Pointer statbuf);

    static native int mkdirat(int dirfd, byte[] path, int mode);

    static native int mknodat(int dirfd, byte[] path, int mode, long dev);

    static native int unlinkat(int dirfd, byte[] path, int flags);

    static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    static native int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    static native int symlinkat(byte[] target, int newdirfd, byte[] linkpath);

    static native long readlinkat(int dirfd, byte[] path, byte[] buf, long bufsiz);

    static native int chmod(byte[] path, int mode);

    static native int fchownat(int dirfd, byte[] path, int owner, int group, int flags);

    static native int utimensat(int dirfd, byte[] path, Pointer times, int flags);

    static native int futimens(int fd, Pointer times);

    static native int truncate(byte[] path, long length);

    static native int ftruncate(int fd, long length);

    static native long pread(int fd, ByteBuffer buf, long count, long offset);

    static native long pwrite(int fd, ByteBuffer buf, long count, long offset);

    static native int fsync(int fd);

    static native int fdatasync(int fd);

    static native int fstatvfs(int fd, Pointer buf);

    static native long getxattr(byte[] path, byte[] name, byte[] value, long size);

    static native int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    static native long listxattr(byte[] path, byte[] list, long size);

    static native int removexattr(byte[] path, byte[] name);

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    static native long llistxattr(byte[] path, byte[] list, long size);

    static native int lremovexattr(byte[] path, byte[] name);

    static native int fallocate(int fd, int mode, long offset, long len);

    static native long copy_file_range(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

    static native long lseek(int fd, long offset, int whence);

    static native long getdents64(int fd, Pointer dirp, long count);

    static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    static native int flock(int fd, int operation);

    static native int fcntl(int fd, int cmd, Pointer arg);

    /** Open file description locks: owned by the open file (our file handle), not by the process. */
    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final int F_OFD_SETLKW = 38;
    /** {@code struct flock} on x86_64: l_type, l_whence (shorts), l_start, l_len (longs at 8, 16), l_pid (int at 24). */
    static final int FLOCK_SIZE = 32;

    /** {@code name} followed by a NUL byte. */
    static byte[] z(byte[] name) {
        byte[] out = new byte[name.length + 1];
        System.arraycopy(name, 0, out, 0, name.length);
        return out;
    }

    /** The empty path, for the {@code AT_EMPTY_PATH} calls. */
    static final byte[] EMPTY = { 0 };

    /** {@code /proc/self/fd/<fd>}: the file an O_PATH descriptor refers to, for calls that take no descriptor. */
    static byte[] procPath(int fd) {
        return z(("/proc/self/fd/" + fd).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
