package fuse.runtime.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/** Creates and always removes mounts for tests. */
final class MountTestSupport {
    private MountTestSupport() {
    }

    static void assumeFuse() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is required");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mount tests run as root");
    }

    static FuseMount mount(TestFs fs, Path dir, Map<String, ?> props) throws IOException {
        assumeFuse();
        Files.createDirectories(dir);
        return FuseMount.mount(fs, dir, props);
    }

    static boolean mounted(Path dir) {
        return StaleMounts.isFuseMount(dir.toAbsolutePath());
    }

    /** Waits up to 10 s for {@code condition} (e.g. a request the kernel sends in the background), then asserts it. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        org.junit.jupiter.api.Assertions.assertTrue(condition.getAsBoolean(), what + " (waited 10 s)");
    }
}
