package fuse.posix;

import java.nio.file.Path;

import fuse.testing.Tmpfs;
import fuse.testing.Trees;

/** The reference: a kernel tmpfs (or, without the right to mount, a plain directory of the host). */
final class KernelTarget implements Target {
    private final Path base = Trees.tempDir("fuse-posix-kernel-");
    private final Tmpfs tmpfs = Tmpfs.mountOrPlain(base, FuseTarget.TMPFS_SIZE);

    @Override
    public Kind kind() {
        return Kind.KERNEL;
    }

    @Override
    public Path root() {
        return base;
    }

    @Override
    public void close() {
        tmpfs.close();
        Trees.remove(base);
    }

    @Override
    public String toString() {
        return "kernel tmpfs at " + base;
    }
}
