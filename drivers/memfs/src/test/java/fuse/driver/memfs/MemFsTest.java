package fuse.driver.memfs;

import static fuse.driver.memfs.Calls.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;
import fuse.utils.posix.XattrRules;

/** memfs called directly, without a mount: the POSIX rules the kernel leaves to the file system. */
class MemFsTest {
    private final MemFs fs = new MemFs(MemFsConfig.defaults().withCapacity(64L << 20));
    private final Calls c = new Calls(fs);
    private static final long ROOT = Fuse.ROOT_INODE;

    @Test
    void createdFileIsFoundAndCountsLookups() {
        EntryAttributes a = c.touch(ROOT, "f");
        assertEquals(1, fs.lookupCount(a.inode()));
        EntryAttributes found = c.lookup(ROOT, "f");
        assertEquals(a.inode(), found.inode());
        assertEquals(2, fs.lookupCount(a.inode()));
        assertEquals(0, c.lookup(ROOT, "missing").inode(), "a negative entry");
    }

    @Test
    void newNodesTakeOwnerFromCallerAndModeWithoutUmask() {
        EntryAttributes f = c.touch(ROOT, "f");
        assertEquals(1000, f.uid());
        assertEquals(1000, f.gid());
        assertEquals(Fuse.S_IFREG | 0644, f.mode());
        EntryAttributes d = c.mkdir(ROOT, "d");
        assertEquals(Fuse.S_IFDIR | 0755, d.mode());
    }

    @Test
    void setgidDirectoryPassesItsGroupOn() {
        EntryAttributes d = c.mkdir(ROOT, "shared");
        c.setattr(d.inode(), new EntryAttributes().mode(02775).gid(4242), SetattrFields.MODE | SetattrFields.GID);
        EntryAttributes f = c.touch(d.inode(), "f");
        assertEquals(4242, f.gid());
        EntryAttributes sub = c.mkdir(d.inode(), "sub");
        assertEquals(4242, sub.gid());
        assertEquals(Fuse.S_ISGID, sub.mode() & Fuse.S_ISGID, "subdirectories inherit set-group-id");
    }

    @Test
    void directoryLinkCountIsTwoPlusSubdirectories() {
        EntryAttributes d = c.mkdir(ROOT, "d");
        assertEquals(2, d.nlink());
        c.mkdir(d.inode(), "a");
        c.mkdir(d.inode(), "b");
        c.touch(d.inode(), "file");
        assertEquals(4, c.getattr(d.inode()).nlink());
        c.rmdir(d.inode(), "a");
        assertEquals(3, c.getattr(d.inode()).nlink());
        c.rename(d.inode(), "b", ROOT, "b", 0);
        assertEquals(2, c.getattr(d.inode()).nlink());
        assertEquals(4, c.getattr(ROOT).nlink(), "root has d and b");
    }

    @Test
    void hardLinksShareTheInodeAndCountLinks() {
        EntryAttributes f = c.touch(ROOT, "f");
        c.write(f.inode(), 0, b("data"));
        EntryAttributes l = c.call(a -> fs.link(c.ctx, f.inode(), ROOT, b("g"), a)).attributes;
        assertEquals(f.inode(), l.inode());
        assertEquals(2, l.nlink());
        c.unlink(ROOT, "f");
        assertEquals(1, c.getattr(f.inode()).nlink());
        assertArrayEquals(b("data"), c.read(c.lookup(ROOT, "g").inode(), 0, 100));
        EntryAttributes d = c.mkdir(ROOT, "d");
        assertEquals(Errno.EPERM, c.errno(a -> fs.link(c.ctx, d.inode(), ROOT, b("dl"), a)));
        assertEquals(Errno.EEXIST, c.errno(a -> fs.link(c.ctx, f.inode(), ROOT, b("d"), a)));
    }

    @Test
    void posixErrorsWhereExpected() {
        EntryAttributes d = c.mkdir(ROOT, "d");
        c.touch(d.inode(), "inside");
        EntryAttributes f = c.touch(ROOT, "f");
        assertEquals(Errno.ENOTEMPTY, c.errno(a -> fs.rmdir(c.ctx, ROOT, b("d"), a)));
        assertEquals(Errno.EISDIR, c.errno(a -> fs.unlink(c.ctx, ROOT, b("d"), a)));
        assertEquals(Errno.ENOTDIR, c.errno(a -> fs.rmdir(c.ctx, ROOT, b("f"), a)));
        assertEquals(Errno.ENOTDIR, c.errno(a -> fs.lookup(c.ctx, f.inode(), b("x"), a)));
        assertEquals(Errno.EEXIST, c.errno(a -> fs.mkdir(c.ctx, ROOT, b("f"), 0755, a)));
        assertEquals(Errno.EEXIST,
                c.errno(a -> fs.create(c.ctx, ROOT, b("f"), 0644, Fuse.O_CREAT | Fuse.O_EXCL | Fuse.O_RDWR, a)));
        assertEquals(Errno.EEXIST, c.errno(a -> fs.symlink(c.ctx, ROOT, b("d"), b("t"), a)));
        assertEquals(Errno.EISDIR, c.errno(a -> fs.open(c.ctx, d.inode(), Fuse.O_RDONLY, a)));
        assertEquals(Errno.ENOENT, c.errno(a -> fs.unlink(c.ctx, ROOT, b("nope"), a)));
    }

    @Test
    void namesLongerThan255BytesAreRejected() {
        String ok = "x".repeat(255);
        c.touch(ROOT, ok);
        assertEquals(ok.length(), c.lookup(ROOT, ok).inode() > 0 ? 255 : 0);
        String tooLong = "x".repeat(256);
        assertEquals(Errno.ENAMETOOLONG, c.errno(a -> fs.lookup(c.ctx, ROOT, b(tooLong), a)));
        assertEquals(Errno.ENAMETOOLONG, c.errno(a -> fs.mkdir(c.ctx, ROOT, b(tooLong), 0755, a)));
        assertEquals(Errno.ENAMETOOLONG, c.errno(a -> fs.create(c.ctx, ROOT, b(tooLong), 0644, 0, a)));
    }

    @Test
    void nonUtf8NamesRoundTripByteForByte() {
        byte[] name = { (byte) 0xff, (byte) 0xfe, 'a', (byte) 0x80 };
        long ino = c.call(a -> fs.create(c.ctx, ROOT, name, 0644, Fuse.O_RDWR, a)).attributes.inode();
        Calls.Answer page = new Calls.Answer();
        c.call(page, r -> fs.readdir(c.ctx, ROOT, 0, 2, r));
        assertEquals(1, page.entries.size());
        assertArrayEquals(name, page.entries.get(0).name().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ino, c.call(a -> fs.lookup(c.ctx, ROOT, name, a)).attributes.inode());
    }

    @Test
    void renameFlagsAndRules() {
        EntryAttributes a = c.touch(ROOT, "a");
        EntryAttributes bb = c.touch(ROOT, "b");
        assertEquals(Errno.EEXIST,
                c.errno(r -> fs.rename(c.ctx, ROOT, b("a"), ROOT, b("b"), Fuse.RENAME_NOREPLACE, r)));
        c.rename(ROOT, "a", ROOT, "b", Fuse.RENAME_EXCHANGE);
        assertEquals(bb.inode(), c.lookup(ROOT, "a").inode());
        assertEquals(a.inode(), c.lookup(ROOT, "b").inode());
        assertEquals(Errno.ENOENT,
                c.errno(r -> fs.rename(c.ctx, ROOT, b("a"), ROOT, b("zz"), Fuse.RENAME_EXCHANGE, r)));
        assertEquals(Errno.EINVAL,
                c.errno(r -> fs.rename(c.ctx, ROOT, b("a"), ROOT, b("zz"), Fuse.RENAME_WHITEOUT, r)));
        // plain rename replaces; the replaced inode loses its name
        c.rename(ROOT, "a", ROOT, "b", 0);
        assertEquals(bb.inode(), c.lookup(ROOT, "b").inode());
        assertEquals(0, c.getattr(a.inode()).nlink());
        assertEquals(0, c.lookup(ROOT, "a").inode());

        EntryAttributes d = c.mkdir(ROOT, "d");
        EntryAttributes sub = c.mkdir(d.inode(), "sub");
        assertEquals(Errno.EINVAL, c.errno(r -> fs.rename(c.ctx, ROOT, b("d"), sub.inode(), b("x"), 0, r)),
                "a directory into its own subtree");
        assertEquals(Errno.EINVAL, c.errno(r -> fs.rename(c.ctx, ROOT, b("d"), d.inode(), b("x"), 0, r)));
        assertEquals(Errno.ENOTDIR, c.errno(r -> fs.rename(c.ctx, ROOT, b("d"), ROOT, b("b"), 0, r)));
        assertEquals(Errno.EISDIR, c.errno(r -> fs.rename(c.ctx, ROOT, b("b"), ROOT, b("d"), 0, r)));
        c.touch(sub.inode(), "x");
        c.mkdir(ROOT, "e");
        assertEquals(Errno.ENOTEMPTY, c.errno(r -> fs.rename(c.ctx, ROOT, b("e"), d.inode(), b("sub"), 0, r)));
        // a directory over an empty one, across directories: '..' and link counts follow
        c.mkdir(ROOT, "empty");
        c.rename(d.inode(), "sub", ROOT, "empty", 0);
        assertEquals(sub.inode(), c.lookup(ROOT, "empty").inode());
        assertEquals(2, c.getattr(d.inode()).nlink());
        Calls.Answer page = new Calls.Answer();
        page.plus = false;
        c.call(page, r -> fs.readdir(c.ctx, sub.inode(), 0, 0, r));
        assertEquals(ROOT, page.entries.get(1).inode(), "'..' is the new parent");
    }

    @Test
    void exchangeOfDirectoryAndFileAcrossDirectoriesFixesLinkCounts() {
        EntryAttributes d1 = c.mkdir(ROOT, "d1");
        EntryAttributes d2 = c.mkdir(ROOT, "d2");
        EntryAttributes sub = c.mkdir(d1.inode(), "x");
        EntryAttributes f = c.touch(d2.inode(), "y");
        c.rename(d1.inode(), "x", d2.inode(), "y", Fuse.RENAME_EXCHANGE);
        assertEquals(f.inode(), c.lookup(d1.inode(), "x").inode());
        assertEquals(sub.inode(), c.lookup(d2.inode(), "y").inode());
        assertEquals(2, c.getattr(d1.inode()).nlink());
        assertEquals(3, c.getattr(d2.inode()).nlink());
    }

    @Test
    void xattrFlagsAreHonoured() {
        long ino = c.touch(ROOT, "f").inode();
        assertEquals(Errno.ENODATA, c.errno(a -> fs.getxattr(c.ctx, ino, b("user.x"), a)));
        assertEquals(Errno.ENODATA, c.errno(a -> fs.setxattr(c.ctx, ino, b("user.x"), b("1"), Fuse.XATTR_REPLACE, a)));
        c.setxattr(ino, "user.x", b("1"), Fuse.XATTR_CREATE);
        assertEquals(Errno.EEXIST, c.errno(a -> fs.setxattr(c.ctx, ino, b("user.x"), b("2"), Fuse.XATTR_CREATE, a)));
        c.setxattr(ino, "user.x", b("3"), Fuse.XATTR_REPLACE);
        assertArrayEquals(b("3"), c.getxattr(ino, "user.x"));
        c.setxattr(ino, "user.y", new byte[XattrRules.XATTR_SIZE_MAX], 0);
        assertEquals(Errno.E2BIG,
                c.errno(a -> fs.setxattr(c.ctx, ino, b("user.z"), new byte[XattrRules.XATTR_SIZE_MAX + 1], 0, a)));
        List<byte[]> names = c.call(a -> fs.listxattr(c.ctx, ino, a)).names;
        Set<String> set = new HashSet<>();
        names.forEach(n -> set.add(new String(n, StandardCharsets.UTF_8)));
        assertEquals(Set.of("user.x", "user.y"), set);
        c.call(a -> fs.removexattr(c.ctx, ino, b("user.x"), a));
        assertEquals(Errno.ENODATA, c.errno(a -> fs.removexattr(c.ctx, ino, b("user.x"), a)));
    }

    @Test
    void sparseFileReadsZerosAndCostsOnlyWhatIsWritten() {
        long ino = c.touch(ROOT, "sparse").inode();
        long before = fs.usedBytes();
        long far = 5L << 30;
        c.write(ino, far, b("end"));
        assertEquals(far + 3, c.getattr(ino).size());
        assertTrue(fs.usedBytes() - before <= SparseData.PAGE, "one page for one write: " + fs.usedBytes());
        byte[] hole = c.read(ino, 1 << 20, 128 * 1024);
        assertArrayEquals(new byte[128 * 1024], hole);
        byte[] tail = c.read(ino, far - 2, 10);
        assertArrayEquals(new byte[] { 0, 0, 'e', 'n', 'd' }, tail);
        assertEquals(0, c.read(ino, far + 3, 10).length, "end of file");
    }

    @Test
    void writesAndReadsAcrossChunkBoundaries() {
        long ino = c.touch(ROOT, "f").inode();
        byte[] data = new byte[3 * SparseData.CHUNK + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        long off = SparseData.CHUNK - 50;
        c.write(ino, off, data);
        assertArrayEquals(data, c.read(ino, off, data.length));
        byte[] mid = c.read(ino, off + 1000, 70000);
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 71000), mid);
    }

    @Test
    void truncateShrinksAndGrowsWithZeros() {
        long ino = c.touch(ROOT, "f").inode();
        c.write(ino, 0, b("abcdefgh"));
        c.truncate(ino, 3);
        assertArrayEquals(b("abc"), c.read(ino, 0, 100));
        c.truncate(ino, 6);
        assertArrayEquals(new byte[] { 'a', 'b', 'c', 0, 0, 0 }, c.read(ino, 0, 100));
        c.truncate(ino, 0);
        assertEquals(0, c.getattr(ino).blocks());
    }

    @Test
    void capacityIsEnforcedWithEnospcAndFreedSpaceIsReusable() {
        MemFs small = new MemFs(MemFsConfig.defaults().withCapacity(1 << 20));
        Calls s = new Calls(small);
        long ino = s.touch(ROOT, "big").inode();
        byte[] chunk = new byte[256 * 1024];
        for (int i = 0; i < 4; i++) {
            s.write(ino, (long) i * chunk.length, chunk);
        }
        assertEquals(Errno.ENOSPC,
                s.errno(a -> small.write(s.ctx, ino, 0, 4L * chunk.length, ByteBuffer.wrap(chunk), 0, a)));
        assertEquals(4L * chunk.length, s.getattr(ino).size(), "a failed write changes nothing");
        StatvfsData st = s.statfs();
        assertEquals(0, st.bfree());
        assertEquals(255, st.namemax());
        s.unlink(ROOT, "big");
        s.forget(ino, 1);
        assertEquals(0, small.usedBytes());
        assertEquals((1 << 20) / 4096, s.statfs().bfree());
    }

    @Test
    void fileDataIsNotBoundByTheHeapBudgetButXattrsAreAndMountsShareIt() {
        // Two 1 GiB mounts in a JVM whose heap budget holds 1 MiB: file data lives outside the heap, so 8 MiB of it
        // fit; xattrs live in the heap, so a setxattr past the budget fails as on a full disk, in either mount.
        Capacity heap = new Capacity(1 << 20);
        MemFs a = new MemFs(MemFsConfig.defaults(), heap);
        MemFs b = new MemFs(MemFsConfig.defaults(), heap);
        try {
            Calls ca = new Calls(a);
            Calls cb = new Calls(b);
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 7);
            long fa = ca.touch(ROOT, "a").inode();
            for (int i = 0; i < 8; i++) {
                ca.write(fa, (long) i * chunk.length, chunk);
            }
            assertArrayEquals(chunk, ca.read(fa, 7L * chunk.length, chunk.length));
            assertEquals(8L << 20, a.nativeBytes(), "the data is in native memory");
            byte[] value = new byte[XattrRules.XATTR_SIZE_MAX];
            int stored = 0;
            int refused = 0;
            while (refused == 0 && stored < 100) {
                int i = stored;
                refused = ca.errno(x -> a.setxattr(ca.ctx, fa, b("user.v" + i), value, 0, x));
                if (refused == 0) {
                    stored++;
                }
            }
            assertEquals(Errno.ENOSPC, refused);
            assertTrue(stored >= 14 && stored < 16, "about 1 MiB of 64 KiB values fit, less the inodes: " + stored);
            long fb = cb.touch(ROOT, "b").inode();
            assertEquals(Errno.ENOSPC, cb.errno(x -> b.setxattr(cb.ctx, fb, b("user.v"), value, 0, x)),
                    "the other mount shares the budget");
            ca.call(x -> a.removexattr(ca.ctx, fa, b("user.v0"), x));
            cb.call(x -> b.setxattr(cb.ctx, fb, b("user.v"), value, 0, x));
            assertArrayEquals(value, cb.call(x -> b.getxattr(cb.ctx, fb, b("user.v"), x)).bytes,
                    "space freed in one mount serves the other");

            long before = heap.used();
            a.close();
            assertTrue(heap.used() < before - 10L * value.length,
                    "a dropped mount gives its share back: " + heap.used());
            assertEquals(0, a.nativeBytes(), "and its native memory");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void unlinkedFileStaysUsableUntilLastForgetAndRelease() {
        EntryAttributes f = c.create(ROOT, "f");
        long fh = c.lastFh;
        c.write(f.inode(), 0, b("foo"));
        c.unlink(ROOT, "f");
        c.write(f.inode(), 3, b("bar"));
        assertArrayEquals(b("foobar"), c.read(f.inode(), 0, 100));
        assertEquals(0, c.getattr(f.inode()).nlink());
        long nodes = fs.inodeCount();
        c.forget(f.inode(), 1);
        assertEquals(nodes, fs.inodeCount(), "still open");
        c.release(f.inode(), fh);
        assertEquals(nodes - 1, fs.inodeCount(), "freed after the last release");
        assertEquals(0, fs.usedBytes());
        assertEquals(Errno.ENOENT, c.errno(a -> fs.getattr(c.ctx, f.inode(), java.util.OptionalLong.empty(), a)));
    }

    @Test
    void anUnlinkedFileGivesItsDataBackAtOnceAndItsInodeAtTheLastForget() {
        EntryAttributes f = c.touch(ROOT, "f");
        c.lookup(ROOT, "f"); // lookup count 2
        c.write(f.inode(), 0, new byte[100_000]);
        assertTrue(fs.usedBytes() >= 100_000);
        long nodes = fs.inodeCount();
        c.unlink(ROOT, "f");
        assertEquals(0, fs.usedBytes(), "no name and no handle: no one can read the data, as on tmpfs after rm");
        c.forget(f.inode(), 1);
        assertEquals(nodes, fs.inodeCount(), "one lookup left: the inode stays");
        c.forget(f.inode(), 1);
        assertEquals(nodes - 1, fs.inodeCount());
        assertEquals(-1, fs.lookupCount(f.inode()));
    }

    @Test
    void theSpaceOfARemovedFileIsFreeBeforeTheKernelForgetsIt() {
        // rm big && write another: the kernel's FORGET for big comes later, asynchronously
        MemFs small = new MemFs(MemFsConfig.defaults().withCapacity(1 << 20));
        Calls s = new Calls(small);
        byte[] mib = new byte[1 << 20];
        long big = s.touch(ROOT, "big").inode();
        s.write(big, 0, mib);
        s.unlink(ROOT, "big");
        long next = s.touch(ROOT, "next").inode();
        s.write(next, 0, mib);
        assertEquals(1 << 20, s.getattr(next).size());
        s.forget(big, 1);
        small.close();
    }

    @Test
    void readdirPlusCountsLookupsExceptDots() {
        long d = c.mkdir(ROOT, "d").inode();
        long f = c.touch(d, "f").inode();
        Calls.Answer page = new Calls.Answer();
        c.call(page, r -> fs.readdir(c.ctx, d, 0, 0, r));
        assertEquals(List.of(".", "..", "f"), page.entries.stream().map(Calls.DirEntry::name).toList());
        assertEquals(List.of(1L, 2L), page.entries.subList(0, 2).stream().map(Calls.DirEntry::nextOffset).toList());
        assertEquals(2, fs.lookupCount(f));
        assertEquals(1, fs.lookupCount(d));
    }

    @Test
    void readdirOffsetsStayValidWhileTheDirectoryChanges() {
        long d = c.mkdir(ROOT, "d").inode();
        for (int i = 0; i < 100; i++) {
            c.touch(d, "f" + i);
        }
        // read the first page, then delete some entries already listed and some not yet, add new ones
        Calls.Answer first = new Calls.Answer();
        first.plus = false;
        first.pageLimit = 30;
        c.call(first, r -> fs.readdir(c.ctx, d, 0, 0, r));
        long offset = first.entries.get(first.entries.size() - 1).nextOffset();
        for (int i = 0; i < 100; i += 3) {
            c.unlink(d, "f" + i);
        }
        for (int i = 0; i < 10; i++) {
            c.touch(d, "new" + i);
        }
        List<String> rest = new ArrayList<>();
        while (true) {
            Calls.Answer page = new Calls.Answer();
            page.plus = false;
            page.pageLimit = 7;
            long off = offset;
            c.call(page, r -> fs.readdir(c.ctx, d, 0, off, r));
            if (page.entries.isEmpty()) {
                break;
            }
            page.entries.forEach(e -> rest.add(e.name()));
            offset = page.entries.get(page.entries.size() - 1).nextOffset();
        }
        Set<String> seen = new HashSet<>();
        first.entries.forEach(e -> seen.add(e.name()));
        for (String n : rest) {
            assertTrue(seen.add(n), "returned twice: " + n);
        }
        for (int i = 0; i < 100; i++) {
            if (i % 3 != 0) {
                assertTrue(seen.contains("f" + i), "unchanged entry missed: f" + i);
            }
        }
    }

    @Test
    void readdirUnderConcurrentInsertAndDeleteNeverDuplicatesOrMissesStableEntries() throws Exception {
        long d = c.mkdir(ROOT, "d").inode();
        int stable = 2000;
        for (int i = 0; i < stable; i++) {
            c.touch(d, "stable" + i);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread churn = new Thread(() -> {
            Calls w = new Calls(fs);
            try {
                for (int i = 0; !stop.get(); i++) {
                    w.touch(d, "churn" + i);
                    if (i >= 10) {
                        w.unlink(d, "churn" + (i - 10));
                    }
                    started.countDown();
                }
            } catch (Throwable t) {
                failure.set(t);
                started.countDown();
            }
        });
        churn.start();
        try {
            started.await();
            for (int round = 0; round < 20; round++) {
                List<Calls.DirEntry> all = c.list(d, 50);
                Set<String> names = new HashSet<>();
                for (Calls.DirEntry e : all) {
                    assertTrue(names.add(e.name()), "returned twice: " + e.name());
                }
                for (int i = 0; i < stable; i++) {
                    assertTrue(names.contains("stable" + i), "missed stable" + i);
                }
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertEquals(null, failure.get());
    }

    @Test
    void fallocateModes() {
        long ino = c.touch(ROOT, "f").inode();
        c.call(a -> fs.fallocate(c.ctx, ino, 0, 0, 0, 100_000, a));
        assertEquals(100_000, c.getattr(ino).size());
        long used = fs.usedBytes();
        assertTrue(used >= 100_000);
        c.call(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_KEEP_SIZE, 100_000, 100_000, a));
        assertEquals(100_000, c.getattr(ino).size(), "KEEP_SIZE");
        assertTrue(fs.usedBytes() > used);
        c.write(ino, 0, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        c.call(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_PUNCH_HOLE | Fuse.FALLOC_FL_KEEP_SIZE, 2, 4, a));
        assertArrayEquals(new byte[] { 1, 2, 0, 0, 0, 0, 7, 8 }, c.read(ino, 0, 8));
        long beforePunch = fs.usedBytes();
        c.call(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_PUNCH_HOLE | Fuse.FALLOC_FL_KEEP_SIZE, 0, 1 << 20, a));
        assertTrue(fs.usedBytes() < beforePunch, "punching whole chunks frees them");
        assertEquals(100_000, c.getattr(ino).size());
        c.write(ino, 0, new byte[] { 9, 9, 9 });
        c.call(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_ZERO_RANGE, 1, 200_000, a));
        assertArrayEquals(new byte[] { 9, 0, 0 }, c.read(ino, 0, 3));
        assertEquals(200_001, c.getattr(ino).size(), "ZERO_RANGE without KEEP_SIZE extends");
        assertEquals(Errno.EOPNOTSUPP, c.errno(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_PUNCH_HOLE, 0, 1, a)));
        assertEquals(Errno.EOPNOTSUPP, c.errno(a -> fs.fallocate(c.ctx, ino, 0, 0x08, 0, 1, a)));
        assertEquals(Errno.ENOSPC, c.errno(a -> fs.fallocate(c.ctx, ino, 0, 0, 0, 1L << 40, a)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void fallocateOfTheLargestLengthIsRefusedAtOnce() {
        long ino = c.touch(ROOT, "f").inode();
        long used = fs.usedBytes();
        // once a 2^47-iteration scan of the range's chunks that kept the handler (and the file's lock) busy for days
        assertEquals(Errno.ENOSPC, c.errno(a -> fs.fallocate(c.ctx, ino, 0, 0, 0, Long.MAX_VALUE, a)));
        assertEquals(Errno.ENOSPC,
                c.errno(a -> fs.fallocate(c.ctx, ino, 0, Fuse.FALLOC_FL_KEEP_SIZE, 1L << 40, 1L << 62, a)));
        assertEquals(used, fs.usedBytes(), "nothing reserved");
        assertEquals(0, c.getattr(ino).size());
    }

    @Test
    void lseekFindsDataAndHoles() {
        long ino = c.touch(ROOT, "f").inode();
        long chunk = SparseData.CHUNK;
        c.write(ino, 3 * chunk, new byte[(int) chunk]); // data in chunk 3 only
        c.truncate(ino, 10 * chunk);
        assertEquals(3 * chunk, c.call(a -> fs.lseek(c.ctx, ino, 0, 0, Fuse.SEEK_DATA, a)).number);
        assertEquals(0, c.call(a -> fs.lseek(c.ctx, ino, 0, 0, Fuse.SEEK_HOLE, a)).number);
        assertEquals(4 * chunk, c.call(a -> fs.lseek(c.ctx, ino, 0, 3 * chunk + 5, Fuse.SEEK_HOLE, a)).number);
        assertEquals(Errno.ENXIO, c.errno(a -> fs.lseek(c.ctx, ino, 0, 4 * chunk, Fuse.SEEK_DATA, a)));
        assertEquals(Errno.ENXIO, c.errno(a -> fs.lseek(c.ctx, ino, 0, 10 * chunk, Fuse.SEEK_HOLE, a)));
        assertEquals(10 * chunk - 1, c.call(a -> fs.lseek(c.ctx, ino, 0, 10 * chunk - 1, Fuse.SEEK_HOLE, a)).number);
    }

    @Test
    void copyFileRangeCopiesDataAndKeepsHoles() {
        long src = c.touch(ROOT, "src").inode();
        long dst = c.touch(ROOT, "dst").inode();
        c.write(src, 0, b("hello"));
        c.write(src, 10L << 20, b("world"));
        long used = fs.usedBytes();
        long n = c.call(a -> fs.copyFileRange(c.ctx, src, 0, 0, dst, 0, 0, 1L << 30, 0, a)).number;
        assertEquals((10L << 20) + 5, n, "clamped to the source size");
        assertEquals((10L << 20) + 5, c.getattr(dst).size());
        assertArrayEquals(b("hello"), c.read(dst, 0, 5));
        assertArrayEquals(b("world"), c.read(dst, 10L << 20, 5));
        assertTrue(fs.usedBytes() - used <= 2L * SparseData.PAGE * 2, "holes stay holes");
        assertEquals(Errno.EINVAL, c.errno(a -> fs.copyFileRange(c.ctx, src, 0, 0, src, 0, 2, 5, 0, a)));
    }

    @Test
    void timestampsFollowPosixRules() throws Exception {
        long ino = c.touch(ROOT, "f").inode();
        EntryAttributes t0 = c.getattr(ino);
        EntryAttributes root0 = c.getattr(ROOT);
        Thread.sleep(2); // distinct clock readings; correctness does not depend on the duration
        c.write(ino, 0, b("x"));
        EntryAttributes t1 = c.getattr(ino);
        assertTrue(t1.mtimeNs() > t0.mtimeNs());
        assertTrue(t1.ctimeNs() > t0.ctimeNs());
        Thread.sleep(2);
        c.setattr(ino, new EntryAttributes().mode(0600), SetattrFields.MODE);
        EntryAttributes t2 = c.getattr(ino);
        assertEquals(t1.mtimeNs(), t2.mtimeNs(), "chmod leaves mtime");
        assertTrue(t2.ctimeNs() > t1.ctimeNs(), "chmod changes ctime");
        long ns = 2_000_000_000L * 1_000_000_000L + 999_999_999L;
        EntryAttributes t3 = c.setattr(ino, new EntryAttributes().atimeNs(ns).mtimeNs(ns - 1),
                SetattrFields.ATIME | SetattrFields.MTIME);
        assertEquals(ns, t3.atimeNs());
        assertEquals(ns - 1, t3.mtimeNs());
        Thread.sleep(2);
        c.touch(ROOT, "g");
        EntryAttributes root1 = c.getattr(ROOT);
        assertTrue(root1.mtimeNs() > root0.mtimeNs(), "creating an entry changes the directory's mtime");
        Thread.sleep(2);
        c.setxattr(ino, "user.a", b("1"), 0);
        assertTrue(c.getattr(ino).ctimeNs() > t3.ctimeNs(), "xattr changes ctime");
    }

    @Test
    void writeByNonRootClearsSetuid() {
        long ino = c.touch(ROOT, "f").inode();
        c.setattr(ino, new EntryAttributes().mode(06755), SetattrFields.MODE);
        c.write(ino, 0, b("x"));
        assertEquals(0755, c.getattr(ino).mode() & 07777);
    }

    @Test
    void symlinksAndSpecialNodes() {
        EntryAttributes l = c.call(a -> fs.symlink(c.ctx, ROOT, b("l"), b("../target"), a)).attributes;
        assertEquals(Fuse.S_IFLNK | 0777, l.mode());
        assertEquals(9, l.size());
        assertArrayEquals(b("../target"), c.call(a -> fs.readlink(c.ctx, l.inode(), a)).bytes);
        EntryAttributes fifo = c.call(a -> fs.mknod(c.ctx, ROOT, b("p"), Fuse.S_IFIFO | 0644, 0, a)).attributes;
        assertEquals(Fuse.S_IFIFO | 0644, fifo.mode());
        EntryAttributes dev = c.call(a -> fs.mknod(c.ctx, ROOT, b("null"), Fuse.S_IFCHR | 0666, 0x103, a)).attributes;
        assertEquals(0x103, dev.rdev());
        assertNotEquals(fifo.inode(), dev.inode());
        assertEquals(Errno.EINVAL, c.errno(a -> fs.readlink(c.ctx, fifo.inode(), a)));
    }

    @Test
    void openWithTruncEmptiesTheFile() {
        long ino = c.touch(ROOT, "f").inode();
        c.write(ino, 0, b("content"));
        long fh = c.open(ino, Fuse.O_WRONLY | Fuse.O_TRUNC);
        assertEquals(0, c.getattr(ino).size());
        c.release(ino, fh);
        assertFalse(fs.usedBytes() > 0);
    }
}
