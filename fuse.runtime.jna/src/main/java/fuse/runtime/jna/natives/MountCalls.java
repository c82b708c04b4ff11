package fuse.runtime.jna.natives;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import fuse.api.Errno;
import fuse.linux.CStrings;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Mount;
import fuse.linux.Statvfs;

/** The mount(2), umount2(2) and statfs(2) calls of the runtime, with their errors as errno values. */
public final class MountCalls {
    private static final Path FUSECTL = Path.of("/sys/fs/fuse/connections");

    private MountCalls() {
    }

    /**
     * Mounts the FUSE control file system on /sys/fs/fuse/connections if it is not there yet (systemd does this on
     * most machines; containers and minimal VMs lack it). Its {@code abort} files are how a session whose handlers
     * hang is ended.
     *
     * @return 0 when mounted (now or before), otherwise the errno
     */
    public static int ensureFusectl() {
        try {
            if (!Files.isDirectory(FUSECTL)) {
                return Errno.ENOENT; // no fuse module
            }
            if (Files.readString(Path.of("/proc/self/mounts")).contains(" " + FUSECTL + " fusectl ")) {
                return 0;
            }
            LibC.mount("fusectl", FUSECTL.toString(), "fusectl", 0, null);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        } catch (IOException e) {
            return Errno.EIO;
        }
    }

    /**
     * Unmounts {@code target} lazily ({@code MNT_DETACH}: gone from the namespace now, cleaned up when no longer
     * busy).
     *
     * @return 0 on success, otherwise the errno
     */
    public static int detach(String target) {
        try {
            LibC.umount2(target, Mount.MNT_DETACH);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /**
     * statfs(2) of the file system mounted on {@code mountpoint} (through an {@code O_PATH} descriptor: opening one
     * sends the file system no request, the statfs always does one, never answered from a cache). Blocks as long
     * as the file system takes to answer.
     *
     * @return 0 when it answered, otherwise the errno (ENOTCONN: a FUSE mount whose server is gone)
     */
    public static int statfs(String mountpoint) {
        int fd = LibC.open(CStrings.terminated(mountpoint.getBytes(StandardCharsets.UTF_8)),
                Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        if (fd < 0) {
            return LibC.errno();
        }
        try (Memory buf = new Memory(Statvfs.SIZEOF)) {
            return LibC.fstatvfs(fd, buf) == 0 ? 0 : LibC.errno();
        } finally {
            LibC.close(fd);
        }
    }
}
