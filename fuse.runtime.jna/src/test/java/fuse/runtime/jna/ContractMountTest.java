package fuse.runtime.jna;

import static fuse.runtime.jna.MountTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.testing.Mounts;

/**
 * pyfuse3's mount-level tests re-expressed (timeouts, invalidation, notify store, terminate, lookup counts), plus the
 * runtime's own promises: parallel dispatch, and a clear answer for every driver fault.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContractMountTest {
    @TempDir
    Path tmp;
    TestFs fs = new TestFs();
    FuseMount mount;
    Path mp;

    private void mount(double timeout, Map<String, Object> extra) throws IOException {
        fs.timeout = timeout;
        mp = tmp.resolve("mnt");
        Map<String, Object> props = new HashMap<>(extra);
        props.put(Fuse.DRIVER, "testfs");
        mount = MountTestSupport.mount(fs, mp, props);
    }

    @AfterEach
    void unmount() throws Exception {
        fs.releaseSlow();
        Mounts.closeAndAssertUnmounted(mount, mp);
    }

    private long lookups(String name) {
        return fs.calls.stream().filter(c -> c.equals("lookup 1 " + name)).count();
    }

    private long getattrs(long ino) {
        return fs.calls.stream().filter(c -> c.equals("getattr " + ino)).count();
    }

    private long reads(long ino) {
        return fs.calls.stream().filter(c -> c.startsWith("read " + ino + " ")).count();
    }

    private void stat(String name) throws IOException {
        Files.readAttributes(mp.resolve(name), "unix:ino");
    }

    @Test
    void entryAndAttrTimeoutsAreHonoured() throws IOException {
        mount(300, Map.of());
        long ino = fs.addFile(Fuse.ROOT_INODE, "message", new byte[3]).ino;
        stat("message");
        stat("message");
        assertEquals(1, lookups("message"), "second stat served from the dentry cache");
        assertEquals(0, getattrs(ino), "attributes came with the lookup and stay cached");
        mount.close();

        fs = new TestFs();
        mount(0, Map.of());
        fs.addFile(Fuse.ROOT_INODE, "message", new byte[3]);
        stat("message");
        stat("message");
        assertEquals(2, lookups("message"), "timeout 0: every stat looks the name up again");
    }

    @Test
    void aWiderReadaheadWindowBringsASequentialReadInLargerRequests() throws Exception {
        mount(1, Map.of(Fuse.READAHEAD_KB, 1024));
        assertEquals("1024", sh("cat /sys/class/bdi/0:" + StaleMounts.connectionId(mp) + "/read_ahead_kb").trim());
        assertTrue(largestReadOfASequentialCopy() > 128 * 1024,
                "READ requests larger than the kernel's 128 KiB window");
        mount.close();

        fs = new TestFs();
        mount(1, Map.of());
        assertTrue(largestReadOfASequentialCopy() <= 128 * 1024, "without the property the kernel's window stays");
    }

    /** Copies an 8 MiB file out with dd in 1 MiB blocks and returns the largest READ the driver saw. */
    private int largestReadOfASequentialCopy() throws Exception {
        byte[] data = new byte[8 << 20];
        new java.util.Random(7).nextBytes(data);
        long ino = fs.addFile(Fuse.ROOT_INODE, "big", data).ino;
        sh("dd if=" + mp.resolve("big") + " of=/dev/null bs=1M status=none");
        return fs.calls.stream().filter(c -> c.startsWith("read " + ino + " "))
                .mapToInt(c -> Integer.parseInt(c.substring(c.indexOf("size=") + 5))).max().orElse(0);
    }

    @Test
    void invalidateEntrySynchronouslyMakesTheNextAccessLookUp() throws IOException {
        mount(300, Map.of());
        fs.addFile(Fuse.ROOT_INODE, "message", new byte[3]);
        stat("message");
        stat("message");
        assertEquals(1, lookups("message"));
        mount.session().invalidateEntry(Fuse.ROOT_INODE, "message".getBytes(StandardCharsets.US_ASCII));
        stat("message");
        assertEquals(2, lookups("message"));
    }

    @Test
    void invalidateEntryQueuedFromInsideAHandler() throws Exception {
        mount(300, Map.of());
        fs.addFile(Fuse.ROOT_INODE, "message", new byte[3]);
        stat("message");
        sh("setfattr -n user.command -v 'invalidate_entry_async message' " + mp);
        ((CompletableFuture<?>) fs.results.get("async")).get(10, TimeUnit.SECONDS);
        stat("message");
        assertEquals(2, lookups("message"));
    }

    @Test
    void invalidateInodeDropsCachedData() throws IOException {
        mount(300, Map.of());
        long ino = fs.addFile(Fuse.ROOT_INODE, "message", "cached!".getBytes(StandardCharsets.US_ASCII)).ino;
        try (InputStream in = Files.newInputStream(mp.resolve("message"))) {
            assertEquals("cached!", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        try (InputStream in = Files.newInputStream(mp.resolve("message"))) {
            in.readAllBytes();
        }
        assertEquals(1, reads(ino), "second read served from the page cache (keep_cache)");
        mount.session().invalidateInode(ino);
        try (InputStream in = Files.newInputStream(mp.resolve("message"))) {
            in.readAllBytes();
        }
        assertEquals(2, reads(ino), "invalidated: the next read reaches the driver");
    }

    @Test
    void notifyStoreServesTheNextReadFromThePageCache() throws IOException {
        mount(300, Map.of());
        long ino = fs.addFile(Fuse.ROOT_INODE, "message", "original".getBytes(StandardCharsets.US_ASCII)).ino;
        stat("message");
        mount.session().notifyStore(ino, 0, ByteBuffer.wrap("STORED!!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("STORED!!", Files.readString(mp.resolve("message")));
        assertEquals(0, reads(ino), "served from the stored pages");
        ByteBuffer cached = mount.session().notifyRetrieve(ino, 0, 8).toCompletableFuture().join();
        assertEquals("STORED!!", StandardCharsets.US_ASCII.decode(cached).toString());
    }

    @Test
    void terminateFromAHandlerEndsTheSession() throws Exception {
        mount(300, Map.of());
        sh("setfattr -n user.command -v terminate " + mp);
        FuseSession s = mount.fuseSession();
        MountTestSupport.awaitTrue(() -> s.state() == FuseSession.State.CLOSED, "terminated");
        assertFalse(MountTestSupport.mounted(mp));
    }

    @Test
    void forgetNeverDrivesALookupCountBelowZero() throws Exception {
        mount(300, Map.of());
        for (int i = 0; i < 200; i++) {
            fs.addFile(Fuse.ROOT_INODE, "f" + i, new byte[0]);
        }
        sh("ls -l " + mp + " > /dev/null; for i in $(seq 0 199); do stat " + mp + "/f$i > /dev/null; done");
        sh("sync; echo 2 > /proc/sys/vm/drop_caches");
        MountTestSupport.awaitTrue(() -> fs.count("forget") > 0,
                "dropping the dentry cache makes the kernel forget inodes");
        assertFalse(fs.negativeLookupCount.get(), "no inode was forgotten more often than it was looked up");
    }

    /** This mount's spinner threads, as /proc shows them: tid -> fields of /proc/self/task/TID/stat after comm. */
    private Map<String, String[]> spinnerThreads() throws IOException {
        Map<String, String[]> out = new HashMap<>();
        for (int tid : mount.fuseSession().spinnerTids()) {
            try {
                String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
                out.put(Integer.toString(tid), stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            } catch (IOException gone) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    private static long cpuTicks(String[] stat) {
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime (fields 14, 15)
    }

    @Test
    void spinnersRunAtIdlePriorityAndUseNoCpuOnceRequestsStop() throws Exception {
        mount(0, Map.of());
        fs.addFile(Fuse.ROOT_INODE, "f", "x".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2000; i++) {
            stat("f");
        }
        Map<String, String[]> spinners = spinnerThreads();
        assertFalse(spinners.isEmpty(), "requests close together started spinners");
        assertTrue(spinners.size() <= Runtime.getRuntime().availableProcessors(), "at most one per CPU");
        Thread.sleep(200); // well past fuse.spin.micros (1 ms) without a request
        Map<String, String[]> before = spinnerThreads();
        for (var e : before.entrySet()) {
            // A spinner that went to read a request just as spinning stopped waits in read(/dev/fuse), where the
            // monitor raised it to SCHED_OTHER, so that the request it gets is not served at idle priority.
            String wchan = Files.readString(Path.of("/proc/self/task/" + e.getKey() + "/wchan"));
            if (!wchan.startsWith("fuse_dev")) {
                assertEquals("5", e.getValue()[38], "policy SCHED_IDLE (field 41 of /proc/TID/stat) of spinner "
                        + e.getKey() + ", state " + e.getValue()[0] + ", waiting in " + wchan);
            }
        }
        Thread.sleep(1000);
        Map<String, String[]> after = spinnerThreads();
        for (var e : before.entrySet()) {
            String[] later = after.get(e.getKey());
            if (later != null) {
                assertTrue(cpuTicks(later) - cpuTicks(e.getValue()) <= 2,
                        "an idle mount's spinner used " + (cpuTicks(later) - cpuTicks(e.getValue())) + " ticks in 1 s");
            }
        }
        assertEquals("x", Files.readString(mp.resolve("f")), "and the next request is served");
    }

    @Test
    void spinnersServeASequentialCallerAgainOnceParallelCallersFilledTheReaderPool() throws Exception {
        int spinners = Math.min(Runtime.getRuntime().availableProcessors(), 8);
        int max = spinners + 2; // room for the spinners, the reader that starts them and one listening
        mount(0, Map.of(Fuse.MAX_THREADS, max));
        fs.addFile(Fuse.ROOT_INODE, "f", "x".getBytes(StandardCharsets.US_ASCII));
        ExecutorService callers = Executors.newFixedThreadPool(max - 1);
        try {
            List<Future<String>> blocked = new ArrayList<>();
            for (int i = 0; i < max - 1; i++) {
                Path p = mp.resolve("slow" + i);
                byte[] late = "late".getBytes(StandardCharsets.US_ASCII);
                fs.slowInodes.add(fs.addFile(Fuse.ROOT_INODE, "slow" + i, late).ino);
                blocked.add(callers.submit(() -> Files.readString(p)));
            }
            // Every place taken: the slow reads inside the driver and one reader listening. A spinner may have
            // taken a slow read before the callers' turns stopped the spinning; its place counts against the
            // maximum, so the readers then number one less.
            java.util.function.IntSupplier placesTaken = () -> mount.fuseSession().readerThreads()
                    + (int) fs.slowThreads.stream().filter(t -> t.getName().startsWith("fuse-spinner-")).count();
            for (int i = 0; i < 1000 && (fs.slowThreads.size() < max - 1 || placesTaken.getAsInt() < max); i++) {
                Thread.sleep(10);
            }
            assertEquals(max - 1, fs.slowThreads.size(), "every slow read is inside the driver");
            assertTrue(placesTaken.getAsInt() >= max, "parallel callers took every place (readers: "
                    + mount.fuseSession().readerThreads() + ", slow reads on " + fs.slowThreads + ")");
            fs.releaseSlow();
            for (Future<String> b : blocked) {
                assertEquals("late", b.get(10, TimeUnit.SECONDS));
            }
        } finally {
            fs.releaseSlow();
            callers.shutdownNow();
        }
        // The pool stays full for a while (idle readers retire after 10 s); a sequential caller must still get
        // the spinners, which hold no reader's place.
        fs.getattrThreads.clear();
        for (int i = 0; i < 2000; i++) {
            stat("f");
        }
        assertTrue(fs.getattrThreads.stream().anyMatch(n -> n.startsWith("fuse-spinner-")),
                "getattrs ran on " + fs.getattrThreads + ", never on a spinner");
    }

    @Test
    void aSpinnerStuckInASlowHandlerHoldsAPlaceSoTheReadersStayWithinTheMaximum() throws Exception {
        int max = Math.min(Runtime.getRuntime().availableProcessors(), 8) + 2; // (room for the spinners to start)
        mount(0, Map.of(Fuse.MAX_THREADS, max));
        fs.addFile(Fuse.ROOT_INODE, "f", "x".getBytes(StandardCharsets.US_ASCII));
        byte[] late = "late".getBytes(StandardCharsets.US_ASCII);
        int attempts = 50;
        for (int i = 0; i < attempts; i++) { // (a file each: the page cache answers a second read of one)
            fs.slowOnSpinnerInodes.add(fs.addFile(Fuse.ROOT_INODE, "spin" + i, late).ino);
        }
        for (int i = 1; i < max + 3; i++) {
            fs.slowInodes.add(fs.addFile(Fuse.ROOT_INODE, "slow" + i, late).ino);
        }
        ExecutorService callers = Executors.newFixedThreadPool(max + 3);
        try {
            // A sequential caller gets the spinners going, then reads a file, and another, until a spinner takes
            // the read (which then stays in the driver; a reader answers it at once).
            Future<String> first = callers.submit(() -> {
                for (int attempt = 0; attempt < attempts && fs.slowThreads.isEmpty(); attempt++) {
                    for (int i = 0; i < 500; i++) {
                        stat("f");
                    }
                    Files.readString(mp.resolve("spin" + attempt));
                }
                return "done";
            });
            MountTestSupport.awaitTrue(() -> !fs.slowThreads.isEmpty() || first.isDone(),
                    "a spinner took the sequential caller's read");
            assertFalse(fs.slowThreads.isEmpty(), () -> "a spinner took the sequential caller's read in " + attempts
                    + " attempts; reads ran on " + fs.readThreads + ", getattrs on " + fs.getattrThreads);
            // Parallel callers stop the spinning; the readers serve them, in the places the spinner left.
            List<Future<String>> others = new ArrayList<>();
            for (int i = 1; i < max + 3; i++) {
                Path p = mp.resolve("slow" + i);
                others.add(callers.submit(() -> Files.readString(p)));
            }
            MountTestSupport.awaitTrue(() -> fs.slowThreads.size() >= max, max + " slow reads inside the driver");
            Thread.sleep(200); // (time for a reader past the maximum to get in, were there one)
            assertEquals(max, fs.slowThreads.size(), "slow reads inside the driver at once: " + fs.slowThreads);
            fs.releaseSlow();
            assertEquals("done", first.get(10, TimeUnit.SECONDS));
            for (Future<String> o : others) {
                assertEquals("late", o.get(10, TimeUnit.SECONDS), "every caller got its data once released");
            }
        } finally {
            fs.releaseSlow();
            callers.shutdownNow();
        }
    }

    @Test
    @Timeout(120)
    void everyRequestIsAnsweredWhileOtherWorkKeepsEveryCpuBusy() throws Exception {
        mount(0, Map.of());
        fs.addFile(Fuse.ROOT_INODE, "f", "content".getBytes(StandardCharsets.US_ASCII));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<Thread> hogs = new java.util.ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread h = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1; // ordinary-priority work that never sleeps
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "hog-" + i);
            h.setDaemon(true);
            h.start();
            hogs.add(h);
        }
        try {
            // Spinners (SCHED_IDLE) get almost no CPU now: the readers must take over and answer everything.
            for (int i = 0; i < 300; i++) {
                assertEquals("content", Files.readString(mp.resolve("f")));
            }
        } finally {
            stop.set(true);
            for (Thread h : hogs) {
                h.join();
            }
        }
    }

    @Test
    void aSlowHandlerDoesNotBlockOtherRequests() throws Exception {
        slowHandlerDoesNotBlockOthers(Map.of());
    }

    @Test
    void aSlowHandlerDoesNotBlockOtherRequestsWithSpinningOff() throws Exception {
        slowHandlerDoesNotBlockOthers(Map.of(Fuse.SPIN_MICROS, 0));
    }

    @Test
    void aSlowHandlerDoesNotBlockOtherRequestsWithTheLongestSpinWindow() throws Exception {
        slowHandlerDoesNotBlockOthers(Map.of(Fuse.SPIN_MICROS, 100_000));
    }

    private void slowHandlerDoesNotBlockOthers(Map<String, Object> settings) throws Exception {
        mount(0, settings);
        fs.slowInode = fs.addFile(Fuse.ROOT_INODE, "slow", "late".getBytes(StandardCharsets.US_ASCII)).ino;
        fs.addFile(Fuse.ROOT_INODE, "fast", "quick".getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(mp.resolve("slow"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(fs.slowEntered.await(10, TimeUnit.SECONDS), "the slow read reached the driver");
        for (int i = 0; i < 20; i++) {
            assertEquals("quick", Files.readString(mp.resolve("fast")));
        }
        Files.writeString(mp.resolve("other"), "written meanwhile");
        assertEquals("written meanwhile", Files.readString(mp.resolve("other")));
        assertFalse(slow.isDone(), "the slow read is still blocked while the others were served");
        fs.releaseSlow();
        assertEquals("late", slow.get(10, TimeUnit.SECONDS));
        assertTrue(fs.readThreads.stream().anyMatch(t -> t != fs.slowThread),
                "the other reads ran on another thread than the blocked one");
    }

    @Test
    void aDriverExceptionAnswersEioAndTheMountKeepsWorking() throws IOException {
        mount(0, Map.of());
        FileSystemException e = assertThrows(FileSystemException.class, () -> stat("throw"));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        FileSystemException so = assertThrows(FileSystemException.class, () -> stat("overflow"));
        assertTrue(so.getMessage().contains("Input/output error"), so.getMessage());
        FileSystemException nul = assertThrows(FileSystemException.class, () -> stat("nullreply"));
        assertTrue(nul.getMessage().contains("Input/output error"), nul.getMessage());
        Files.writeString(mp.resolve("after"), "still serving");
        assertEquals("still serving", Files.readString(mp.resolve("after")));
        assertTrue(mount.fuseSession().stats().errors(Op.LOOKUP) >= 3);
    }

    @Test
    void aRequestTheDriverNeverAnswersGetsEio() throws Exception {
        mount(0, Map.of(Fuse.REPLY_TIMEOUT, "1"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> stat("silent"));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        // The answer reached the caller; the runtime settles its books right after sending it.
        MountTestSupport.awaitTrue(() -> mount.fuseSession().inFlight() == 0,
                "the expired request is no longer in flight");
    }

    @Test
    void aReplyFromAnotherThreadReachesTheCaller() throws IOException {
        mount(0, Map.of());
        stat("async");
        assertTrue(Files.isRegularFile(mp.resolve("async")));
    }

    @Test
    void aMissingMountpointIsNamedInTheError() {
        MountTestSupport.assumeFuse();
        Path missing = tmp.resolve("does-not-exist");
        IOException e = assertThrows(IOException.class, () -> FuseMount.mount(new TestFs(), missing, Map.of()));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void aFileAsMountpointIsNamedInTheError() throws IOException {
        MountTestSupport.assumeFuse();
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class, () -> FuseMount.mount(new TestFs(), file, Map.of()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"),
                e.getMessage());
    }

    @Test
    void aStaleMountLeftByAKilledProcessIsCleared() throws Exception {
        MountTestSupport.assumeFuse();
        mp = tmp.resolve("stale");
        Files.createDirectories(mp);
        // A separate JVM mounts and is killed with SIGKILL: its mount stays behind with no server.
        String cp = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp,
                "fuse.runtime.jna.MountAndWait", mp.toString()).redirectErrorStream(true).start();
        String line = new String(p.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        assertEquals("mounted", line);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(MountTestSupport.mounted(mp), "the killed process left its mount");
        assertTrue(StaleMounts.isDead(mp), "and it answers ENOTCONN");
        mount = FuseMount.mount(fs, mp, Map.of(Fuse.DRIVER, "testfs"));
        fs.addFile(Fuse.ROOT_INODE, "fresh", new byte[0]);
        assertTrue(Files.exists(mp.resolve("fresh")), "the stale mount was cleared and the new one serves");
    }
}
