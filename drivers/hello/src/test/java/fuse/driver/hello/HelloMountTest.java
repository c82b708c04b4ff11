package fuse.driver.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;

/** pyfuse3's {@code test_hello}, against a real mount: java.nio and the shell tools see what hello.py shows. */
class HelloMountTest {
    @TempDir
    Path tmp;
    Path mp;
    FuseMount mount;

    @BeforeEach
    void mount() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is required");
        mp = Files.createDirectory(tmp.resolve("hello"));
        mount = FuseMount.mount(new HelloFs(), mp, Map.of(Fuse.DRIVER, "hello", Fuse.FSNAME, "hello"));
    }

    @AfterEach
    void unmount() throws IOException {
        if (mount != null) {
            mount.close();
            assertFalse(Files.readString(Path.of("/proc/mounts")).contains(mp.toString()), "unmounted");
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void listsOneFileNamedMessage() throws IOException {
        try (Stream<Path> s = Files.list(mp)) {
            assertEquals(List.of("message"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void messageSaysHelloWorld() throws IOException {
        assertEquals("hello world\n", Files.readString(mp.resolve("message")));
        assertEquals(12, Files.size(mp.resolve("message")));
    }

    @Test
    void writingGivesEaccesAndMissingNamesGiveEnoent() {
        assertThrows(AccessDeniedException.class,
                () -> Files.newOutputStream(mp.resolve("message"), StandardOpenOption.WRITE).close());
        assertThrows(NoSuchFileException.class,
                () -> Files.newOutputStream(mp.resolve("missing"), StandardOpenOption.WRITE).close());
    }

    @Test
    void shellToolsAgree() throws Exception {
        assertEquals("hello world\n", run("cat", mp + "/message"));
        assertEquals("message\n", run("ls", mp.toString()));
        assertEquals("regular file 12 644\n", run("stat", "-c", "%F %s %a", mp + "/message"));
        assertEquals("directory 755\n", run("stat", "-c", "%F %a", mp.toString()));
    }

    @Test
    void mountTableShowsTheFsName() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.contains(" " + mp + " "))
                .findFirst().orElseThrow();
        assertTrue(line.startsWith("hello " + mp + " fuse.osgi.hello "), line);
        assertTrue(line.contains("default_permissions"), line);
    }
}
