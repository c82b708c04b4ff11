package fuse.posix;

import static fuse.posix.Tools.assertPy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.driver.memfs.MemFs;

/** File contents: sparse files, SEEK_DATA / SEEK_HOLE, fallocate and hole punching, copy_file_range. */
abstract class DataBehaviour extends Behaviour {
    static final int KIB = 1024;

    @Test
    void sparseFileHolesReadAsZeros() {
        assertPy("""
                size 1073745920
                head b'head'
                hole-zeros True
                tail b'tail'
                blocks-small True
                past-end b''
                """, """
                f = j(A[0], 'sparse')
                fd = os.open(f, os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'head')
                os.lseek(fd, 1 << 30, os.SEEK_SET)
                os.write(fd, b'tail' + bytes(4092))
                print('size', os.fstat(fd).st_size)
                print('head', os.pread(fd, 4, 0))
                print('hole-zeros',
                      os.pread(fd, 1 << 20, 512 << 20) == bytes(1 << 20) and os.pread(fd, 8192, 4) == bytes(8192))
                print('tail', os.pread(fd, 4, 1 << 30))
                print('blocks-small', os.fstat(fd).st_blocks * 512 <= 1 << 20)
                print('past-end', os.pread(fd, 10, (1 << 30) + 4096))
                os.close(fd)
                """, dir);
    }

    @Test
    void seekDataAndSeekHole() {
        // data at [0, 64K) and [1G, 1G+64K): boundaries on 64 KiB so every granularity (page, block, chunk) agrees
        assertPy("""
                data-at-0 0
                hole-after-first 65536
                data-in-hole-finds-second True
                hole-in-second 1073807360
                data-at-end ENXIO
                hole-at-end ENXIO
                hole-file-end 1073807360
                empty-file-data ENXIO
                """, """
                f = j(A[0], 'f')
                fd = os.open(f, os.O_RDWR | os.O_CREAT, 0o644)
                os.pwrite(fd, b'a' * 65536, 0)
                os.pwrite(fd, b'b' * 65536, 1 << 30)
                print('data-at-0', os.lseek(fd, 0, os.SEEK_DATA))
                print('hole-after-first', os.lseek(fd, 0, os.SEEK_HOLE))
                d = os.lseek(fd, 1 << 20, os.SEEK_DATA)
                print('data-in-hole-finds-second', (1 << 30) - 65536 <= d <= 1 << 30)
                print('hole-in-second', os.lseek(fd, (1 << 30) + 10, os.SEEK_HOLE))
                size = os.fstat(fd).st_size
                print('data-at-end', err(os.lseek, fd, size, os.SEEK_DATA))
                print('hole-at-end', err(os.lseek, fd, size + 1, os.SEEK_HOLE))
                print('hole-file-end', os.lseek(fd, size - 1, os.SEEK_HOLE))
                os.close(fd)
                e = os.open(j(A[0], 'empty'), os.O_RDWR | os.O_CREAT, 0o644)
                print('empty-file-data', err(os.lseek, e, 0, os.SEEK_DATA))
                os.close(e)
                """, dir);
    }

    @Test
    void fallocateAllocatesAndPunchesHoles() {
        assertPy("""
                mode0-size 1048576 True
                keep-size 0
                punched-size 262144
                punched-zeros True
                around-kept True
                fewer-blocks True
                hole-found 65536
                punch-without-keep-size EOPNOTSUPP
                """, """
                a = j(A[0], 'alloc')
                fd = os.open(a, os.O_RDWR | os.O_CREAT, 0o644)
                fallocate(fd, 0, 0, 1 << 20)
                print('mode0-size', os.fstat(fd).st_size, os.pread(fd, 1 << 20, 0) == bytes(1 << 20))
                os.close(fd)
                k = j(A[0], 'keep')
                fd = os.open(k, os.O_RDWR | os.O_CREAT, 0o644)
                fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 1 << 20)
                print('keep-size', os.fstat(fd).st_size)
                os.close(fd)
                p = j(A[0], 'punch')
                fd = os.open(p, os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'a' * (256 * 1024))
                os.fsync(fd)
                blocks = os.fstat(fd).st_blocks
                fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 64 * 1024, 128 * 1024)
                print('punched-size', os.fstat(fd).st_size)
                print('punched-zeros', os.pread(fd, 128 * 1024, 64 * 1024) == bytes(128 * 1024))
                print('around-kept',
                      os.pread(fd, 64 * 1024, 0) == b'a' * 65536 and os.pread(fd, 65536, 192 * 1024) == b'a' * 65536)
                print('fewer-blocks', os.fstat(fd).st_blocks < blocks)
                print('hole-found', os.lseek(fd, 0, os.SEEK_HOLE))
                print('punch-without-keep-size', err(fallocate, fd, FALLOC_FL_PUNCH_HOLE, 0, 4096))
                os.close(fd)
                """, dir);
    }

    @Test
    void fallocatePunchHoleWithTheShellTool() {
        String out = Tools.script(dir, """
                head -c 300000 /dev/zero | tr '\\0' 'x' > f
                fallocate -p -o 4096 -l 8192 f
                stat -c %s f
                od -A d -c f | head -6
                """);
        String x = "   x".repeat(16);
        String zero = "  \\0".repeat(16);
        assertEquals("300000\n0000000" + x + "\n*\n0004096" + zero + "\n*\n0012288" + x + "\n*\n", out,
                "size kept, [4096, 12288) reads as zeros, the rest as written");
    }

    @Test
    void copyFileRange() {
        assertPy("""
                copied 300000
                content True
                dst-size 305000
                dst-head-zeros True
                same-file-overlap EINVAL
                past-end 0
                """, """
                src = j(A[0], 'src'); dst = j(A[0], 'dst')
                data = bytes((i * 31 + i // 251) & 0xff for i in range(1 << 20))
                put(src, data)
                s = os.open(src, os.O_RDONLY); d = os.open(dst, os.O_RDWR | os.O_CREAT, 0o644)
                n = 0
                while n < 300000:
                    c = os.copy_file_range(s, d, 300000 - n, 1000 + n, 5000 + n)
                    if c == 0:
                        break
                    n += c
                print('copied', n)
                out = get(dst)
                print('content', out[5000:] == data[1000:301000])
                print('dst-size', len(out))
                print('dst-head-zeros', out[:5000] == bytes(5000))
                rw = os.open(src, os.O_RDWR)
                print('same-file-overlap', err(os.copy_file_range, rw, rw, 4096, 0, 100))
                print('past-end', os.copy_file_range(s, d, 100, 2 << 20, 0))
                os.close(rw); os.close(s); os.close(d)
                """, dir);
    }

    @Test
    void fiveGibSparseFileCostsAlmostNothing() {
        MemFs memfs = target() instanceof FuseTarget t && t.ops() instanceof MemFs m ? m : null;
        long usedBefore = memfs == null ? 0 : memfs.usedBytes();
        assertPy("""
                size 5368709121
                last b'x'
                middle-zeros True
                du-small True
                statfs-used-small True
                """, """
                before = os.statvfs(A[0])
                f = j(A[0], 'five-gib')
                fd = os.open(f, os.O_RDWR | os.O_CREAT, 0o644)
                os.pwrite(fd, b'x', 5 << 30)
                os.fsync(fd)
                after = os.statvfs(A[0])
                print('size', os.fstat(fd).st_size)
                print('last', os.pread(fd, 1, 5 << 30))
                print('middle-zeros', os.pread(fd, 1 << 20, 3 << 30) == bytes(1 << 20))
                print('du-small', os.fstat(fd).st_blocks * 512 <= 1 << 20)
                used = (before.f_bfree - after.f_bfree) * after.f_frsize
                print('statfs-used-small', used <= 1 << 20 or (used, before.f_bfree, after.f_bfree))
                os.close(fd)
                """, dir);
        if (memfs != null) {
            long grown = memfs.usedBytes() - usedBefore;
            assertTrue(grown <= 64 * KIB, "memfs' own accounting grew by " + grown + " bytes");
        }
    }
}
