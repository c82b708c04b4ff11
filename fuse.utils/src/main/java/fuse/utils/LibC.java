package fuse.utils;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls the JDK does not offer, bound by JNA direct mapping (no proxy, no reflection per call).
 *
 * <p>Every method returns the raw result; the caller reads {@link Native#getLastError()} right after a negative
 * result. JNA captures {@code errno} in native code immediately after each call, so nothing the JVM does between the
 * call and {@code getLastError} can overwrite it.
 *
 * <p>{@code open} is variadic in C; it is declared here with its two fixed arguments only, which is correct on the
 * Linux ABIs (x86_64, aarch64) because the optional {@code mode} is read only with {@code O_CREAT}/{@code O_TMPFILE},
 * and these helpers never pass those.
 *
 * <p>Binding happens on first use of this class; on anything but Linux the class refuses to initialise with an
 * {@link UnsupportedOperationException} (see {@link #ensureAvailable()}).
 */
final class LibC {
    /** open(2) flags, Linux generic values (x86_64, aarch64). */
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000;
    static final int O_CLOEXEC = 02000000;

    private static final boolean LINUX = Platform.isLinux();

    static {
        if (LINUX) {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
        }
    }

    private LibC() {
    }

    /**
     * Throws a clear {@link UnsupportedOperationException} on platforms where these helpers are not implemented,
     * instead of a wrong answer or an {@link UnsatisfiedLinkError}.
     */
    static void ensureAvailable(String utility) {
        if (!LINUX) {
            throw new UnsupportedOperationException(
                    utility + " is implemented for Linux only (this is " + System.getProperty("os.name") + ")");
        }
    }

    /** The calling thread's errno as captured by JNA after the last native call. */
    static int errno() {
        return Native.getLastError();
    }

    static native int open(byte[] path, int flags);

    static native int close(int fd);

    /** glibc >= 2.30 wrapper of the getdents64 system call: fills {@code buf} with {@code struct linux_dirent64}. */
    static native long getdents64(int fd, Pointer buf, long count);

    static native int syncfs(int fd);

    static native int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

    static native long getxattr(byte[] path, byte[] name, byte[] value, long size);

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

    static native long listxattr(byte[] path, byte[] list, long size);

    static native long llistxattr(byte[] path, byte[] list, long size);

    static native int removexattr(byte[] path, byte[] name);

    static native int lremovexattr(byte[] path, byte[] name);
}
