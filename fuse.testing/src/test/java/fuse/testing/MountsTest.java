package fuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mount table as the tests read it, and the clean-up they rely on, on real tmpfs mounts. */
class MountsTest {
    private Path base;

    @BeforeEach
    void scratch() {
        base = Trees.tempDir("fuse-testing-mounts-");
    }

    @AfterEach
    void cleanUp() {
        Mounts.unmountAllUnder(base);
        Trees.remove(base);
        assertFalse(Files.exists(base), "the scratch tree is gone");
    }

    @Test
    @SuppressWarnings("try") // the resources are held open for what they do to the mount table
    void aMountPointWithBlanksTabsAndBackslashesIsFoundWithItsType() throws Exception {
        Path odd = Files.createDirectory(base.resolve("a b\tc\\d"));
        assertNull(Mounts.at(odd));
        try (Tmpfs t = Tmpfs.mount(odd, "1m")) {
            assertEquals(new Mounts.Mount(odd, "tmpfs", "fuse-testing"), Mounts.at(odd));
            assertTrue(Mounts.isMounted(odd) && Mounts.anyUnder(base) && !Mounts.isOsgiFuseMount(odd));
            assertTrue(Mounts.superOptions(odd).contains("mode=755"), String.valueOf(Mounts.superOptions(odd)));
        }
        assertFalse(Mounts.isMounted(odd), "Tmpfs.close unmounted it");
        assertFalse(Mounts.anyUnder(base));
    }

    @Test
    @SuppressWarnings("try") // the resources are held open for what they do to the mount table
    void theTopmostOfStackedMountsIsTheOneSeen() {
        Path dir = base.resolve("stacked");
        try (Tmpfs lower = Tmpfs.mount(createDirectory(dir), "1m"); Tmpfs upper = Tmpfs.mount(dir, "2m")) {
            assertTrue(Mounts.superOptions(dir).contains("size=2048k"), String.valueOf(Mounts.superOptions(dir)));
            assertEquals(2, Mounts.all().stream().filter(m -> m.mountpoint().equals(dir)).count());
        }
        assertFalse(Mounts.isMounted(dir));
    }

    @Test
    @SuppressWarnings("try") // the resources are held open for what they do to the mount table
    void whatATestLeftMountedAndBusyIsTakenDownDeepestFirst() throws Exception {
        Path outer = createDirectory(base.resolve("outer"));
        Tmpfs.mount(outer, "1m");
        Path inner = createDirectory(outer.resolve("inner"));
        Tmpfs.mount(inner, "1m");
        try (FileChannel busy = FileChannel.open(inner.resolve("open"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Mounts.unmountAllUnder(base);
            assertFalse(Mounts.anyUnder(base), "nothing mounted under " + base + ": " + Mounts.all());
        }
    }

    @Test
    void theEndOfATestsMountClosesItAndFailsWhenSomethingIsStillMountedThere() throws Exception {
        Path dir = createDirectory(base.resolve("mnt"));
        Mounts.closeAndAssertUnmounted(Tmpfs.mount(dir, "1m"), dir);
        assertFalse(Mounts.isMounted(dir), "closed");
        Tmpfs left = Tmpfs.mount(dir, "1m");
        try {
            AutoCloseable closesNothing = () -> { };
            AssertionError e = assertThrows(AssertionError.class,
                    () -> Mounts.closeAndAssertUnmounted(closesNothing, dir));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("tmpfs"), e.getMessage());
        } finally {
            left.close();
        }
        Mounts.closeAndAssertUnmounted(null, dir); // a mount that failed or was skipped: nothing to close
        Mounts.closeAndAssertUnmounted(null, null);
    }

    private static Path createDirectory(Path dir) {
        try {
            return Files.createDirectory(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
