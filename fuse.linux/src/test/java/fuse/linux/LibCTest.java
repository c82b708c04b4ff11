package fuse.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileLock;
import fuse.api.Fuse;
import fuse.api.StatvfsData;

/**
 * The binding and the struct readers and writers against the running kernel: what the ABI test checks by value,
 * used for real. (Loading {@link LibC} at all binds every function it declares.)
 */
class LibCTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void supported() {
        Platform.requireSupported("LibCTest");
    }

    private static byte[] path(Path p) {
        return CStrings.terminated(p.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void errnoOfAFailedCall() {
        assertEquals(-1, LibC.open(path(dir.resolve("missing")), Fuse.O_RDONLY));
        assertEquals(Errno.ENOENT, LibC.errno());
    }

    @Test
    void fstatReadsWhatTheJdkSees() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "hello");
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        int fd = LibC.open(path(file), Fuse.O_RDONLY | Fcntl.O_CLOEXEC);
        assertTrue(fd >= 0);
        try (Memory st = new Memory(Stat.SIZEOF)) {
            assertEquals(0, LibC.fstat(fd, st));
            EntryAttributes a = Stat.read(st, new EntryAttributes());
            assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), a.inode());
            assertEquals(a.inode(), Stat.ino(st));
            assertEquals(((Number) Files.getAttribute(file, "unix:dev")).longValue(), Stat.dev(st));
            assertEquals((int) Files.getAttribute(file, "unix:mode"), a.mode());
            assertEquals(a.mode(), Stat.mode(st));
            assertTrue(Fuse.isRegularFile(a.mode()));
            assertEquals(5, a.size());
            assertEquals(1, a.nlink());
            assertEquals(1_700_000_000_123_456_789L, a.mtimeNs());

            // write(ByteBuffer) then read(Pointer) gives the same attributes back (st_dev is written as 0)
            ByteBuffer view = st.getByteBuffer(0, Stat.SIZEOF).order(ByteOrder.nativeOrder());
            Stat.write(view, 0, a);
            EntryAttributes back = Stat.read(st, new EntryAttributes());
            assertEquals(a.toString(), back.toString());
            assertEquals(0, Stat.dev(st));
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void utimensatWritesTimespecs() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "");
        try (Memory times = new Memory(2L * Timespec.SIZEOF)) {
            Timespec.write(times, 0, 0, Timespec.UTIME_OMIT);
            Timespec.writeNanos(times, Timespec.SIZEOF, 1_600_000_000_987_654_321L);
            assertEquals(0, LibC.utimensat(Fcntl.AT_FDCWD, path(file), times, 0));
            assertEquals(1_600_000_000_987_654_321L, Timespec.readNanos(times, Timespec.SIZEOF));
        }
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 987_654_321), Files.getLastModifiedTime(file).toInstant());
    }

    @Test
    void fcntlWithAnIntTogglesNonBlocking() throws Exception {
        Path file = Files.writeString(dir.resolve("n"), "");
        int fd = LibC.open(path(file), Fuse.O_RDONLY | Fcntl.O_CLOEXEC);
        try {
            int flags = LibC.fcntl(fd, Fcntl.F_GETFL, 0);
            assertEquals(0, flags & Fcntl.O_NONBLOCK);
            assertEquals(0, LibC.fcntl(fd, Fcntl.F_SETFL, flags | Fcntl.O_NONBLOCK));
            assertEquals(Fcntl.O_NONBLOCK, LibC.fcntl(fd, Fcntl.F_GETFL, 0) & Fcntl.O_NONBLOCK);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void openFileDescriptionLocksThroughFlock() throws Exception {
        Path file = Files.writeString(dir.resolve("l"), "0123456789");
        int a = LibC.open(path(file), Fuse.O_RDWR | Fcntl.O_CLOEXEC);
        int b = LibC.open(path(file), Fuse.O_RDWR | Fcntl.O_CLOEXEC);
        try (Memory fl = new Memory(Flock.SIZEOF)) {
            Flock.write(fl, new FileLock(Fuse.F_WRLCK, 2, 5, 1234), 0);
            assertEquals(0, LibC.fcntl(a, Fcntl.F_OFD_SETLK, fl), () -> Errno.name(LibC.errno()));

            Flock.write(fl, new FileLock(Fuse.F_RDLCK, 0, Long.MAX_VALUE, 0), 0);
            assertEquals(-1, LibC.fcntl(b, Fcntl.F_OFD_SETLK, fl));
            assertEquals(Errno.EAGAIN, LibC.errno());
            assertEquals(0, LibC.fcntl(b, Fcntl.F_OFD_GETLK, fl));
            assertEquals(Fuse.F_WRLCK, Flock.type(fl));
            assertEquals(new FileLock(Fuse.F_WRLCK, 2, 5, -1), Flock.read(fl)); // an OFD lock has no pid

            Flock.write(fl, new FileLock(Fuse.F_UNLCK, 0, Long.MAX_VALUE, 0), 0);
            assertEquals(0, LibC.fcntl(a, Fcntl.F_OFD_SETLK, fl));
            Flock.write(fl, new FileLock(Fuse.F_WRLCK, 0, Long.MAX_VALUE, 0), 0);
            assertEquals(0, LibC.fcntl(b, Fcntl.F_OFD_GETLK, fl));
            assertEquals(Fuse.F_UNLCK, Flock.type(fl));
        } finally {
            LibC.close(a);
            LibC.close(b);
        }
    }

    @Test
    void fstatvfsOfTheTemporaryDirectory() {
        int fd = LibC.openat(Fcntl.AT_FDCWD, path(dir), Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
        try (Memory s = new Memory(Statvfs.SIZEOF)) {
            assertEquals(0, LibC.fstatvfs(fd, s));
            StatvfsData d = Statvfs.read(s);
            assertEquals(Fuse.NAME_MAX, d.namemax());
            assertTrue(d.bsize() > 0 && d.blocks() > 0, d.toString());
            Statvfs.write(s, d);
            assertEquals(d.toString(), Statvfs.read(s).toString());
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void getdents64RecordsThroughDirent64() throws Exception {
        Files.createFile(dir.resolve("file"));
        Files.createDirectory(dir.resolve("sub"));
        int fd = LibC.open(path(dir), Fuse.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        List<String> seen = new ArrayList<>();
        try (Memory buf = new Memory(4096)) {
            ByteBuffer b = buf.getByteBuffer(0, 4096).order(ByteOrder.nativeOrder());
            for (long n; (n = LibC.getdents64(fd, buf, 4096)) > 0; ) {
                for (int pos = 0; pos < n; pos += b.getShort(pos + Dirent64.D_RECLEN) & 0xffff) {
                    int reclen = b.getShort(pos + Dirent64.D_RECLEN) & 0xffff;
                    byte[] name = new byte[CStrings.length(b, pos + Dirent64.D_NAME, pos + reclen)];
                    b.get(pos + Dirent64.D_NAME, name);
                    byte[] field = buf.getByteArray(pos + Dirent64.D_NAME, reclen - Dirent64.D_NAME);
                    assertArrayEquals(name, java.util.Arrays.copyOf(field, CStrings.length(field)));
                    int mode = Dirent64.modeOf(b.get(pos + Dirent64.D_TYPE));
                    assertEquals(b.get(pos + Dirent64.D_TYPE), Dirent64.typeOf(mode | 0644));
                    seen.add(new String(name, StandardCharsets.UTF_8) + (Fuse.isDirectory(mode) ? "/" : ""));
                }
            }
        } finally {
            LibC.close(fd);
        }
        seen.sort(null);
        assertEquals(List.of("../", "./", "file", "sub/"), seen);
    }

    @Test
    void cStrings() {
        byte[] z = CStrings.terminated(new byte[] { 'a', 'b' });
        assertArrayEquals(new byte[] { 'a', 'b', 0 }, z);
        try (Memory m = new Memory(4)) {
            m.write(0, new byte[] { 'x', 'y', 0, 'z' }, 0, 4);
            assertArrayEquals(new byte[] { 'x', 'y' }, CStrings.read(m));
        }
        assertEquals(3, CStrings.length(new byte[] { 1, 2, 3 }));
    }

    @Test
    void pollSeesAReadableFile() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "x");
        int fd = LibC.open(path(file), Fuse.O_RDONLY | Fcntl.O_CLOEXEC);
        try (Memory pfd = new Memory(Poll.SIZEOF)) {
            pfd.setInt(Poll.FD, fd);
            pfd.setShort(Poll.EVENTS, Poll.POLLIN);
            pfd.setShort(Poll.REVENTS, (short) 0);
            assertEquals(1, LibC.poll(pfd, 1, 0));
            assertEquals(Poll.POLLIN, pfd.getShort(Poll.REVENTS) & Poll.POLLIN);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void threadsAndScheduling() {
        assertTrue(LibC.gettid() > 0);
        try (Memory usage = new Memory(Rusage.SIZEOF); Memory mask = new Memory(Sched.CPU_SET_SIZEOF);
                Memory param = new Memory(Sched.PARAM_SIZEOF)) {
            assertEquals(0, LibC.getrusage(Rusage.RUSAGE_THREAD, usage));
            assertTrue(usage.getLong(Rusage.RU_NIVCSW) >= 0);
            mask.clear();
            assertEquals(0, LibC.sched_getaffinity(0, Sched.CPU_SET_SIZEOF, mask));
            int cpus = 0;
            for (int i = 0; i < Sched.CPU_SET_SIZEOF; i++) {
                cpus += Integer.bitCount(mask.getByte(i) & 0xff);
            }
            assertTrue(cpus >= 1);
            assertEquals(0, LibC.sched_setaffinity(0, Sched.CPU_SET_SIZEOF, mask)); // the same mask again
            param.clear();
            // A thread of its own: SCHED_IDLE and back to SCHED_OTHER
            int[] rc = new int[2];
            Thread t = new Thread(() -> {
                int tid = LibC.gettid();
                rc[0] = LibC.sched_setscheduler(tid, Sched.SCHED_IDLE, param);
                rc[1] = LibC.sched_setscheduler(tid, Sched.SCHED_OTHER, param);
            });
            t.start();
            assertTrue(join(t));
            assertEquals(0, rc[0]);
            assertEquals(0, rc[1]);
        }
    }

    private static boolean join(Thread t) {
        try {
            t.join(10_000);
            return !t.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
