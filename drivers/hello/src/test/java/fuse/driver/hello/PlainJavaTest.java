package fuse.driver.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.testing.Await;
import fuse.testing.Mounts;

/**
 * osgi-fuse as a plain Java library: {@link HelloMain} runs in a JVM of its own whose class path holds only the
 * runtime, fuse.api, fuse.utils, JNA and hello — no OSGi framework — mounts hello, serves {@code cat}, and unmounts
 * when it is told to stop (SIGTERM).
 */
class PlainJavaTest {
    @TempDir
    Path tmp;

    /** The jars and class directories a user would put on the class path, taken from this test's class path. */
    private static String plainClassPath() {
        String[] wanted = { "fuse.api", "fuse.utils", "fuse.runtime.jna", "jna-", "/hello/target/classes",
                "/hello/target/test-classes" };
        List<String> entries = Stream.of(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(e -> Stream.of(wanted).anyMatch(e::contains)).toList();
        assertEquals(wanted.length, entries.size(), "one class path entry for each of the user's jars: " + entries);
        assertTrue(entries.stream().noneMatch(e -> e.contains("felix") || e.contains("osgi.core")), entries.toString());
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void aPlainJavaProgramMountsHelloServesItAndUnmountsWhenStopped() throws Exception {
        Mounts.assumeFuseDevice();
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", plainClassPath(),
                HelloMain.class.getName(), mp.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertEquals("mounted hello on " + mp + "; Ctrl-C unmounts", first, "the program's first line");
            assertTrue(Mounts.isMounted(mp), "mounted while the program runs");
            assertEquals("hello world\n", Files.readString(mp.resolve("message")));
            p.destroy(); // SIGTERM: the shutdown hook unmounts
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the program ended after SIGTERM");
            Await.until("the mount is gone", Duration.ofSeconds(10), () -> !Mounts.isMounted(mp));
            assertFalse(Files.exists(mp.resolve("message")), "nothing is served there any more");
        } finally {
            p.destroyForcibly();
            if (Mounts.isMounted(mp)) {
                Mounts.unmount(mp);
            }
        }
    }
}
