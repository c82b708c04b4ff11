package fuse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Scratch directories of the host's file system for tests that need more than JUnit's {@code @TempDir}. */
public final class Trees {
    private Trees() {
    }

    /** A fresh directory under the temporary directory ({@code /tmp}); fails the test if it cannot be made. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new AssertionError("cannot create a temporary directory", e);
        }
    }

    /**
     * Removes a directory tree whatever its contents (odd names, entries without permissions), staying on its file
     * system: {@code rm -rf --one-file-system} never removes anything below a mount that is still there. A tree it
     * cannot remove entirely is left, said on stderr.
     */
    public static void remove(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Cmd.Result r = Cmd.of("rm", "-rf", "--one-file-system", root.toString()).timeout(120).run();
        if (r.exit() != 0) {
            System.err.println("fuse.testing: could not remove all of " + root + ": " + r.err().strip());
        }
    }
}
