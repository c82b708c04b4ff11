package fuse.driver.memfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
import fuse.testing.Await;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/** memfs on a real mount, driven with java.nio and the shell tools a user would use. */
class MemFsMountTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;
    Path mp;
    MemFs fs;
    FuseMount mount;

    @BeforeEach
    void mount() throws IOException {
        mp = Mounts.mountpoint(tmp.resolve("memfs"));
        fs = new MemFs(MemFsConfig.defaults().withCapacity(256L << 20));
        mount = FuseMount.mount(fs, mp, Map.of(Fuse.DRIVER, "memfs", Fuse.FSNAME, "memfs"));
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            Mounts.closeAndAssertUnmounted(mount, mp);
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    /** Runs a command, returns its stdout+stderr; fails on a non-zero exit unless {@code expectFailure}. */
    private static String run(boolean expectFailure, String... cmd) {
        Cmd c = Cmd.of(cmd).mergeStderr();
        return expectFailure ? c.fails() : c.ok();
    }

    private static String run(String... cmd) {
        return run(false, cmd);
    }

    @Test
    void writeAndReadWithNioAndShellTools() throws Exception {
        Path f = mp.resolve("hello.txt");
        Files.writeString(f, "hello memfs\n");
        assertEquals("hello memfs\n", run("cat", f.toString()));
        run("sh", "-c", "echo appended >> '" + f + "'");
        assertEquals("hello memfs\nappended\n", Files.readString(f));
        assertEquals("21", run("stat", "-c", "%s", f.toString()).trim());
        Files.createDirectories(mp.resolve("a/b/c"));
        run("cp", f.toString(), mp.resolve("a/b/c/copy").toString());
        assertEquals("copy\n", run("ls", mp.resolve("a/b/c").toString()));
        assertEquals("3", run("stat", "-c", "%h", mp.resolve("a").toString()).trim(), "a holds b: 2 + 1");
        run("mv", mp.resolve("a/b/c/copy").toString(), mp.resolve("moved").toString());
        assertEquals(Files.readString(f), Files.readString(mp.resolve("moved")));
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(mp.resolve("a")));
        run("rm", "-r", mp.resolve("a").toString());
        try (Stream<Path> s = Files.list(mp)) {
            assertEquals(List.of("hello.txt", "moved"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void unlinkWhileOpenKeepsTheFileUsable() throws Exception {
        Path f = mp.resolve("f");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("foo".getBytes(StandardCharsets.US_ASCII)));
            Files.delete(f);
            assertFalse(Files.exists(f));
            ch.write(ByteBuffer.wrap("bar".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer back = ByteBuffer.allocate(10);
            ch.read(back, 0);
            assertEquals("foobar", new String(back.array(), 0, back.position(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fiveGibSparseFileCostsAlmostNoMemory() throws Exception {
        Path f = mp.resolve("sparse");
        long size = 5L << 30;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { 'x' }), size - 1);
        }
        assertEquals(size, Files.size(f));
        assertTrue(fs.usedBytes() <= 64 * 1024, "used " + fs.usedBytes());
        String df = run("stat", "-f", "-c", "%b %f %S", mp.toString()).trim();
        String[] parts = df.split(" ");
        long blocks = Long.parseLong(parts[0]);
        long free = Long.parseLong(parts[1]);
        assertEquals((256L << 20) / 4096, blocks);
        assertTrue(blocks - free <= 16, "statfs shows almost nothing used: " + df);
        // read across the hole and the data at its end
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            ch.read(b, size - 4096);
            assertEquals('x', b.get(4095));
            assertEquals(0, b.get(0));
        }
        long duKib = Long.parseLong(run("sh", "-c", "du -k '" + f + "' | cut -f1").trim());
        assertTrue(duKib <= 64, "du counts allocated blocks only: " + duKib + " KiB");
    }

    @Test
    void names255BytesWorkAnd256AreTooLong() throws Exception {
        Path ok = mp.resolve("n".repeat(255));
        Files.writeString(ok, "x");
        assertEquals("x", Files.readString(ok));
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> Files.writeString(mp.resolve("n".repeat(256)), "x"));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        String out = run(true, "touch", mp.resolve("m".repeat(256)).toString());
        assertTrue(out.contains("File name too long"), out);
    }

    @Test
    void nonUtf8NamesRoundTrip() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is required");
        String script = "import os,sys\n"
                + "d=sys.argv[1].encode()\n"
                + "n=b'\\xff\\xfe-\\x80name'\n"
                + "open(os.path.join(d,n),'wb').write(b'payload')\n"
                + "assert os.listdir(d)==[n], os.listdir(d)\n"
                + "assert open(os.path.join(d,n),'rb').read()==b'payload'\n"
                + "os.rename(os.path.join(d,n), os.path.join(d,n+b'\\xc3'))\n"
                + "assert os.listdir(d)==[n+b'\\xc3'], os.listdir(d)\n"
                + "print('ok')\n";
        assertEquals("ok\n", run("python3", "-c", script, mp.toString()));
    }

    @Test
    void posixErrorsReachTheCaller() throws Exception {
        Files.createDirectory(mp.resolve("d"));
        Files.writeString(mp.resolve("d/f"), "x");
        String out = run(true, "rmdir", mp.resolve("d").toString());
        assertTrue(out.contains("not empty"), out);
        out = run(true, "mv", mp.resolve("d").toString(), mp.resolve("d/sub").toString());
        assertTrue(out.contains("cannot move"), out);
        assertThrows(NoSuchFileException.class, () -> Files.readString(mp.resolve("missing")));
    }

    @Test
    void hardLinksSymlinksFifosAndXattrs() throws Exception {
        Path f = mp.resolve("f");
        Files.writeString(f, "data");
        run("ln", f.toString(), mp.resolve("g").toString());
        assertEquals("2", run("stat", "-c", "%h", f.toString()).trim());
        assertEquals(run("stat", "-c", "%i", f.toString()), run("stat", "-c", "%i", mp.resolve("g").toString()));
        run("ln", "-s", "f", mp.resolve("l").toString());
        assertEquals("f\n", run("readlink", mp.resolve("l").toString()));
        assertEquals("data", Files.readString(mp.resolve("l")));
        run("mkfifo", mp.resolve("p").toString());
        assertEquals("fifo\n", run("stat", "-c", "%F", mp.resolve("p").toString()));
        if (Files.isExecutable(Path.of("/usr/bin/setfattr"))) {
            run("setfattr", "-n", "user.color", "-v", "blue", f.toString());
            assertTrue(run("getfattr", "-n", "user.color", f.toString()).contains("user.color=\"blue\""));
        } else {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")));
            assertEquals("b'blue'\n", run("python3", "-c",
                    "import os,sys;os.setxattr(sys.argv[1],'user.color',b'blue');"
                            + "print(os.getxattr(sys.argv[1],'user.color'))", f.toString()));
        }
    }

    @Test
    void sparseFilesSeekAndCopy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is required");
        String script = "import os,sys\n"
                + "p=os.path.join(sys.argv[1],'s')\n"
                + "fd=os.open(p,os.O_CREAT|os.O_RDWR)\n"
                + "os.pwrite(fd,b'abc',1<<20)\n"
                + "os.truncate(fd,4<<20)\n"
                + "assert os.lseek(fd,0,os.SEEK_DATA)==1<<20\n"
                + "assert os.lseek(fd,0,os.SEEK_HOLE)==0\n"
                + "assert os.lseek(fd,1<<20,os.SEEK_HOLE)>(1<<20)\n"
                + "q=os.open(os.path.join(sys.argv[1],'t'),os.O_CREAT|os.O_RDWR)\n"
                + "n=os.copy_file_range(fd,q,4<<20,0,0)\n"
                + "assert n==4<<20,n\n"
                + "assert os.pread(q,3,1<<20)==b'abc'\n"
                + "os.posix_fallocate(q,0,8<<20)\n"
                + "assert os.fstat(q).st_size==8<<20\n"
                + "print('ok')\n";
        assertEquals("ok\n", run("python3", "-c", script, mp.toString()));
    }

    @Test
    void manyEntriesListCompletely() throws Exception {
        Path d = Files.createDirectory(mp.resolve("many"));
        int n = 5000;
        for (int i = 0; i < n; i++) {
            Files.createFile(d.resolve("e" + i));
        }
        assertEquals(String.valueOf(n), run("sh", "-c", "ls -f '" + d + "' | grep -c '^e'").trim());
        byte[] content = "same".getBytes(StandardCharsets.US_ASCII);
        Files.write(d.resolve("e0"), content);
        assertArrayEquals(content, Files.readAllBytes(d.resolve("e0")));
    }

    @Test
    void umaskAndOwnerOfTheCallerApply() throws Exception {
        Path f = mp.resolve("private");
        run("sh", "-c", "umask 077 && echo x > '" + f + "' && mkdir '" + mp.resolve("pd") + "'");
        assertEquals("600 0 0", run("stat", "-c", "%a %u %g", f.toString()).trim());
        assertEquals("700", run("stat", "-c", "%a", mp.resolve("pd").toString()).trim());
        run("chown", "1234:5678", f.toString());
        run("chmod", "4755", f.toString());
        assertEquals("4755 1234 5678", run("stat", "-c", "%a %u %g", f.toString()).trim());
        // default_permissions: the kernel checks mode bits against the caller
        if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
            run("chmod", "0600", f.toString());
            run("chmod", "0755", mp.toString());
            String out = run(true, "runuser", "-u", "nobody", "--", "cat", f.toString());
            assertTrue(out.contains("Permission denied"), out);
        }
    }

    @Test
    void largeSequentialWriteAndReadBack() throws Exception {
        Path f = mp.resolve("big");
        run("dd", "if=/dev/urandom", "of=" + tmp.resolve("src"), "bs=1M", "count=64", "status=none");
        run("dd", "if=" + tmp.resolve("src"), "of=" + f, "bs=1M", "status=none");
        run("cmp", tmp.resolve("src").toString(), f.toString());
        assertTrue(fs.usedBytes() >= 64L << 20 && fs.usedBytes() <= (64L << 20) + (1 << 20), "" + fs.usedBytes());
        run("truncate", "-s", "1M", f.toString());
        assertTrue(fs.usedBytes() <= (1 << 20) + (1 << 16), "truncate frees: " + fs.usedBytes());
        Files.delete(f);
        // the kernel sends FORGET for the unlinked inode from its own queue, after unlink returned
        Await.until(Duration.ofSeconds(30), () -> fs.usedBytes() == 0);
        assertEquals(0, fs.usedBytes(), "freed after unlink and forget");
    }

    @Test
    void extendedAttributesAsLargeAndAsManyAsTmpfsTakes() throws Exception {
        // tmpfs takes values up to the VFS's 64 KiB limit and attributes until its space runs out; so does memfs,
        // until its capacity does
        Path f = mp.resolve("f");
        Files.writeString(f, "x");
        String out = run(Cmd.PYTHON, "-c", "import os,sys\n"
                + "f=sys.argv[1]\n"
                + "big=bytes(range(256))*256\n"
                + "os.setxattr(f,'user.big',big)\n"
                + "assert os.getxattr(f,'user.big')==big\n"
                + "for i in range(1000): os.setxattr(f,'user.a%d'%i,b'%d'%i*10)\n"
                + "assert all(os.getxattr(f,'user.a%d'%i)==b'%d'%i*10 for i in range(1000))\n"
                + "for i in range(100): os.setxattr(f,'user.v%d'%i,big)\n"
                + "print(len(os.listxattr(f)))", f.toString());
        assertEquals("1101", out.trim());
        assertTrue(fs.usedBytes() > 100L * 65536, "charged to the capacity: " + fs.usedBytes());
    }

    @Test
    void gitWorksOnTheMount() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "git is required");
        Path repo = Files.createDirectory(mp.resolve("repo"));
        Files.writeString(repo.resolve("README"), "hello\n");
        String git = "git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main ";
        run("sh", "-c", "cd '" + repo + "' && " + git + "init -q && " + git + "add README && " + git
                + "commit -q -m first && echo more >> README && " + git + "commit -qam second && " + git
                + "status --porcelain && " + git + "log --oneline | wc -l && " + git + "fsck --no-progress");
        assertEquals("2", run("sh", "-c", "cd '" + repo + "' && git log --oneline | wc -l").trim());
    }

    @Test
    void parallelWorkersOnSharedDirectoriesSeeTheirOwnData() throws Exception {
        Path a = Files.createDirectory(mp.resolve("a"));
        Path b = Files.createDirectory(mp.resolve("b"));
        int workers = 8;
        int rounds = 200;
        List<java.util.concurrent.Future<?>> results = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers + 1);
        try {
            for (int w = 0; w < workers; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        byte[] data = ("worker " + id + " round " + r).repeat(100 + r)
                                .getBytes(StandardCharsets.US_ASCII);
                        Path f = a.resolve("w" + id + "-" + r);
                        Files.write(f, data);
                        Path moved = b.resolve("w" + id + "-" + r);
                        Files.move(f, moved);
                        assertArrayEquals(data, Files.readAllBytes(moved));
                        if (r % 2 == 0) {
                            Files.delete(moved);
                        }
                    }
                    return null;
                }));
            }
            results.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    try (Stream<Path> s = Files.list(b)) {
                        assertTrue(s.count() >= 0);
                    }
                }
                return null;
            }));
            for (java.util.concurrent.Future<?> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.list(b)) {
            assertEquals(workers * rounds / 2, s.count());
        }
        try (Stream<Path> s = Files.list(a)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void sqliteTransactionsWork() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sqlite3")), "sqlite3 is required");
        Path db = mp.resolve("test.db");
        run("sqlite3", db.toString(), "create table t(x integer); begin; insert into t values(1); insert into t "
                + "values(2); commit; begin; insert into t values(100); rollback;");
        assertEquals("3\n", run("sqlite3", db.toString(), "select sum(x) from t;"));
        run("sqlite3", db.toString(), "pragma journal_mode=wal; insert into t values(4); pragma integrity_check;");
        assertEquals("7\n", run("sqlite3", db.toString(), "select sum(x) from t;"));
    }
}
