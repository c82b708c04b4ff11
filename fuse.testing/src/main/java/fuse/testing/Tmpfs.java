package fuse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A kernel tmpfs mounted for a test or a test class: a scratch file system of known rules (the kernel reference of
 * the POSIX suite, passthrough's backing store, a place other users may enter). {@link #close()} unmounts it.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;
    private final boolean removeDir;
    private boolean mounted;

    private Tmpfs(Path dir, boolean removeDir) {
        this.dir = dir;
        this.removeDir = removeDir;
    }

    /**
     * Mounts a tmpfs with mode 0755 on {@code dir} (an existing empty directory); fails the test where mounting is
     * not permitted. {@code size} (e.g. {@code 4m}, {@code 4g}) only bounds allocated pages: sparse files of any
     * size fit.
     */
    public static Tmpfs mount(Path dir, String size) {
        Tmpfs t = new Tmpfs(dir, false);
        Cmd.of(command(dir, size)).timeout(30).ok();
        t.mounted = true;
        return t;
    }

    /**
     * Like {@link #mount(Path, String)}, but where mounting is not permitted {@code dir} stays a plain directory of
     * the host's file system (said on stderr), which still is a kernel file system to compare with.
     */
    public static Tmpfs mountOrPlain(Path dir, String size) {
        Tmpfs t = new Tmpfs(dir, false);
        Cmd.Result r = Cmd.of(command(dir, size)).timeout(30).run();
        t.mounted = r.exit() == 0;
        if (!t.mounted) {
            System.err.println("fuse.testing: no tmpfs on " + dir + " (" + r.err().strip()
                    + "), using the host file system");
        }
        return t;
    }

    /**
     * Mounts a tmpfs on a fresh directory under the temporary directory (mode 0755, so other users may enter it);
     * {@link #close()} also removes the directory.
     */
    public static Tmpfs mountTemp(String prefix, String size) {
        Path dir = Trees.tempDir(prefix);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new AssertionError("cannot open " + dir + " to other users", e);
        }
        Tmpfs t = new Tmpfs(dir, true);
        try {
            Cmd.of(command(dir, size)).timeout(30).ok();
        } catch (AssertionError e) {
            t.close();
            throw e;
        }
        t.mounted = true;
        return t;
    }

    private static String[] command(Path dir, String size) {
        return new String[] { "mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "fuse-testing",
                dir.toString() };
    }

    /** The root of the tmpfs (or the plain directory). */
    public Path dir() {
        return dir;
    }

    /** Unmounts (lazily if something is still busy); idempotent. */
    @Override
    public void close() {
        if (mounted) {
            Mounts.unmount(dir);
            mounted = false;
        }
        if (removeDir) {
            Trees.remove(dir);
        }
    }
}
