package fuse.runtime.jna.natives;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The few libc calls the runtime needs that the JDK lacks. */
public final class LibC {
    /** umount2 flag: detach now, clean up when no longer busy (lazy unmount). */
    public static final int MNT_DETACH = 2;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    public static native int umount2(String target, int flags) throws LastErrorException;

    /** poll(2) on {@code nfds} {@code struct pollfd}s (int fd, short events, short revents). */
    public static native int poll(com.sun.jna.Pointer fds, long nfds, int timeout);

    /** sched_setscheduler(2) of one thread ({@code pid} is a thread id on Linux). */
    public static native int sched_setscheduler(int pid, int policy, com.sun.jna.Pointer param);

    public static native int gettid();

    public static native int getrusage(int who, com.sun.jna.Pointer usage);

    public static native int sched_setaffinity(int pid, long cpusetsize, com.sun.jna.Pointer mask);

    public static native int sched_getaffinity(int pid, long cpusetsize, com.sun.jna.Pointer mask);

    public static native int fcntl(int fd, int cmd, int arg);

    public static native int mount(String source, String target, String fstype, long flags, String data)
            throws LastErrorException;

    /**
     * Mounts the FUSE control file system on /sys/fs/fuse/connections if it is not there yet (systemd does this on
     * most machines; containers and minimal VMs lack it). Its {@code abort} files are how a session whose handlers
     * hang is ended.
     *
     * @return 0 when mounted (now or before), otherwise the errno
     */
    public static int ensureFusectl() {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("/sys/fs/fuse/connections");
            if (!java.nio.file.Files.isDirectory(dir)) {
                return 2; // ENOENT: no fuse module
            }
            if (java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/mounts")).contains(" " + dir + " fusectl ")) {
                return 0;
            }
            mount("fusectl", dir.toString(), "fusectl", 0, null);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        } catch (java.io.IOException e) {
            return 5; // EIO
        }
    }

    /**
     * Unmounts {@code target} lazily.
     *
     * @return 0 on success, otherwise the errno
     */
    public static int detach(String target) {
        try {
            umount2(target, MNT_DETACH);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }
}
