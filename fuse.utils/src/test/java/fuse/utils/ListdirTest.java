package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Errno;
import fuse.testing.Cmd;
import fuse.testing.Trees;

class ListdirTest {
    @TempDir
    Path dir;

    /** A directory other users can enter (a @TempDir is private to root); removed after each test. */
    private Path shared;

    @AfterEach
    void removeShared() throws IOException {
        Trees.remove(shared);
    }

    private static List<String> filesList(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    @Test
    void namesEqualFilesListAndExcludeDotEntries() throws Exception {
        for (String name : List.of("plain", ".hidden", "with space", "ünïcødé", "日本語", "a\tb", "-dash")) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Cmd.python("import os,sys; os.mkfifo(sys.argv[1])", dir.resolve("fifo")).ok();

        List<String> names = FuseUtils.listdir(dir);

        assertEquals(filesList(dir), sorted(names));
        assertEquals(10, names.size());
        assertTrue(!names.contains(".") && !names.contains(".."), names.toString());
    }

    @Test
    void emptyDirectoryIsEmpty() throws Exception {
        assertEquals(List.of(), FuseUtils.listdir(dir));
        assertEquals(List.of(), FuseUtils.listdirBytes(dir));
    }

    @Test
    void directoryLargerThanOneKernelBufferListsCompletely() throws Exception {
        // 3000 names of ~200 bytes are ~650 KiB of dirents: many getdents64 calls
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String name = String.format("%05d-", i) + "x".repeat(194);
            Files.createFile(dir.resolve(name));
            created.add(name);
        }
        List<String> names = FuseUtils.listdir(dir);
        assertEquals(3000, names.size());
        assertEquals(created, sorted(names));
        assertEquals(filesList(dir), sorted(names));
    }

    @Test
    void followsASymbolicLinkToADirectory() throws Exception {
        Files.createDirectory(dir.resolve("target"));
        Files.createFile(dir.resolve("target").resolve("inside"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        assertEquals(List.of("inside"), FuseUtils.listdir(dir.resolve("link")));
    }

    @Test
    void missingPathIsEnoent() {
        Path missing = dir.resolve("missing");
        ErrnoException e = assertThrows(ErrnoException.class, () -> FuseUtils.listdir(missing));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(missing, e.path());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("ENOENT"),
                e.getMessage());
        assertEquals(Errno.ENOENT,
                assertThrows(ErrnoException.class, () -> FuseUtils.listdirBytes(missing)).errno());
    }

    @Test
    void fileIsEnotdir() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        ErrnoException e = assertThrows(ErrnoException.class, () -> FuseUtils.listdir(file));
        assertEquals(Errno.ENOTDIR, e.errno());
        assertTrue(e.getMessage().contains("ENOTDIR") && e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(Errno.ENOTDIR, assertThrows(ErrnoException.class,
                () -> FuseUtils.listdir(file.resolve("below"))).errno());
    }

    @Test
    void unreadableDirectoryIsEaccesForAnotherUser() throws Exception {
        shared = Files.createTempDirectory(Path.of("/tmp"), "fuse-utils-eacces");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path classpath = Commands.worldReadableClasspath(shared.resolve("cp"));
        Path jnaTmp = Files.createDirectory(classpath.resolve("jna-tmp"));
        Files.setPosixFilePermissions(jnaTmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path closed = Files.createDirectory(shared.resolve("closed"));
        Files.createFile(closed.resolve("secret"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path open = Files.createDirectory(shared.resolve("open"));
        Files.createFile(open.resolve("public"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> java = new ArrayList<>(Cmd.asUser(65534, 65534));
        java.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djna.tmpdir=" + jnaTmp,
                "-cp", Commands.classpathOf(classpath), ChildProbe.class.getName(), "listdir"));

        List<String> onOpen = new ArrayList<>(java);
        onOpen.add(open.toString());
        assertEquals("OK 1", Cmd.of(onOpen).ok().strip(), "the child can list what it may read");

        List<String> onClosed = new ArrayList<>(java);
        onClosed.add(closed.toString());
        String answer = Cmd.of(onClosed).ok().strip();
        assertTrue(answer.startsWith("ERR EACCES ") && answer.contains(closed.toString()), answer);
    }

    @Test
    void byteVariantReturnsNamesThatAreNotUtf8Exactly() throws Exception {
        // python creates the names from bytes, then lists them independently as hex
        String script = """
                import os, sys
                d = os.fsencode(sys.argv[1])
                for name in (b'caf\\xe9', b'\\xff\\xfe-latin', b'ok', b'half-\\xe6\\x97'):
                    open(os.path.join(d, name), 'wb').close()
                print(' '.join(sorted(n.hex() for n in os.listdir(d))))
                """;
        String fromPython = Cmd.python(script, dir).ok().strip();

        List<byte[]> names = FuseUtils.listdirBytes(dir);

        String fromJava = String.join(" ", names.stream().map(HexFormat.of()::formatHex).sorted().toList());
        assertEquals(fromPython, fromJava);
        assertTrue(names.stream().anyMatch(n -> HexFormat.of().formatHex(n).equals("636166e9")), fromJava);

        // the String variant refuses rather than mangles, and says which bytes and where
        ErrnoException e = assertThrows(ErrnoException.class, () -> FuseUtils.listdir(dir));
        assertEquals(Errno.EILSEQ, e.errno());
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("listdirBytes"),
                e.getMessage());
    }

    @Test
    void validNamesDecodeToTheSameStringsAsTheByteVariant() throws Exception {
        for (String name : List.of("ascii", "ünïcødé", "日本語")) {
            Files.createFile(dir.resolve(name));
        }
        List<String> decoded = FuseUtils.listdirBytes(dir).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
        assertEquals(decoded, sorted(FuseUtils.listdir(dir)));
    }
}
