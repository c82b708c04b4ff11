package fuse.posix;

import java.nio.file.Path;

/** The reference: a kernel tmpfs (or, without the right to mount, a plain directory of the host). */
final class KernelTarget implements Target {
    private final Path base = Tmpfs.tempDir("fuse-posix-kernel-");
    private final Tmpfs tmpfs = new Tmpfs(base);

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
        Tmpfs.removeTree(base);
    }

    @Override
    public String toString() {
        return "kernel tmpfs at " + base;
    }
}
