package fuse.driver.sqlfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Await;
import fuse.testing.Cleanup;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/** sqlfs on its embedded default (H2) on real mounts, driven with java.nio and shell tools. */
class SqlFsMountTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    Path db;
    /** Everything mounted by a test, unmounted (and closed) in reverse order whatever happened. */
    @RegisterExtension
    final Cleanup open = new Cleanup();

    @BeforeEach
    void requireFuse() {
        Mounts.assumeFuseDevice();
        db = tmp.resolve("db").resolve("fs");
    }

    /** A new SqlFs on {@code database}, mounted on a fresh directory; both closed after the test. */
    private Mounted mount(Path database, String dir) throws IOException {
        SqlFs fs = new SqlFs(SqlFsConfig.embedded(database));
        open.add(fs);
        Path mp = Files.createDirectories(tmp.resolve(dir));
        FuseMount m = FuseMount.mount(fs, mp, Map.of(Fuse.DRIVER, "sqlfs", Fuse.FSNAME, "sqlfs-test"));
        Mounted result = new Mounted(fs, m, mp);
        open.add(result);
        return result;
    }

    /** Free bytes statfs shows on {@code mp}. */
    private static long unallocated(Path mp) {
        try {
            return Files.getFileStore(mp).getUnallocatedSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Mounted(SqlFs fs, FuseMount mount, Path root) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            mount.close();
            assertFalse(Mounts.isMounted(root), "unmounted " + root);
        }
    }

    private static String run(String... cmd) {
        return Cmd.of(cmd).mergeStderr().ok();
    }

    @Test
    void filesDirectoriesAndShellToolsWork() throws Exception {
        Path mp = mount(db, "mnt").root();
        Path f = mp.resolve("hello.txt");
        Files.writeString(f, "hello sqlfs\n");
        assertEquals("hello sqlfs\n", run("cat", f.toString()));
        run("sh", "-c", "echo appended >> '" + f + "'");
        assertEquals("hello sqlfs\nappended\n", Files.readString(f));
        Files.createDirectories(mp.resolve("a/b/c"));
        run("cp", f.toString(), mp.resolve("a/b/c/copy").toString());
        run("mv", mp.resolve("a/b/c/copy").toString(), mp.resolve("a/moved").toString());
        assertEquals("b\nmoved\n", run("ls", mp.resolve("a").toString()));
        byte[] big = new byte[3 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(big);
        Files.write(mp.resolve("a/big.bin"), big);
        assertArrayEquals(big, Files.readAllBytes(mp.resolve("a/big.bin")), "3 MiB over many chunks, byte for byte");
        run("rm", "-r", mp.resolve("a").toString());
        assertFalse(Files.exists(mp.resolve("a")));
    }

    @Test
    void dfFollowsThisHostsOwnWritesAndDeletesAtOnce() throws Exception {
        Path mp = mount(db, "mnt").root();
        long before = Files.getFileStore(mp).getUnallocatedSpace(); // (statfs: sqlfs now holds the usage a while)
        Files.write(mp.resolve("big"), new byte[4 << 20]);
        long written = Files.getFileStore(mp).getUnallocatedSpace();
        assertTrue(before - written >= 4 << 20, "4 MiB written show as used right away: " + (before - written));
        Files.delete(mp.resolve("big"));
        // the rows go when the kernel's FORGET for the unlinked inode arrives, after unlink returned
        Await.until(Duration.ofSeconds(30), () -> unallocated(mp) >= before);
        assertEquals(before, unallocated(mp), "and free again once deleted");
    }

    @Test
    void everyFileAndAttributeSurvivesARemountOfTheDatabase() throws Exception {
        Mounted first = mount(db, "first");
        Path mp = first.root();
        Path dir = Files.createDirectory(mp.resolve("dir"));
        Path file = dir.resolve("data.bin");
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        FileTime mtime = FileTime.fromMillis(1_500_000_000_123L);
        Files.setLastModifiedTime(file, mtime);
        Files.createSymbolicLink(mp.resolve("link"), Path.of("dir/data.bin"));
        Files.createLink(mp.resolve("hard"), file);
        run("setfattr", "-n", "user.colour", "-v", "blue", file.toString());
        run("mkfifo", mp.resolve("fifo").toString());
        String before = run("stat", "-c", "%n %s %a %h %u %g %Y %F", file.toString(), mp.resolve("link").toString(),
                mp.resolve("fifo").toString(), dir.toString());
        // the database is closed with the mount: a new instance on the same file sees everything
        open.closeNow(first);
        open.closeNow(first.fs());

        Path again = mount(db, "first").root();
        String after = run("stat", "-c", "%n %s %a %h %u %g %Y %F", file.toString(), again.resolve("link").toString(),
                again.resolve("fifo").toString(), again.resolve("dir").toString());
        assertEquals(before, after, "stat of every node after the remount");
        assertArrayEquals(content, Files.readAllBytes(again.resolve("hard")));
        assertEquals(Path.of("dir/data.bin"), Files.readSymbolicLink(again.resolve("link")));
        assertEquals("blue",
                run("getfattr", "--absolute-names", "--only-values", "-n", "user.colour", file.toString()));
        assertEquals(mtime, Files.getLastModifiedTime(file));
    }

    @Test
    void anUnlinkedFileStaysReadableWhileOpenAndItsRowsGoWhenClosed() throws Exception {
        Mounted m = mount(db, "mnt");
        long baseline = m.fs().inodeRows();
        Path f = m.root().resolve("doomed");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[150_000]), 0);
            ch.write(ByteBuffer.wrap("still here".getBytes(StandardCharsets.UTF_8)), 150_000);
            Files.delete(f);
            assertThrows(NoSuchFileException.class, () -> Files.size(f));
            ByteBuffer b = ByteBuffer.allocate(10);
            ch.read(b, 150_000);
            assertEquals("still here", new String(b.array(), StandardCharsets.UTF_8));
            assertEquals(baseline + 1, m.fs().inodeRows(), "the open, unlinked inode keeps its row");
        }
        // release and forget arrive asynchronously: wait (boundedly) for the rows to go
        Await.until(Duration.ofSeconds(5), () -> m.fs().inodeRows() == baseline && m.fs().chunkRows() == 0);
        assertEquals(baseline, m.fs().inodeRows(), "inode row deleted once closed and forgotten");
        assertEquals(0, m.fs().chunkRows(), "and its chunks");
    }

    @Test
    void anUnreachableDatabaseGivesEioWithALogLineAndTheMountRecoversWhenItIsBack() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where the database's directory should be");
        Path database = blocker.resolve("fs");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // sqlfs logs through System.Logger, which writes to java.util.logging by default (ERROR as SEVERE)
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("fuse.driver.sqlfs");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                log.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        open.add(() -> logger.removeHandler(handler));
        SqlFs fs = new SqlFs(SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, database.toString(),
                "database.timeout", "1")));
        open.add(fs);
        Path mp = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = FuseMount.mount(fs, mp, Map.of(Fuse.DRIVER, "sqlfs", Fuse.FSNAME, "sqlfs-test"));
        open.add(new Mounted(fs, m, mp));

        FileSystemException e = assertThrows(FileSystemException.class,
                () -> Files.writeString(mp.resolve("x"), "x"));
        assertTrue(String.valueOf(e.getReason()).contains("Input/output error"), e.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("SEVERE") && l.contains("unreachable")
                && l.contains(database.toString())), "a log line names the database: " + log);
        assertTrue(Mounts.isMounted(mp), "the mount stays");

        // the database comes back (its directory can be made): the same mount works
        Files.delete(blocker);
        Files.createDirectory(blocker);
        String[] read = new String[1];
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                Files.writeString(mp.resolve("x"), "back");
                read[0] = Files.readString(mp.resolve("x"));
                return true;
            } catch (FileSystemException again) {
                return false;
            } catch (IOException other) {
                throw new UncheckedIOException(other);
            }
        });
        assertEquals("back", read[0]);
        assertTrue(log.stream().anyMatch(l -> l.contains("reachable again")), String.valueOf(log));
    }
}
