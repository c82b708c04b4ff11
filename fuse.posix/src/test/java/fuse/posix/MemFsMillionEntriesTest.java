package fuse.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import fuse.api.Fuse;
import fuse.driver.memfs.MemFs;
import fuse.driver.memfs.MemFsConfig;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Calls;
import fuse.testing.Ctx;
import fuse.testing.Trees;

/**
 * One memfs directory with 1,000,000 entries. Creating them through the mount takes minutes (one mknod round trip
 * each, see {@link #millionThroughTheMount}), too slow for every build, so the entries are created with memfs'
 * Operations API directly; then lookup and a paged readdir go through a real mount, and the heap the entries take
 * must stay proportional: under 1 KiB each.
 */
class MemFsMillionEntriesTest {
    static final int ENTRIES = 1_000_000;
    static final long BYTES_PER_ENTRY_LIMIT = 1024;

    /** Lists a directory with getdents64 in pages of a given size and checks the names against entry-0..n-1. */
    private static final String LIST_AND_LOOK_UP = """
            import struct
            n = int(sys.argv[2])
            t0 = time.monotonic()
            for i in list(range(0, n, 9973)) + [n - 1]:
                st = os.stat(j(A[0], 'entry-%07d' % i))
                assert stat.S_ISREG(st.st_mode) and st.st_size == 0, (i, st)
            print('lookups-ok', 'missing', err(os.stat, j(A[0], 'entry-%07d' % n)))
            t1 = time.monotonic()
            buf = ctypes.create_string_buffer(1 << 15)
            fd = os.open(A[0], os.O_RDONLY | os.O_DIRECTORY)
            names, calls = set(), 0
            while True:
                got = _libc.syscall(217, fd, buf, ctypes.c_size_t(1 << 15))
                if got < 0:
                    raise OSError(ctypes.get_errno(), 'getdents64')
                if got == 0:
                    break
                calls += 1
                raw, pos = buf.raw[:got], 0
                while pos < got:
                    reclen = struct.unpack_from('<H', raw, pos + 16)[0]
                    names.add(raw[pos + 19:pos + reclen].split(b'\\0', 1)[0])
                    pos += reclen
            os.close(fd)
            t2 = time.monotonic()
            expected = {b'entry-%07d' % i for i in range(n)} | {b'.', b'..'}
            print('listing', len(names), names == expected)
            print('lookups %.2f s, readdir %.2f s in %d getdents64 calls' % (t1 - t0, t2 - t1, calls))
            """;

    @Test
    @Timeout(300)
    void millionEntriesCreatedDirectlyWorkThroughTheMount() throws Exception {
        long heapBefore = usedHeap();
        MemFs memfs = new MemFs(MemFsConfig.defaults());
        Calls c = new Calls(memfs, Ctx.ROOT);
        long dirInode = c.call(r -> memfs.mkdir(c.ctx, Fuse.ROOT_INODE, bytes("big"), Fuse.S_IFDIR | 0755, r))
                .attributes.inode();
        long t0 = System.nanoTime();
        for (int i = 0; i < ENTRIES; i++) {
            byte[] name = bytes(String.format("entry-%07d", i));
            c.call(r -> memfs.mknod(c.ctx, dirInode, name, Fuse.S_IFREG | 0644, 0, r));
        }
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        long perEntry = (usedHeap() - heapBefore) / ENTRIES;
        assertEquals(ENTRIES + 2, memfs.inodeCount(), "root, the directory and every entry");

        Path base = Trees.tempDir("fuse-posix-million-");
        Path mountpoint = Files.createDirectory(base.resolve("mnt"));
        FuseMount mount = FuseMount.mount(memfs, mountpoint,
                Map.of(Fuse.DRIVER, "memfs", Fuse.FSNAME, "memfs-million"));
        try {
            String[] out = Tools.py(240, LIST_AND_LOOK_UP, mountpoint.resolve("big"), ENTRIES).split("\n");
            assertEquals("lookups-ok missing ENOENT\nlisting " + (ENTRIES + 2) + " True", out[0] + "\n" + out[1],
                    "every entry looked up and listed exactly once");
            System.out.printf("memfs, %d entries in one directory: created through the Operations API in %.1f s, "
                    + "%d heap bytes per entry; through the mount: %s%n", ENTRIES, createSeconds, perEntry, out[2]);
        } finally {
            mount.close();
            Trees.remove(base);
        }
        assertTrue(perEntry < BYTES_PER_ENTRY_LIMIT,
                "memory proportional to the entries: " + perEntry + " bytes each, limit " + BYTES_PER_ENTRY_LIMIT);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
