package fuse.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A kernel tmpfs mounted for the duration of a test class: the reference file system and passthrough's backing. */
final class Tmpfs implements AutoCloseable {
    private final Path dir;
    private boolean mounted;

    /**
     * Mounts a tmpfs on {@code dir} (an existing empty directory). When mounting is not permitted the directory stays
     * a plain directory of the host file system, which still is a kernel file system to compare with.
     */
    Tmpfs(Path dir) {
        this.dir = dir;
        // size only bounds allocated pages: sparse files of any size fit
        Tools.Result r = Tools.exec(null, Map.of(), 30,
                List.of("mount", "-t", "tmpfs", "-o", "size=4g,mode=0755", "fuse-posix", dir.toString()));
        mounted = r.exit() == 0;
        if (!mounted) {
            System.err.println("fuse.posix: no tmpfs on " + dir + " (" + r.err().strip() + "), using the host file system");
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (mounted) {
            Tools.Result r = Tools.exec(null, Map.of(), 30, List.of("umount", dir.toString()));
            if (r.exit() != 0) {
                Tools.exec(null, Map.of(), 30, List.of("umount", "-l", dir.toString()));
            }
            mounted = false;
        }
    }

    /** Removes a directory tree of the host, whatever its contents (odd names, no permissions). */
    static void removeTree(Path p) {
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Tools.exec(null, Map.of(), 120, List.of("rm", "-rf", "--one-file-system", p.toString()));
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new AssertionError("cannot create a temporary directory", e);
        }
    }
}
