package fuse.utils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A small tmpfs mounted under /tmp for a test class; every user may enter it. */
final class Tmpfs {
    private final Path mountpoint;
    private boolean mounted;

    private Tmpfs(Path mountpoint) {
        this.mountpoint = mountpoint;
    }

    /** Creates a directory under /tmp and mounts a 4 MiB tmpfs with mode 0755 on it. */
    static Tmpfs mount(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Tmpfs tmpfs = new Tmpfs(dir);
        Commands.check(List.of("mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", dir.toString()));
        tmpfs.mounted = true;
        return tmpfs;
    }

    /** The root of the tmpfs. */
    Path root() {
        return mountpoint;
    }

    /** Unmounts (lazily if something is still open) and removes the mount point. */
    void close() throws IOException, InterruptedException {
        if (mounted) {
            Commands.check(List.of("umount", "-l", mountpoint.toString()));
            mounted = false;
        }
        Files.deleteIfExists(mountpoint);
    }
}
