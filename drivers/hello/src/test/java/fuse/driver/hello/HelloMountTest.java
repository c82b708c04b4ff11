package fuse.driver.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/** pyfuse3's {@code test_hello}, against a real mount: java.nio and the shell tools see what hello.py shows. */
class HelloMountTest {
    @TempDir
    Path tmp;
    Path mp;
    FuseMount mount;

    @BeforeEach
    void mount() throws IOException {
        mp = Mounts.mountpoint(tmp.resolve("hello"));
        mount = FuseMount.mount(new HelloFs(), mp, Map.of(Fuse.DRIVER, "hello", Fuse.FSNAME, "hello"));
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.closeAndAssertUnmounted(mount, mp);
    }

    private static String run(String... cmd) {
        return Cmd.of(cmd).mergeStderr().timeout(30).ok();
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
    void mountTableShowsTheFsName() {
        Mounts.Mount m = Mounts.at(mp);
        assertEquals(new Mounts.Mount(mp, "fuse.osgi.hello", "hello"), m);
        assertTrue(Mounts.superOptions(mp).contains("default_permissions"), String.valueOf(Mounts.superOptions(mp)));
    }
}
