package fuse.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import fuse.testing.Cmd;
import fuse.testing.Mounts;
import fuse.testing.Tmpfs;
import fuse.testing.Trees;

/**
 * The kernel's own mirror: {@code mount --bind} of a source directory on a tmpfs. What passthrough must do, a bind
 * mount does by construction, so the mirror checks run on it first.
 */
final class BindMountTarget implements Mirror {
    private final Path base = Trees.tempDir("fuse-posix-bind-");
    private final Tmpfs backing;
    private final Path mountpoint = base.resolve("mnt");
    private boolean bound;

    BindMountTarget() {
        try {
            backing = Tmpfs.mountOrPlain(Files.createDirectory(base.resolve("backing")), FuseTarget.TMPFS_SIZE);
            Files.createDirectory(source());
            Files.createDirectory(outside());
            Files.createDirectory(mountpoint);
        } catch (IOException e) {
            close();
            throw new AssertionError("cannot prepare the bind mount", e);
        }
        Cmd.Result r = Cmd.of("mount", "--bind", source().toString(), mountpoint.toString()).timeout(30).run();
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
                Mounts.unmount(mountpoint);
                bound = false;
            }
        } finally {
            if (backing != null) {
                backing.close();
            }
            Trees.remove(base);
        }
    }

    @Override
    public String toString() {
        return "bind mount of " + source() + " on " + mountpoint;
    }
}
