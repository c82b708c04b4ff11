package fuse.runtime.jna;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import fuse.testing.Await;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/**
 * What the runtime's mount tests share beyond {@code fuse.testing}: mounting a {@link TestFs} with the runtime
 * itself, and short forms of the commands they run.
 */
final class MountTestSupport {
    private MountTestSupport() {
    }

    static void assumeFuse() {
        Mounts.assumeFuseDevice();
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mount tests run as root");
    }

    static FuseMount mount(TestFs fs, Path dir, Map<String, ?> props) throws IOException {
        assumeFuse();
        Files.createDirectories(dir);
        return FuseMount.mount(fs, dir, props);
    }

    static boolean mounted(Path dir) {
        return Mounts.isMounted(dir.toAbsolutePath());
    }

    /** Waits up to 10 s for {@code condition} (e.g. a request the kernel sends in the background), then asserts it. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    /** Runs a shell command line that must succeed; its output (standard error merged). */
    static String sh(String script) {
        return Cmd.sh(script).mergeStderr().ok();
    }

    /** Runs a python3 snippet that must succeed (the standard library reaches syscalls Java lacks); its output. */
    static String py(String code, Object... args) {
        return Cmd.python(code, args).mergeStderr().ok().trim();
    }
}
