package fuse.posix;

import static fuse.posix.Tools.assertPy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import fuse.driver.memfs.MemFs;
import fuse.testing.Await;

/**
 * What a careless or malicious caller can throw at a file system: names and xattrs at and just past their limits,
 * names made of every byte a name may hold, offsets next to 2^63, negative and huge sizes. Each case must give the
 * kernel's errno (or work as on tmpfs), and nothing else in the directory may change.
 *
 * <p>The FUSE kernel module answers many of these itself before a driver sees them (empty names, xattr values over
 * 64 KiB, names over 255 bytes for the xattr calls, negative sizes, {@code offset + length} past {@code s_maxbytes});
 * the rest reach the driver, which must then agree with tmpfs. FUSE's {@code s_maxbytes} is MAX_LFS_FILESIZE
 * (2^63 - 1) as on tmpfs, so the largest offsets behave the same on every target.
 */
abstract class HostileInputBehaviour extends Behaviour {

    @Test
    void emptyNamesAreNotFound() {
        assertPy("""
                open ENOENT
                create ENOENT
                mkdir ENOENT
                stat ENOENT
                unlink ENOENT
                rename-from ENOENT
                rename-to ENOENT
                symlink-named-empty ENOENT
                symlink-to-empty ENOENT
                link-to-empty ENOENT
                listing [b'keep']
                keep b'kept'
                """, """
                os.chdir(A[0]); put(b'keep', b'kept')
                print('open', err(os.open, b'', os.O_RDONLY))
                print('create', err(os.open, b'', os.O_CREAT | os.O_WRONLY, 0o644))
                print('mkdir', err(os.mkdir, b''))
                print('stat', err(os.stat, b''))
                print('unlink', err(os.unlink, b''))
                print('rename-from', err(os.rename, b'', b'x'))
                print('rename-to', err(os.rename, b'keep', b''))
                print('symlink-named-empty', err(os.symlink, b'keep', b''))
                print('symlink-to-empty', err(os.symlink, b'', b'dangling'))
                print('link-to-empty', err(os.link, b'keep', b''))
                print('listing', sorted(os.listdir(b'.')))
                print('keep', get(b'keep'))
                """, dir);
    }

    @Test
    void namesAtAndPastNameMax() {
        assertPy("""
                create-255 OK
                stat-255 True 5
                listed-255 True
                xattr-on-255 b'v'
                mkdir-255 OK
                nested-255 OK b'deep'
                rename-255-to-255 OK
                stat-256 ENAMETOOLONG
                open-256 ENAMETOOLONG
                unlink-256 ENAMETOOLONG
                rmdir-256 ENAMETOOLONG
                mknod-256 ENAMETOOLONG
                rename-from-256 ENAMETOOLONG
                component-256-in-path ENAMETOOLONG
                path-over-path-max ENAMETOOLONG
                unlink-255 OK
                listing [4, 255]
                """, """
                os.chdir(A[0]); put(b'keep', b'kept')
                n255 = b'f' * 255; d255 = b'd' * 255; n256 = b'g' * 256
                print('create-255', err(put, n255, b'hello'))
                st = os.stat(n255)
                print('stat-255', stat.S_ISREG(st.st_mode), st.st_size)
                print('listed-255', n255 in os.listdir(b'.'))
                os.setxattr(n255, b'user.k', b'v')
                print('xattr-on-255', os.getxattr(n255, b'user.k'))
                print('mkdir-255', err(os.mkdir, d255))
                print('nested-255', err(put, d255 + b'/' + n255, b'deep'), get(d255 + b'/' + n255))
                print('rename-255-to-255', err(os.rename, n255, b'h' * 255))
                print('stat-256', err(os.stat, n256))
                print('open-256', err(os.open, n256, os.O_RDONLY))
                print('unlink-256', err(os.unlink, n256))
                print('rmdir-256', err(os.rmdir, n256))
                print('mknod-256', err(os.mknod, n256))
                print('rename-from-256', err(os.rename, n256, b'x'))
                print('component-256-in-path', err(os.stat, d255 + b'/' + n256 + b'/x'))
                # PATH_MAX is 4096 bytes including the terminating NUL: the kernel refuses before any lookup
                print('path-over-path-max', err(os.stat, b'/'.join([d255] * 17)))
                print('unlink-255', err(os.unlink, b'h' * 255))
                print('listing', sorted(len(n) for n in os.listdir(b'.')))
                """, dir);
    }

    @Test
    void namesWithEveryByteExceptSlash() {
        // 253 one-byte names (all but '/' and '.'), 254 two-byte names, and one name holding all 254 bytes at once
        assertPy("""
                names 508
                created 508
                listed-exactly True
                stat-ok 508
                content-ok 508
                renamed-ok 508
                unlinked 508
                left [b'keep']
                keep b'kept'
                """, """
                os.chdir(A[0]); put(b'keep', b'kept')
                allowed = [b for b in range(1, 256) if b != ord('/')]
                names = [bytes([b]) for b in allowed if b != ord('.')]
                names += [b'x' + bytes([b]) for b in allowed]
                names.append(bytes(allowed))
                print('names', len(names))
                created = 0
                for i, n in enumerate(names):
                    put(n, b'%d:' % i + n)
                    created += 1
                print('created', created)
                print('listed-exactly', sorted(os.listdir(b'.')) == sorted(names + [b'keep']))
                print('stat-ok', sum(1 for i, n in enumerate(names)
                                     if stat.S_ISREG(os.lstat(n).st_mode)
                                     and os.lstat(n).st_size == len(b'%d:' % i + n)))
                print('content-ok', sum(1 for i, n in enumerate(names) if get(n) == b'%d:' % i + n))
                renamed = 0
                for n in names:
                    # another hostile name as the target; the reverse keeps every name unique
                    os.rename(n, b'r' + n[::-1][:254])
                    renamed += 1
                for i, n in enumerate(names):
                    if get(b'r' + n[::-1][:254]) != b'%d:' % i + n:
                        renamed -= 1
                print('renamed-ok', renamed)
                unlinked = 0
                for n in names:
                    os.unlink(b'r' + n[::-1][:254])
                    unlinked += 1
                print('unlinked', unlinked)
                print('left', sorted(os.listdir(b'.')))
                print('keep', get(b'keep'))
                """, dir);
    }

    @Test
    void xattrNamesAndValuesAtAndPastTheirLimits() {
        MemFs memfs = memfs();
        long usedBefore = memfs == null ? 0 : memfs.usedBytes();
        assertPy("""
                value-64k OK True
                value-64k-plus-1 E2BIG
                value-1m E2BIG
                replace-too-big-keeps-old E2BIG True
                name-255 OK b'at the limit'
                name-256-set ERANGE
                name-256-get ERANGE
                name-256-remove ERANGE
                name-empty-set ERANGE
                name-empty-get ERANGE
                list-under-64k OK 2
                list-over-64k E2BIG
                others-unchanged b'data' True
                removed-all []
                """, """
                f = j(A[0], 'f'); put(f, b'data'); g = j(A[0], 'g'); put(g, b'other'); os.setxattr(g, b'user.g', b'g')
                big = bytes((i * 13) & 0xff for i in range(65536))
                r = err(os.setxattr, f, b'user.big', big)
                print('value-64k', r, os.getxattr(f, b'user.big') == big)
                print('value-64k-plus-1', err(os.setxattr, f, b'user.bigger', big + b'x'))
                print('value-1m', err(os.setxattr, f, b'user.huge', bytes(1 << 20)))
                r = err(os.setxattr, f, b'user.big', big + big)
                print('replace-too-big-keeps-old', r, os.getxattr(f, b'user.big') == big)
                n255 = b'user.' + b'n' * 250; n256 = b'user.' + b'n' * 251
                print('name-255', err(os.setxattr, f, n255, b'at the limit'), os.getxattr(f, n255))
                print('name-256-set', err(os.setxattr, f, n256, b'v'))
                print('name-256-get', err(os.getxattr, f, n256))
                print('name-256-remove', err(os.removexattr, f, n256))
                print('name-empty-set', err(os.setxattr, f, b'', b'v'))
                print('name-empty-get', err(os.getxattr, f, b''))
                print('list-under-64k', err(os.listxattr, f), len(os.listxattr(f)))
                # XATTR_LIST_MAX is 64 KiB: a longer list cannot be returned to anyone
                h = j(A[0], 'h'); put(h)
                for i in range(300):
                    os.setxattr(h, b'user.' + (b'%03d' % i) * 83, b'')
                print('list-over-64k', err(os.listxattr, h))
                print('others-unchanged', get(f), os.getxattr(g, b'user.g') == b'g' and os.listxattr(g) == ['user.g'])
                for n in os.listxattr(f):
                    os.removexattr(f, n)
                for i in range(300):
                    os.removexattr(h, b'user.' + (b'%03d' % i) * 83)
                print('removed-all', os.listxattr(f) + os.listxattr(h))
                """, dir);
        if (memfs != null) {
            deleteAll();
            assertEquals(usedBefore, settledUsedBytes(memfs, usedBefore),
                    "with the files gone, memfs' accounting is back where it was: refused xattrs cost nothing");
        }
    }

    @Test
    void offsetsNextToTwoToTheSixtyThird() {
        // s_maxbytes is 2^63 - 1 on tmpfs and on FUSE alike: one byte fits at 2^63 - 2; a write whose end would pass
        // 2^63 - 1 is refused by rw_verify_area (EINVAL: pos + count overflows loff_t)
        assertPy("""
                two-bytes-at-max-minus-2 EINVAL 4
                one-byte-at-max-minus-2 OK 9223372036854775807
                read-back b'Z'
                read-before-is-zero b'\\x00'
                read-ending-past-max EINVAL
                one-byte-at-max EINVAL
                zero-bytes-at-max OK
                head-kept b'data'
                seek-data-finds-head 0
                blocks-small True
                truncate-back OK 4 b'data'
                truncate-to-max OK 9223372036854775807
                pread-near-max b'\\x00\\x00'
                neighbour b'kept'
                """, """
                os.chdir(A[0]); put(b'keep', b'kept'); put(b'f', b'data')
                M = (1 << 63) - 1
                fd = os.open(b'f', os.O_RDWR)
                print('two-bytes-at-max-minus-2', err(os.pwrite, fd, b'ZZ', M - 1), os.fstat(fd).st_size)
                print('one-byte-at-max-minus-2', err(os.pwrite, fd, b'Z', M - 1), os.fstat(fd).st_size)
                print('read-back', os.pread(fd, 1, M - 1))
                print('read-before-is-zero', os.pread(fd, 1, M - 2))
                print('read-ending-past-max', err(os.pread, fd, 2, M - 1))
                print('one-byte-at-max', err(os.pwrite, fd, b'Z', M))
                print('zero-bytes-at-max', err(os.pwrite, fd, b'', M))
                print('head-kept', os.pread(fd, 4, 0))
                print('seek-data-finds-head', os.lseek(fd, 0, os.SEEK_DATA))
                print('blocks-small', os.fstat(fd).st_blocks * 512 <= 1 << 20)
                print('truncate-back', err(os.ftruncate, fd, 4), os.fstat(fd).st_size, os.pread(fd, 100, 0))
                print('truncate-to-max', err(os.ftruncate, fd, M), os.fstat(fd).st_size)
                print('pread-near-max', os.pread(fd, 2, M - 3))
                os.close(fd)
                print('neighbour', get(b'keep'))
                """, dir);
        if (target().kind() == Target.Kind.MEMFS) {
            // tmpfs (Linux 6.18) does not find data in its last page, index 2^51 - 1: SEEK_DATA says ENXIO from
            // any offset, SEEK_HOLE at 2^63 - 3 too. That is a tmpfs quirk, not a rule, so the comparison above
            // leaves SEEK_* at the edge out; memfs must find the chunk holding the byte. (passthrough forwards to
            // tmpfs.)
            assertPy("""
                    seek-data-finds-last-chunk True
                    seek-hole-after-it 9223372036854775807
                    """, """
                    M = (1 << 63) - 1
                    fd = os.open(j(A[0], 'edge'), os.O_RDWR | os.O_CREAT, 0o644)
                    os.pwrite(fd, b'Z', M - 1)
                    # memfs allocates in 64 KiB chunks: the data region may start where the last chunk starts
                    print('seek-data-finds-last-chunk', M - (1 << 16) <= os.lseek(fd, 1 << 20, os.SEEK_DATA) <= M - 1)
                    print('seek-hole-after-it', os.lseek(fd, M - 1, os.SEEK_HOLE))
                    os.close(fd)
                    """, dir);
        }
    }

    @Test
    void negativeAndHugeSizes() {
        MemFs memfs = memfs();
        long usedBefore = memfs == null ? 0 : memfs.usedBytes();
        assertPy("""
                truncate-negative EINVAL
                ftruncate-negative EINVAL
                fallocate-negative-length EINVAL
                fallocate-zero-length EINVAL
                fallocate-negative-offset EINVAL
                fallocate-end-past-max EFBIG
                fallocate-keep-size-end-overflows EFBIG
                fallocate-length-too-big-for-space ENOSPC
                fallocate-punch-huge OK
                size-and-content 4 b'data'
                free-space-not-taken True
                neighbour b'kept'
                """, """
                os.chdir(A[0]); put(b'keep', b'kept'); put(b'f', b'data')
                before = os.statvfs(b'.')
                fd = os.open(b'f', os.O_RDWR)
                print('truncate-negative', err(os.truncate, b'f', -1))
                print('ftruncate-negative', err(os.ftruncate, fd, -1))
                print('fallocate-negative-length', err(fallocate, fd, 0, 0, -1))
                print('fallocate-zero-length', err(fallocate, fd, 0, 0, 0))
                print('fallocate-negative-offset', err(fallocate, fd, 0, -1, 10))
                print('fallocate-end-past-max', err(fallocate, fd, 0, (1 << 63) - 10, 100))
                print('fallocate-keep-size-end-overflows', err(fallocate, fd, FALLOC_FL_KEEP_SIZE, 1 << 62, 1 << 62))
                # representable, but more than the file system has room for
                print('fallocate-length-too-big-for-space', err(fallocate, fd, 0, 0, (1 << 63) - 1))
                print('fallocate-punch-huge',
                      err(fallocate, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4, (1 << 63) - 5))
                print('size-and-content', os.fstat(fd).st_size, os.pread(fd, 100, 0))
                os.close(fd)
                after = os.statvfs(b'.')
                # a refused fallocate must not keep a part of what it tried to reserve. (Only a drop counts: space an
                # earlier test's files free meanwhile, when their FORGET arrives or sqlfs's 2 s statfs cache expires,
                # may raise it.)
                print('free-space-not-taken',
                      (before.f_bfree - after.f_bfree) * after.f_frsize <= 1 << 16 or (before.f_bfree, after.f_bfree))
                print('neighbour', get(b'keep'))
                """, dir);
        if (memfs != null) {
            long grown = memfs.usedBytes() - usedBefore;
            assertTrue(grown <= 64 * 1024, "memfs keeps nothing of the refused allocations; grew by " + grown);
            deleteAll();
            assertEquals(usedBefore, settledUsedBytes(memfs, usedBefore), "and nothing once the files are gone");
        }
    }

    /** Removes this test's files (plain names only). */
    private void deleteAll() {
        Tools.script(dir, "rm -rf -- ./* ./.[!.]* 2>/dev/null; true");
    }

    /**
     * memfs frees an unlinked file once the kernel has forgotten it, which follows the unlink at once but on a
     * reader thread of its own: waits (boundedly) for the figure to reach {@code expected} and returns it.
     */
    static long settledUsedBytes(MemFs memfs, long expected) {
        Await.until(Duration.ofSeconds(5), () -> memfs.usedBytes() == expected);
        return memfs.usedBytes();
    }

    /** memfs behind the target, or null for the other targets. */
    protected MemFs memfs() {
        return target() instanceof FuseTarget t && t.ops() instanceof MemFs m ? m : null;
    }
}
