package fuse.host.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fuse.testing.Await;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/**
 * sqlfs in the exported host jar: the embedded default across a restart, and one PostgreSQL file system mounted by
 * two host processes at once (a PostgreSQL 15 server of its own on a loopback port, see {@link Postgres}).
 * Everything a test starts (hosts, mounts) is stopped after it by {@link HostRuns}, the server in {@code @AfterAll},
 * also when a test fails.
 */
class SqlFsHostTest {
    /** Bound of every "the other host sees it" poll; far below the entry/attribute timeout the mounts use (300 s). */
    private static final long VISIBLE_WITHIN_MS = 20_000;
    /** Bound for one file call while the database is down: a call that takes longer has hung. */
    private static final long CALL_BOUND_S = 60;

    static Postgres pg;

    @RegisterExtension
    final HostRuns runs = new HostRuns();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    private HostProcess startHost(String name) throws IOException {
        return runs.start(runs.dir().resolve(name));
    }

    /** A fresh database for this test on the shared server. */
    private String database() throws Exception {
        String db = "t_" + runs.testName().toLowerCase().replaceAll("[^a-z0-9]", "");
        pg.createDatabase(db);
        return db;
    }

    /**
     * Starts a host and mounts the PostgreSQL file system {@code db} on {@code <host>/shared} with
     * {@code fuse:mount} (a configuration in the framework storage, so it survives a restart); waits until it is
     * mounted and returns the mount point. (etc/ files work as well since the host stopped FileInstall writing them
     * back, see osgi-fuse.bndrun; HostTest covers them.)
     */
    private Path startSharedHost(String name, String db) throws IOException {
        HostProcess h = startHost(name);
        Path mp = Files.createDirectories(h.path("shared"));
        // long caching (timeout=300): only the change notifications can make another host's change visible in time
        String out = h.commandWhenReady("fuse:mount sqlfs " + mp + " database=" + pg.url(db)
                + " database.user=postgres timeout=300");
        assertTrue(out.contains("configured sqlfs on " + mp), out);
        h.awaitOutput("mounted sqlfs on " + mp);
        return mp;
    }

    /** The host started last with {@code name}. */
    private HostProcess host(String name) {
        return runs.hosts().reversed().stream().filter(h -> h.dir().getFileName().toString().equals(name)).findFirst()
                .orElseThrow();
    }

    // ----- embedded default ----------------------------------------------------------------------------------

    @Test
    void theEmbeddedDefaultMountsOnAFreshHostAndKeepsEverythingAcrossARestart() throws Exception {
        HostProcess first = startHost("h");
        Path mp = Files.createDirectories(first.path("files"));
        String out = first.commandWhenReady("fuse:mount sqlfs " + mp);
        assertTrue(out.contains("configured sqlfs on " + mp), out);
        first.awaitOutput("mounted sqlfs on " + mp);
        String before = populate(mp);
        first.send("stop 0");
        first.awaitExit();
        assertFalse(Mounts.anyUnder(runs.dir()), "stop 0 unmounted everything: " + Mounts.all());
        Path dbFile = first.path("sqlfs/" + mp.toString().substring(1).replace('/', '-') + ".mv.db");
        assertTrue(Files.isRegularFile(dbFile), "the database file is beside the framework storage: " + dbFile);

        HostProcess second = startHost("h");
        second.awaitOutput("mounted sqlfs on " + mp);
        assertEquals(before, snapshot(mp), "every file and attribute after the restart");
    }

    @Test
    void aHostKilledInTheMiddleOfRenamesLeavesEveryFileUnderExactlyOneName() throws Exception {
        HostProcess first = startHost("h");
        Path mp = Files.createDirectories(first.path("files"));
        first.commandWhenReady("fuse:mount sqlfs " + mp);
        first.awaitOutput("mounted sqlfs on " + mp);
        int n = 20;
        Files.createDirectories(mp.resolve("a"));
        Files.createDirectories(mp.resolve("b"));
        for (int i = 0; i < n; i++) {
            Files.writeString(mp.resolve("a/f" + i), "file " + i + "\n");
        }
        // renames back and forth between two directories (and a create + unlink), until the host is killed
        Process loop = new ProcessBuilder("sh", "-c", "cd '" + mp + "' && while :; do i=0; while [ $i -lt " + n
                + " ]; do mv a/f$i b/f$i; mv b/f$i a/f$i; echo x > t$i; rm -f t$i; i=$((i+1)); done; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Await.sleep(1500);
            assertTrue(loop.isAlive(), "the rename loop runs");
            // what a program fsyncs must survive the kill even though H2 writes commits only within a second
            exec("python3", "-c", "import os, sys\nfd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)\n"
                    + "os.write(fd, b'durable')\nos.fsync(fd)\nos.close(fd)", mp.resolve("fsynced").toString());
            first.process().destroyForcibly();
            first.awaitExit();
        } finally {
            loop.destroyForcibly();
            loop.waitFor(30, TimeUnit.SECONDS);
        }

        HostProcess second = startHost("h");
        second.awaitOutput("mounted sqlfs on " + mp);
        List<String> a = list(mp.resolve("a"));
        List<String> b = list(mp.resolve("b"));
        for (int i = 0; i < n; i++) {
            String name = "f" + i;
            assertTrue(a.contains(name) != b.contains(name), name + " is in exactly one directory: a=" + a + " b=" + b);
            Path f = mp.resolve((a.contains(name) ? "a/" : "b/") + name);
            assertEquals("file " + i + "\n", Files.readString(f));
            assertEquals(1, Files.getAttribute(f, "unix:nlink"), name + " has one link");
        }
        assertEquals(n, a.size() + b.size(), "no other names: a=" + a + " b=" + b);
        assertEquals("durable", Files.readString(mp.resolve("fsynced")), "the fsynced file survived the kill");
        for (Path d : List.of(mp, mp.resolve("a"), mp.resolve("b"))) {
            assertEquals(d.equals(mp) ? 4 : 2, Files.getAttribute(d, "unix:nlink"), "link count of " + d);
        }
        // and the tree still works: everything moves into one directory
        exec("sh", "-c", "cd '" + mp + "' && rm -f t* && for f in a/*; do [ -e \"$f\" ] && mv \"$f\" b/; done;"
                + " [ \"$(ls b | wc -l)\" = " + n + " ]");
    }

    // ----- PostgreSQL, two hosts -------------------------------------------------------------------------------

    @Test
    void aFileWrittenOnOneHostIsReadByteForByteOnTheOtherAndChangesFollow() throws Exception {
        String db = database();
        Path a = startSharedHost("a", db);
        Path b = startSharedHost("b", db);

        byte[] data = new byte[5 * 1024 * 1024 + 777];
        new Random(1).nextBytes(data);
        Files.write(a.resolve("blob"), data);
        assertArrayEquals(data, Files.readAllBytes(b.resolve("blob")), "5 MiB written on A, read on B");

        // B now caches the file's pages and attributes; A changes the middle and the end
        byte[] patch = new byte[100_000];
        new Random(2).nextBytes(patch);
        try (FileChannel ch = FileChannel.open(a.resolve("blob"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(patch), 1 << 20);
            ch.write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)), data.length);
        }
        byte[] expected = new byte[data.length + 4];
        System.arraycopy(data, 0, expected, 0, data.length);
        System.arraycopy(patch, 0, expected, 1 << 20, patch.length);
        System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, expected, data.length, 4);
        long ms = awaitVisible("B reads A's overwrite", () -> Arrays.equals(expected, readOrNull(b.resolve("blob"))));
        System.out.printf("host.itest: sqlfs overwrite on host A read back on host B after %d ms%n", ms);
        try (FileChannel ch = FileChannel.open(b.resolve("blob"), StandardOpenOption.WRITE)) {
            ch.truncate(1000);
        }
        ms = awaitVisible("A reads B's truncate", () -> {
            try {
                return Files.size(a.resolve("blob")) == 1000;
            } catch (IOException e) {
                return false;
            }
        });
        assertArrayEquals(Arrays.copyOf(expected, 1000), Files.readAllBytes(a.resolve("blob")));
        System.out.printf("host.itest: sqlfs truncate on host B seen on host A after %d ms%n", ms);
    }

    @Test
    void renamesDeletesAndCreatesShowUpOnTheOtherHostWithoutWaitingForTimeouts() throws Exception {
        String db = database();
        Path a = startSharedHost("a", db);
        Path b = startSharedHost("b", db);
        Files.writeString(a.resolve("old"), "content");
        Files.createDirectory(a.resolve("d"));
        // B looks first, so its kernel caches the entries, the attributes and the absence of the new names
        assertEquals("content", Files.readString(b.resolve("old")));
        assertFalse(Files.exists(b.resolve("new")));
        assertFalse(Files.exists(b.resolve("d/created")));
        assertEquals(List.of(), list(b.resolve("d")));

        long t0 = System.nanoTime();
        Files.move(a.resolve("old"), a.resolve("new"));
        long rename = awaitVisible("B sees the rename", () -> Files.exists(b.resolve("new"))
                && !Files.exists(b.resolve("old")));
        assertEquals("content", Files.readString(b.resolve("new")));

        Files.delete(a.resolve("new"));
        long delete = awaitVisible("B sees the delete", () -> !Files.exists(b.resolve("new")));

        Files.writeString(a.resolve("d/created"), "fresh");
        long create = awaitVisible("B sees the new file", () -> Files.exists(b.resolve("d/created"))
                && list(b.resolve("d")).equals(List.of("created")));
        assertEquals("fresh", Files.readString(b.resolve("d/created")));

        Files.move(b.resolve("d"), b.resolve("e"));
        long back = awaitVisible("A sees B's directory rename", () -> Files.isDirectory(a.resolve("e"))
                && !Files.exists(a.resolve("d")) && Files.exists(a.resolve("e/created")));
        System.out.printf("host.itest: sqlfs changes on one host visible on the other after: rename %d ms, delete %d"
                + " ms, create %d ms, directory rename (B to A) %d ms (entry/attr timeout 300 s)%n", rename, delete,
                create, back);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(300), "all of it well inside the timeout");
    }

    @Test
    void concurrentWritersOnBothHostsToDifferentFilesNeverCorruptEachOther() throws Exception {
        String db = database();
        Path a = startSharedHost("a", db);
        Path b = startSharedHost("b", db);
        Files.createDirectory(a.resolve("w"));
        int perHost = 3;
        int size = 1536 * 1024 + 333;
        ExecutorService pool = Executors.newFixedThreadPool(2 * perHost);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 2 * perHost; i++) {
                Path root = i < perHost ? a : b;
                int writer = i;
                results.add(pool.submit(() -> writeInPieces(root.resolve("w/file-" + writer), size, writer)));
            }
            List<byte[]> contents = new ArrayList<>();
            for (Future<byte[]> f : results) {
                contents.add(f.get(5, TimeUnit.MINUTES));
            }
            for (int i = 0; i < contents.size(); i++) {
                Path name = Path.of("w", "file-" + i);
                assertArrayEquals(contents.get(i), Files.readAllBytes(a.resolve(name)), "host A reads " + name);
                assertArrayEquals(contents.get(i), Files.readAllBytes(b.resolve(name)), "host B reads " + name);
            }
            assertEquals(2 * perHost, list(a.resolve("w")).size());
            assertEquals(list(a.resolve("w")), list(b.resolve("w")));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes a seeded file in shuffled pieces of 1 byte to 200 KiB; returns what it must contain. */
    private static byte[] writeInPieces(Path file, int size, int seed) throws IOException {
        Random r = new Random(seed);
        byte[] content = new byte[size];
        r.nextBytes(content);
        List<int[]> pieces = new ArrayList<>();
        for (int at = 0; at < size;) {
            int n = Math.min(size - at, 1 + r.nextInt(200 * 1024));
            pieces.add(new int[] { at, n });
            at += n;
        }
        Collections.shuffle(pieces, r);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int[] p : pieces) {
                ByteBuffer buf = ByteBuffer.wrap(content, p[0], p[1]);
                long pos = p[0];
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
            }
        }
        return content;
    }

    @Test
    void everyFileAndAttributeSurvivesUnmountingStoppingAndStartingTheHosts() throws Exception {
        String db = database();
        Path a = startSharedHost("a", db);
        Path b = startSharedHost("b", db);
        HostProcess hostA = host("a");
        HostProcess hostB = host("b");
        String before = populate(a);
        assertEquals(before, snapshot(b), "host B sees the same tree");
        for (HostProcess h : List.of(hostA, hostB)) {
            h.send("stop 0");
            h.awaitExit();
        }
        assertFalse(Mounts.anyUnder(runs.dir()), "both hosts unmounted: " + Mounts.all());

        HostProcess againB = startHost("b");
        againB.awaitOutput("mounted sqlfs on " + b);
        assertEquals(before, snapshot(b), "every file and attribute after the restart");
    }

    @Test
    void aStoppedDatabaseGivesEioWithoutHangingAndTheMountsWorkAgainWhenItIsBack() throws Exception {
        String db = database();
        Path a = startSharedHost("a", db);
        Path b = startSharedHost("b", db);
        HostProcess hostA = host("a");
        HostProcess hostB = host("b");
        Files.writeString(a.resolve("before"), "written before the outage");
        assertEquals("written before the outage", Files.readString(b.resolve("before")));

        pg.stopServer(true); // as a crash looks to the clients: connections cut
        List<String> outcomes = new ArrayList<>();
        outcomes.add(timed("create on A", () -> Files.writeString(a.resolve("during"), "x")));
        outcomes.add(timed("mkdir on B", () -> Files.createDirectory(b.resolve("during-dir"))));
        outcomes.add(timed("list on A", () -> list(a)));
        outcomes.add(timed("stat of an unknown name on B", () -> Files.readAttributes(b.resolve("unknown"),
                java.nio.file.attribute.BasicFileAttributes.class)));
        System.out.println("host.itest: sqlfs with the database down: " + outcomes);
        for (String o : outcomes.subList(0, 2)) {
            assertTrue(o.contains("Input/output error"), "fails with EIO: " + o);
        }
        hostA.awaitOutput("database " + pg.url(db) + " is unreachable");
        assertTrue(Mounts.isOsgiFuseMount(a) && Mounts.isOsgiFuseMount(b), "both mounts stay");

        pg.startServer();
        long t0 = System.nanoTime();
        awaitVisible("A can write again", () -> {
            try {
                Files.writeString(a.resolve("after"), "written after the outage");
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        awaitVisible("B reads what A wrote after the outage",
                () -> "written after the outage".equals(readStringOrNull(b.resolve("after"))));
        System.out.printf("host.itest: sqlfs back %d ms after the database restarted%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertEquals("written after the outage", Files.readString(b.resolve("after")), "and keeps reading it");
        assertEquals("written before the outage", Files.readString(b.resolve("before")));
        // notifications sent while a host was not listening are lost (its cached attributes and data are dropped
        // when it listens again, its cached names expire with the timeout): wait until both listen again
        hostA.awaitOutput("listening for changes on " + pg.url(db) + " again");
        hostB.awaitOutput("listening for changes on " + pg.url(db) + " again");
        Files.move(b.resolve("before"), b.resolve("renamed"));
        awaitVisible("A sees B's rename after the outage (notifications resumed)",
                () -> Files.exists(a.resolve("renamed")) && !Files.exists(a.resolve("before")));
        hostA.awaitOutput("is reachable again");
    }

    // ----- helpers -----------------------------------------------------------------------------------------------

    /** Runs a file call in a thread of its own: it must come back within {@link #CALL_BOUND_S}; says how. */
    private static String timed(String what, Callable<?> call) throws InterruptedException {
        ExecutorService one = Executors.newSingleThreadExecutor();
        long t0 = System.nanoTime();
        try {
            Future<?> f = one.submit(call);
            try {
                f.get(CALL_BOUND_S, TimeUnit.SECONDS);
                return what + ": succeeded";
            } catch (java.util.concurrent.ExecutionException e) {
                return what + ": " + e.getCause() + " after "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
            } catch (TimeoutException e) {
                fail(what + " hung: no answer within " + CALL_BOUND_S + " s");
                return null;
            }
        } finally {
            one.shutdownNow();
        }
    }

    /** Polls until {@code condition} holds, at most {@link #VISIBLE_WITHIN_MS}; returns the milliseconds it took. */
    private static long awaitVisible(String what, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        Await.until(what, Duration.ofMillis(VISIBLE_WITHIN_MS), condition);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static byte[] readOrNull(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
    }

    private static String readStringOrNull(Path p) {
        byte[] b = readOrNull(p);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> list(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Makes a small tree with every kind of node and attribute; returns its {@link #snapshot}. */
    private static String populate(Path root) throws Exception {
        Path d = Files.createDirectories(root.resolve("dir/sub"));
        byte[] content = new byte[300_000];
        new Random(3).nextBytes(content);
        Path f = Files.write(d.resolve("data.bin"), content);
        Files.writeString(root.resolve("dir/note.txt"), "note\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L));
        Files.createSymbolicLink(root.resolve("link"), Path.of("dir/sub/data.bin"));
        Files.createLink(root.resolve("hard"), f);
        exec("setfattr", "-n", "user.colour", "-v", "blue", f.toString());
        exec("mkfifo", root.resolve("fifo").toString());
        return snapshot(root);
    }

    /** Every node's name, type, size, mode, links, owner, mtime, xattrs and content digest, relative to root. */
    private static String snapshot(Path root) throws Exception {
        return exec("sh", "-c", "cd '" + root + "' && find . -printf '%p %y %s %m %n %U %G %T@ %l\\n' | sort"
                + " && find . -type f -exec sha256sum {} + | sort && getfattr -R -d -m user. . 2>/dev/null | sort");
    }

    private static String exec(String... cmd) {
        return Cmd.of(cmd).mergeStderr().ok();
    }
}
