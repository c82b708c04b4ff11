package fuse.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * The kernel's own mirror: {@code mount --bind} of a source directory on a tmpfs. What passthrough must do, a bind
 * mount does by construction, so the mirror checks run on it first.
 */
final class BindMountTarget implements Mirror {
    private final Path base = Tmpfs.tempDir("fuse-posix-bind-");
    private final Tmpfs backing;
    private final Path mountpoint = base.resolve("mnt");
    private boolean bound;

    BindMountTarget() {
        try {
            backing = new Tmpfs(Files.createDirectory(base.resolve("backing")));
            Files.createDirectory(source());
            Files.createDirectory(outside());
            Files.createDirectory(mountpoint);
        } catch (IOException e) {
            close();
            throw new AssertionError("cannot prepare the bind mount", e);
        }
        Tools.Result r = Tools.exec(null, Map.of(), 30, List.of("mount", "--bind", source().toString(), mountpoint.toString()));
        if (r.exit() != 0) {
            close();
            Assumptions.abort("mount --bind is not permitted here: " + r.err().strip());
        }
        bound = true;
    }

    @Override
    public Kind kind() {
        return Kind.KERNEL;
    }

    @Override
    public Path root() {
        return mountpoint;
    }

    @Override
    public Path source() {
        return base.resolve("backing/source");
    }

    @Override
    public Path outside() {
        return base.resolve("backing/outside");
    }

    @Override
    public void close() {
        try {
            if (bound) {
                Tools.Result r = Tools.exec(null, Map.of(), 30, List.of("umount", mountpoint.toString()));
                if (r.exit() != 0) {
                    Tools.exec(null, Map.of(), 30, List.of("umount", "-l", mountpoint.toString()));
                }
                bound = false;
            }
        } finally {
            if (backing != null) {
                backing.close();
            }
            Tmpfs.removeTree(base);
        }
    }

    @Override
    public String toString() {
        return "bind mount of " + source() + " on " + mountpoint;
    }
}
