package fuse.runtime.jna;

import static fuse.runtime.jna.MountTestSupport.py;
import static fuse.runtime.jna.MountTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.ConnectionInfo;
import fuse.api.Fuse;
import fuse.api.PollHandle;
import fuse.testing.Alarm;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/**
 * The rest of libfuse's low-level API and the connection and open settings a driver may choose, each through a real
 * mount and observed the way a user would: ioctl, poll, bmap on a block device mount wake-ups, expiring entries,
 * interrupts of requests answered later, writeback cache, plain readdir, delete notices, attribute and range
 * invalidation, noflush, nonseekable, cached directory listings, INIT limits, export support (open by handle), and a
 * driver whose init fails.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LowlevelMountTest {
    @TempDir
    Path tmp;
    KnobFs fs = new KnobFs();
    FuseMount mount;
    Path mp;

    private void mount(Map<String, ?> props) throws IOException {
        mp = tmp.resolve("mnt");
        mount = MountTestSupport.mount(fs, mp, props);
    }

    private void mount() throws IOException {
        mount(Map.of(Fuse.DRIVER, "knobs"));
    }

    @AfterEach
    void unmount() throws Exception {
        fs.releaseSlow();
        Mounts.closeAndAssertUnmounted(mount, mp);
    }

    private long inodeOf(String name) {
        return fs.nodes.get(Fuse.ROOT_INODE).children.get(name);
    }

    // ----- ioctl ----------------------------------------------------------------------------------------------------

    @Test
    void ioctlCarriesDataBothWaysAndAnUnknownCommandGetsTheDriversErrno() throws Exception {
        mount();
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[1]);
        String out = py("""
                import array, fcntl, os, sys
                fd = os.open(sys.argv[1], os.O_RDONLY)
                buf = array.array('i', [0])
                fcntl.ioctl(fd, 0x80047802, buf, True)
                print(buf[0])
                try:
                    fcntl.ioctl(fd, 0x80047803, array.array('i', [0]), True)
                    print("unknown answered")
                except OSError as e:
                    print(e.errno)
                """, mp.resolve("f"));
        assertEquals("42\n25", out, "the driver's 42 for its ioctl, ENOTTY (25) for another");
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("ioctl " + inodeOf("f") + " cmd=80047802 in=0 out=4")),
                fs.calls.toString());
    }

    // ----- poll -----------------------------------------------------------------------------------------------------

    @Test
    void aCallerWaitingInPollWakesWhenTheDriverSaysTheFileIsReady() throws Exception {
        mount();
        fs.addFile(Fuse.ROOT_INODE, "pipe", new byte[1]);
        Process waiter = new ProcessBuilder(Cmd.PYTHON, "-c", """
                import os, select, sys
                fd = os.open(sys.argv[1], os.O_RDONLY)
                p = select.poll()
                p.register(fd, select.POLLIN)
                print(p.poll(60000))
                """, mp.resolve("pipe").toString()).redirectErrorStream(true).start();
        try {
            MountTestSupport.awaitTrue(() -> fs.pollHandle.get() != null, "the caller polls and waits");
            assertTrue(waiter.isAlive(), "not ready yet: the caller still waits");
            fs.ready = true;
            PollHandle handle = fs.pollHandle.getAndSet(null);
            handle.notifyReady();
            assertTrue(waiter.waitFor(30, TimeUnit.SECONDS), "the notification woke the caller");
            String out = new String(waiter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(out.matches("\\[\\(\\d+, 1\\)\\]"), "poll returned POLLIN for the file: " + out);
        } finally {
            waiter.destroyForcibly();
        }
    }

    // ----- bmap -----------------------------------------------------------------------------------------------------

    @Test
    void onABlockDeviceMountFibmapIsAnsweredByTheDriver() throws Exception {
        Path image = tmp.resolve("disk.img");
        Files.write(image, new byte[1 << 20]);
        String loop = sh("losetup -f --show " + image).trim();
        try {
            mount(Map.of(Fuse.DRIVER, "knobs", Fuse.FSNAME, loop, Fuse.OPTIONS, "blkdev,blksize=4096"));
            long ino = fs.addFile(Fuse.ROOT_INODE, "f", new byte[16384]).ino;
            String line = sh("grep ' " + mp + " ' /proc/mounts");
            assertTrue(line.startsWith(loop + " " + mp + " fuseblk.osgi.knobs "),
                    "mounted as fuseblk on the loop device: " + line);
            String block = py("""
                    import fcntl, os, struct, sys
                    fd = os.open(sys.argv[1], os.O_RDONLY)
                    print(struct.unpack("i", fcntl.ioctl(fd, 1, struct.pack("i", 3)))[0])  # FIBMAP of block 3
                    """, mp.resolve("f"));
            assertEquals("1003", block, "the driver's mapping of block 3");
            assertTrue(fs.calls.contains("bmap " + ino + " blocksize=4096 index=3"), fs.calls.toString());
        } finally {
            if (mount != null) {
                mount.close();
            }
            sh("losetup -d " + loop);
        }
    }

    @Test
    void aBlockDeviceMountClosedWhileAFileOnItIsOpenLetsThatFileBeClosedLater() throws Exception {
        Path image = tmp.resolve("disk.img");
        Files.write(image, new byte[1 << 20]);
        String loop = sh("losetup -f --show " + image).trim();
        Process holder = null;
        try {
            mount(Map.of(Fuse.DRIVER, "knobs", Fuse.FSNAME, loop, Fuse.OPTIONS, "blkdev,blksize=4096"));
            fs.addFile(Fuse.ROOT_INODE, "f", new byte[10]);
            holder = new ProcessBuilder(Cmd.PYTHON, "-c", """
                    import os, sys
                    fd = os.open(sys.argv[1], os.O_RDONLY)
                    print("open", flush=True)
                    sys.stdin.readline()
                    try:
                        os.close(fd)
                        print("closed")
                    except OSError as e:
                        print("closed:", e.strerror)  # (the connection was ended: its FLUSH failed)
                    """, mp.resolve("f").toString()).redirectErrorStream(true).start();
            assertEquals("open\n", new String(holder.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            mount.close();
            assertFalse(MountTestSupport.mounted(mp), "gone from the mount table while the file is still open");
            holder.getOutputStream().write('\n');
            holder.getOutputStream().close();
            // At the last close the kernel ends a fuseblk mount with DESTROY and waits for its answer: the runtime
            // must have ended the connection, or the caller would wait forever in close(2).
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the file's last close returned");
            String out = new String(holder.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(out.startsWith("closed"), out);
        } finally {
            if (holder != null && holder.isAlive()) {
                // (a caller stuck in close: end the connection by hand, named by the loop device's number)
                String[] dev = sh("stat -L -c '%t %T' " + loop).trim().split(" ");
                long connection = (Long.parseLong(dev[0], 16) << 20) | Long.parseLong(dev[1], 16);
                sh("echo 1 > /sys/fs/fuse/connections/" + connection + "/abort || true");
                holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (mount != null) {
                mount.close();
            }
            sh("losetup -d " + loop);
        }
    }

    // ----- expire_entry ---------------------------------------------------------------------------------------------

    @Test
    void anExpiredEntryIsLookedUpAgainOnItsNextUse() throws Exception {
        mount();
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[1]);
        Files.size(mp.resolve("f"));
        Files.size(mp.resolve("f"));
        assertEquals(1, fs.count("lookup 1 f"), "the entry is cached (timeout 300 s)");
        org.junit.jupiter.api.Assumptions.assumeTrue(fs.connection.isCapable(ConnectionInfo.CAP_EXPIRE_ONLY),
                "the kernel can expire entries (Linux 6.2)");
        mount.session().expireEntry(Fuse.ROOT_INODE, "f".getBytes(StandardCharsets.US_ASCII));
        Files.size(mp.resolve("f"));
        assertEquals(2, fs.count("lookup 1 f"), "looked up again after it expired");
    }

    // ----- interrupts and deferred answers --------------------------------------------------------------------------

    @Test
    void aReadAnsweredLaterHearsOfTheCallersInterruptAndTheCallerGetsEintr() throws Exception {
        mount();
        fs.deferredInodes.add(fs.addFile(Fuse.ROOT_INODE, "forever", new byte[10]).ino);
        assertEquals("EINTR", Alarm.read(mp.resolve("forever"), 1), "the caller's read, interrupted after 1 s");
        assertEquals(1, fs.interrupts.get(), "the driver's interrupt action ran once");
    }

    @Test
    void moreRequestsAnsweredLaterThanReaderThreadsAreAllInsideTheDriverAtOnce() throws Exception {
        int max = 2;
        int callers = 6;
        mount(Map.of(Fuse.DRIVER, "knobs", Fuse.MAX_THREADS, max));
        fs.deferredInodes.add(fs.addFile(Fuse.ROOT_INODE, "later", "answer".getBytes(StandardCharsets.US_ASCII)).ino);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                reads.add(pool.submit(() -> Files.readString(mp.resolve("later"))));
            }
            MountTestSupport.awaitTrue(() -> fs.deferred.size() == callers,
                    callers + " reads waiting in the driver with " + max + " reader threads");
            assertTrue(mount.fuseSession().readerThreads() <= max, "readers " + mount.fuseSession().readerThreads());
            for (var reply : fs.deferred) {
                reply.data("answer".getBytes(StandardCharsets.US_ASCII));
            }
            for (Future<String> r : reads) {
                assertEquals("answer", r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ----- INIT settings ------------------------------------------------------------------------------------------

    @Test
    void withTheWritebackCacheSmallWritesReachTheDriverMerged() throws Exception {
        fs.atInit = c -> c.enable(ConnectionInfo.CAP_WRITEBACK_CACHE);
        mount();
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[0]);
        py("""
                import os, sys
                fd = os.open(sys.argv[1], os.O_WRONLY)
                for i in range(8):
                    os.write(fd, b"x" * 512)
                os.fsync(fd)
                os.close(fd)
                """, mp.resolve("f"));
        assertEquals("x".repeat(4096), Files.readString(mp.resolve("f")));
        long writes = fs.count("write " + inodeOf("f"));
        assertTrue(writes >= 1 && writes < 8, "8 writes of 512 bytes reached the driver as " + writes + " WRITE(s)");
    }

    @Test
    void withReaddirplusOffListingsArePlainReaddir() throws Exception {
        fs.atInit = c -> c.readdirplus(false);
        mount();
        for (int i = 0; i < 10; i++) {
            fs.addFile(Fuse.ROOT_INODE, "f" + i, new byte[0]);
        }
        assertEquals(10, sh("ls -l " + mp).lines().filter(l -> l.startsWith("-")).count());
        assertTrue(fs.count("readdir 1 ") > 0 && fs.calls.stream().noneMatch(c -> c.endsWith(" plus")),
                fs.calls.toString());
    }

    /** Writes 10 separate write(2)s of one byte to a new file; the GETXATTRs the driver then saw. */
    private long getxattrsAroundTenWrites() throws Exception {
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[0]);
        py("""
                import os, sys
                fd = os.open(sys.argv[1], os.O_WRONLY)
                for i in range(10):
                    os.pwrite(fd, b'x', i)
                os.close(fd)
                """, mp.resolve("f"));
        assertEquals(10, fs.calls.stream().filter(c -> c.startsWith("write ")).count(), "ten WRITEs: " + fs.calls);
        return fs.calls.stream().filter(c -> c.startsWith("getxattr ")).count();
    }

    @Test
    void withoutKillprivV2TheKernelAsksForTheFileCapabilityBeforeEveryWrite() throws Exception {
        mount();
        assertTrue(fs.connection.isCapable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2), "offered (kernel 5.11 and later)");
        assertEquals(0, fs.connection.want() & ConnectionInfo.CAP_HANDLE_KILLPRIV_V2, "not asked for");
        assertEquals(10, getxattrsAroundTenWrites(), "one GETXATTR security.capability per write(2): " + fs.calls);
    }

    @Test
    void withKillprivV2TheKernelLeavesTheFileCapabilityToTheDriver() throws Exception {
        fs.atInit = c -> c.enable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2);
        mount();
        assertTrue((fs.connection.want() & ConnectionInfo.CAP_HANDLE_KILLPRIV_V2) != 0, "agreed");
        assertTrue(getxattrsAroundTenWrites() <= 1, "at most the first write asks: " + fs.calls);
        assertEquals("x".repeat(10), Files.readString(mp.resolve("f")), "and the writes went through");
    }

    @Test
    void limitsSetInInitReachTheKernel() throws Exception {
        fs.atInit = c -> {
            c.maxBackground(7);
            c.congestionThreshold(5);
            c.timeGran(1_000_000_000);
        };
        mount(); // returns once the kernel has processed INIT's answer: no request needed first
        Path conn = Path.of("/sys/fs/fuse/connections", Integer.toString(mount.fuseSession().connectionId()));
        assertEquals("7", Files.readString(conn.resolve("max_background")).trim());
        assertEquals("5", Files.readString(conn.resolve("congestion_threshold")).trim());
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[0]);
        sh("touch -m -d '2030-01-01 00:00:00.987654321 UTC' " + mp.resolve("f"));
        assertEquals("1893456000.000000000\n", sh("stat -c %.9Y " + mp.resolve("f")),
                "a time granularity of one second drops the nanoseconds");
    }

    /** Opens {@code file} by the handle name_to_handle_at(2) gave before the kernel forgot its inode. */
    private String openByHandleAfterTheKernelForgot(Path file) {
        return py("""
                import ctypes, os, sys
                libc = ctypes.CDLL(None, use_errno=True)
                class Handle(ctypes.Structure):
                    _fields_ = [("size", ctypes.c_uint), ("type", ctypes.c_int), ("bytes", ctypes.c_ubyte * 128)]
                h = Handle(128)
                mount_id = ctypes.c_int()
                if libc.name_to_handle_at(-100, sys.argv[1].encode(), ctypes.byref(h), ctypes.byref(mount_id), 0):
                    sys.exit("name_to_handle_at: errno %d" % ctypes.get_errno())
                with open("/proc/sys/vm/drop_caches", "w") as f:
                    f.write("2")
                mount_fd = os.open(sys.argv[2], os.O_RDONLY | os.O_DIRECTORY)
                fd = libc.open_by_handle_at(mount_fd, ctypes.byref(h), os.O_RDONLY)
                print(os.read(fd, 100).decode() if fd >= 0 else "errno %d" % ctypes.get_errno())
                """, file, mp);
    }

    @Test
    void withExportSupportAFileOpensByItsHandleAfterTheKernelForgotIt() throws Exception {
        fs.atInit = c -> c.enable(ConnectionInfo.CAP_EXPORT_SUPPORT);
        mount();
        long ino = fs.addFile(Fuse.ROOT_INODE, "f", "by handle".getBytes(StandardCharsets.US_ASCII)).ino;
        assertEquals("by handle", openByHandleAfterTheKernelForgot(mp.resolve("f")));
        assertTrue(fs.calls.contains("forget " + ino + " 1") && fs.calls.contains("lookup " + ino + " ."),
                "the kernel forgot the inode and found it again by looking up '.' in it: " + fs.calls);
    }

    @Test
    void withoutExportSupportAForgottenHandleIsStale() throws Exception {
        mount();
        fs.addFile(Fuse.ROOT_INODE, "f", "by handle".getBytes(StandardCharsets.US_ASCII));
        assertEquals("errno 116", openByHandleAfterTheKernelForgot(mp.resolve("f")), "ESTALE");
    }

    @Test
    void aDriverWhoseInitFailsIsNotMounted() throws Exception {
        fs.failInit = true;
        mp = tmp.resolve("mnt");
        IOException e = assertThrows(IOException.class, () -> MountTestSupport.mount(fs, mp, Map.of(Fuse.DRIVER,
                "knobs")));
        assertTrue(e.getMessage().contains("knobs failed in init()") && e.getMessage().contains("not reachable"),
                e.getMessage());
        assertFalse(MountTestSupport.mounted(mp), "nothing stays mounted");
    }

    @Test
    void aMountWhoseInitAnswerLibfuseRefusesIsNotMounted() throws Exception {
        // libfuse 3.14 refuses INIT (EPROTO) when max_read differs from the mount option; a driver cannot set it
        // through ConnectionInfo, so the test reaches the runtime's own ConnInfo
        fs.atInit = c -> ((ConnInfo) c).maxRead(65536);
        mp = tmp.resolve("mnt");
        IOException e = assertThrows(IOException.class, () -> MountTestSupport.mount(fs, mp, Map.of(Fuse.DRIVER,
                "knobs", Fuse.OPTIONS, "default_permissions,max_read=131072")));
        assertTrue(e.getMessage().contains("libfuse refused the INIT answer"), e.getMessage());
        assertFalse(MountTestSupport.mounted(mp), "nothing stays mounted");
    }

    // ----- notifications --------------------------------------------------------------------------------------------

    @Test
    void aDeleteNoticeReachesInotifyWatchers() throws Exception {
        mount();
        long child = fs.addFile(Fuse.ROOT_INODE, "gone", new byte[0]).ino;
        Files.size(mp.resolve("gone")); // cached
        Process watcher = new ProcessBuilder(Cmd.PYTHON, "-c", """
                import ctypes, os, struct, sys
                libc = ctypes.CDLL(None, use_errno=True)
                fd = libc.inotify_init()
                libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x400)  # IN_DELETE_SELF
                print("watching", flush=True)
                data = os.read(fd, 4096)
                wd, mask, cookie, length = struct.unpack_from("iIII", data)
                print(hex(mask))
                """, mp.resolve("gone").toString()).redirectErrorStream(true).start();
        try {
            byte[] first = new byte[9];
            assertEquals(9, watcher.getInputStream().readNBytes(first, 0, 9));
            fs.nodes.get(Fuse.ROOT_INODE).children.remove("gone");
            mount.session().notifyDelete(Fuse.ROOT_INODE, child, "gone".getBytes(StandardCharsets.US_ASCII));
            assertTrue(watcher.waitFor(30, TimeUnit.SECONDS), "the watcher saw an event");
            String out = new String(watcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals("0x400", out, "IN_DELETE_SELF of the file");
        } finally {
            watcher.destroyForcibly();
        }
    }

    @Test
    void attributeOnlyInvalidationRefreshesTheSizeAndKeepsCachedData() throws Exception {
        mount();
        TestFs.Node n = fs.addFile(Fuse.ROOT_INODE, "f", "old content".getBytes(StandardCharsets.US_ASCII));
        assertEquals("old content", Files.readString(mp.resolve("f")));
        assertEquals(11, Files.size(mp.resolve("f"))); // (the read's new atime made the kernel ask once more)
        long readsBefore = fs.count("read " + n.ino);
        synchronized (n) {
            n.data = "new content, longer".getBytes(StandardCharsets.US_ASCII);
        }
        assertEquals(11, Files.size(mp.resolve("f")), "attributes cached");
        mount.session().invalidateAttributes(n.ino);
        assertEquals(19, Files.size(mp.resolve("f")), "the new size after the attributes were dropped");
        assertEquals(readsBefore, fs.count("read " + n.ino), "no read was needed for the size");
    }

    @Test
    void rangeInvalidationDropsOnlyThatRangeOfCachedData() throws Exception {
        mount();
        byte[] content = new byte[8192];
        java.util.Arrays.fill(content, 0, 4096, (byte) 'a');
        java.util.Arrays.fill(content, 4096, 8192, (byte) 'b');
        TestFs.Node n = fs.addFile(Fuse.ROOT_INODE, "f", content);
        assertEquals(8192, Files.readAllBytes(mp.resolve("f")).length); // both pages cached (keep_cache)
        synchronized (n) {
            java.util.Arrays.fill(n.data, (byte) 'c');
        }
        mount.session().invalidateInode(n.ino, 4096, 4096);
        byte[] seen = Files.readAllBytes(mp.resolve("f"));
        assertEquals('a', seen[0], "the first page stays cached");
        assertEquals('c', seen[4096], "the second page is read again");
    }

    // ----- open settings ------------------------------------------------------------------------------------------

    @Test
    void noflushOpensAreClosedWithoutAFlush() throws Exception {
        fs.fileInfo = f -> f.noflush(true);
        mount();
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[1]);
        Files.readAllBytes(mp.resolve("f"));
        MountTestSupport.awaitTrue(() -> fs.count("release " + inodeOf("f")) == 1, "the file was released");
        assertEquals(0, fs.count("flush " + inodeOf("f")), "no FLUSH on close: " + fs.calls);
    }

    @Test
    void aNonseekableFileRefusesLseek() throws Exception {
        fs.fileInfo = f -> f.nonseekable(true);
        mount();
        fs.addFile(Fuse.ROOT_INODE, "stream", "data".getBytes(StandardCharsets.US_ASCII));
        assertEquals("29", py("""
                import os, sys
                fd = os.open(sys.argv[1], os.O_RDONLY)
                try:
                    os.lseek(fd, 2, os.SEEK_SET)
                    print("seeked")
                except OSError as e:
                    print(e.errno)
                """, mp.resolve("stream")), "ESPIPE (29)");
    }

    @Test
    void aCachedListingIsServedWithoutAskingTheDriverAgain() throws Exception {
        fs.directoryInfo = f -> f.keepCache(true).cacheReaddir(true);
        mount();
        for (int i = 0; i < 5; i++) {
            fs.addFile(Fuse.ROOT_INODE, "f" + i, new byte[0]);
        }
        assertEquals(5, sh("ls " + mp).lines().count());
        long readdirs = fs.count("readdir 1 ");
        assertEquals(5, sh("ls " + mp).lines().count());
        assertEquals(readdirs, fs.count("readdir 1 "), "the second listing came from the kernel's cache");
    }
}
