package fuse.posix;

import static fuse.posix.Tools.assertPy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** pyfuse3's example tests ({@code test_examples.py}: tst_write ... tst_unlink), one test each. */
abstract class Pyfuse3ExampleBehaviour extends Behaviour {

    @Test
    void writeThenCompare() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(data);
        Path host = Files.createTempFile("fuse-posix-write", ".bin");
        try {
            Files.write(host, data);
            Path f = dir.resolve("copy.bin");
            Files.copy(host, f);
            assertArrayEquals(data, Files.readAllBytes(f));
            assertEquals(data.length, Files.size(f));
        } finally {
            Files.delete(host);
        }
    }

    @Test
    void mkdirHasTwoLinksAndListsEmpty() {
        assertPy("""
                isdir True
                nlink 2
                listing []
                in-parent True
                """, """
                d = j(A[0], 'sub')
                os.mkdir(d)
                st = os.stat(d)
                print('isdir', stat.S_ISDIR(st.st_mode))
                print('nlink', st.st_nlink)
                print('listing', os.listdir(d))
                print('in-parent', b'sub' in os.listdir(A[0]))
                """, dir);
    }

    @Test
    void symlinkAndReadlink() {
        assertPy("""
                islink True
                readlink b'/imaginary/dest'
                size 15
                listed [b'link']
                follow ENOENT
                """, """
                l = j(A[0], 'link')
                os.symlink(b'/imaginary/dest', l)
                st = os.lstat(l)
                print('islink', stat.S_ISLNK(st.st_mode))
                print('readlink', os.readlink(l))
                print('size', st.st_size)
                print('listed', os.listdir(A[0]))
                print('follow', err(os.stat, l))
                """, dir);
    }

    @Test
    void mknodFifoWorksAsAPipe() {
        assertPy("""
                isfifo True
                listed [b'fifo']
                through b'through the pipe'
                """, """
                p = j(A[0], 'fifo')
                os.mkfifo(p, 0o600)
                print('isfifo', stat.S_ISFIFO(os.lstat(p).st_mode))
                print('listed', os.listdir(A[0]))
                r = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
                w = os.open(p, os.O_WRONLY)
                os.write(w, b'through the pipe')
                print('through', os.read(r, 100))
                os.close(w); os.close(r)
                """, dir);
    }

    @Test
    void chownToOtherUidAndGid() {
        assertPy("""
                file True True
                dir True True
                mode-kept True
                """, """
                f = j(A[0], 'f'); put(f, b'x'); d = j(A[0], 'd'); os.mkdir(d)
                for name, p in (('file', f), ('dir', d)):
                    st = os.stat(p)
                    os.chown(p, st.st_uid + 1, st.st_gid + 1)
                    st2 = os.stat(p)
                    print(name, st2.st_uid == st.st_uid + 1, st2.st_gid == st.st_gid + 1)
                print('mode-kept', stat.S_ISDIR(os.stat(d).st_mode) and stat.S_ISREG(os.stat(f).st_mode))
                """, dir);
    }

    @Test
    void chmod0640() {
        assertPy("""
                mode 0o640
                regular True
                """, """
                f = j(A[0], 'f'); put(f, b'x')
                os.chmod(f, 0o640)
                st = os.stat(f)
                print('mode', oct(stat.S_IMODE(st.st_mode)))
                print('regular', stat.S_ISREG(st.st_mode))
                """, dir);
    }

    @Test
    void utimensIsNanosecondExact() {
        assertPy("""
                atime 1000000000123456789
                mtime 1500000000987654321
                dir-atime 1111111111000000001
                dir-mtime 1222222222999999999
                """, """
                f = j(A[0], 'f'); put(f, b'x')
                os.utime(f, ns=(1000000000123456789, 1500000000987654321))
                st = os.stat(f)
                print('atime', st.st_atime_ns)
                print('mtime', st.st_mtime_ns)
                d = j(A[0], 'd'); os.mkdir(d)
                os.utime(d, ns=(1111111111000000001, 1222222222999999999))
                st = os.stat(d)
                print('dir-atime', st.st_atime_ns)
                print('dir-mtime', st.st_mtime_ns)
                """, dir);
    }

    @Test
    void nanosecondsDoNotRoundAt999999999() {
        // pyfuse3's test_rounding: 999999999 ns must not round up into the next second (here in 2037, close to 2^31 s)
        assertPy("""
                atime 2139999999999999999
                mtime 2139999999999999999
                """, """
                f = j(A[0], 'f'); put(f, b'x')
                t = 2139999999 * 10**9 + 999999999
                os.utime(f, ns=(t, t))
                st = os.stat(f)
                print('atime', st.st_atime_ns)
                print('mtime', st.st_mtime_ns)
                """, dir);
    }

    @Test
    void hardLinkCountsAndEqualStats() {
        assertPy("""
                nlink-after-link 2 2
                same-stat True
                listing [b'a', b'b']
                content b'shared'
                nlink-after-unlink 1
                """, """
                a = j(A[0], 'a'); b = j(A[0], 'b'); put(a, b'shared')
                os.link(a, b)
                sa, sb = os.stat(a), os.stat(b)
                print('nlink-after-link', sa.st_nlink, sb.st_nlink)
                key = lambda s: (s.st_ino, s.st_mode, s.st_nlink, s.st_uid, s.st_gid, s.st_size, s.st_mtime_ns,
                                 s.st_ctime_ns)
                print('same-stat', key(sa) == key(sb))
                print('listing', sorted(os.listdir(A[0])))
                print('content', get(b))
                os.unlink(a)
                print('nlink-after-unlink', os.stat(b).st_nlink)
                """, dir);
    }

    @Test
    void renameKeepsStats() {
        assertPy("""
                same-stat True
                old-gone ENOENT
                listing [b'new']
                dir-same-stat True
                """, """
                a = j(A[0], 'old'); b = j(A[0], 'new'); put(a, b'content')
                key = lambda s: (s.st_ino, s.st_mode, s.st_nlink, s.st_uid, s.st_gid, s.st_size, s.st_mtime_ns)
                before = key(os.stat(a))
                os.rename(a, b)
                print('same-stat', before == key(os.stat(b)))
                print('old-gone', err(os.stat, a))
                print('listing', os.listdir(A[0]))
                d = j(A[0], 'dir'); os.mkdir(d); put(j(d, 'inner'))
                before = key(os.stat(d))
                os.rename(d, j(A[0], 'dir2'))
                print('dir-same-stat', before == key(os.stat(j(A[0], 'dir2'))))
                """, dir);
    }

    @Test
    void nestedReaddir() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("dir/sub"));
        Files.writeString(dir.resolve("dir/one"), "1");
        Files.writeString(dir.resolve("dir/two"), "2");
        Files.writeString(sub.resolve("three"), "3");
        Files.createSymbolicLink(dir.resolve("dir/link"), Path.of("one"));
        try (Stream<Path> top = Files.list(dir); Stream<Path> mid = Files.list(dir.resolve("dir"));
                Stream<Path> low = Files.list(sub)) {
            assertEquals("[dir]", names(top));
            assertEquals("[link, one, sub, two]", names(mid));
            assertEquals("[three]", names(low));
        }
        // readdir's d_type and "." / ".." as the kernel reports them, through python's scandir
        assertPy("""
                . dir
                .. dir
                link link
                one file
                sub dir
                two file
                """, """
                names = [b'.', b'..'] + sorted(os.listdir(j(A[0], 'dir')))
                for n in names:
                    p = j(A[0], 'dir', n)
                    st = os.lstat(p)
                    kind = 'dir' if stat.S_ISDIR(st.st_mode) else 'link' if stat.S_ISLNK(st.st_mode) else 'file'
                    print(n.decode(), kind)
                """, dir);
        assertPy("""
                link link
                one file
                sub dir
                two file
                """, """
                for e in sorted(os.scandir(j(A[0], 'dir')), key=lambda e: e.name):
                    kind = 'dir' if e.is_dir(follow_symlinks=False) else 'link' if e.is_symlink() else 'file'
                    print(e.name.decode(), kind)
                """, dir);
    }

    private static String names(Stream<Path> s) {
        return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
    }

    @Test
    void statvfsIsSane() {
        assertPy("""
                bsize True
                blocks True
                files True
                namemax 255
                """, """
                s = os.statvfs(A[0])
                print('bsize', s.f_bsize > 0 and s.f_frsize > 0)
                print('blocks', s.f_blocks >= s.f_bfree >= s.f_bavail >= 0 and s.f_blocks > 0)
                print('files', s.f_files >= s.f_ffree >= 0)
                print('namemax', s.f_namemax)
                """, dir);
    }

    @Test
    void truncateByPath() {
        assertPy("""
                grown 2048 True True
                shrunk 500 True
                """, """
                f = j(A[0], 'f'); data = bytes(range(256)) * 4; put(f, data)
                os.truncate(f, 2048)
                c = get(f)
                print('grown', len(c), c[:1024] == data, c[1024:] == bytes(1024))
                os.truncate(f, 500)
                c = get(f)
                print('shrunk', len(c), c == data[:500])
                """, dir);
    }

    @Test
    void truncateByFileDescriptor() {
        assertPy("""
                grown 2048 True True
                shrunk 500 True
                fstat 500
                """, """
                f = j(A[0], 'f'); data = bytes(range(256)) * 4; put(f, data)
                fd = os.open(f, os.O_RDWR)
                os.ftruncate(fd, 2048)
                c = os.pread(fd, 4096, 0)
                print('grown', len(c), c[:1024] == data, c[1024:] == bytes(1024))
                os.ftruncate(fd, 500)
                c = os.pread(fd, 4096, 0)
                print('shrunk', len(c), c == data[:500])
                print('fstat', os.fstat(fd).st_size)
                os.close(fd)
                """, dir);
    }

    @Test
    void unlinkWhileOpen() {
        assertPy("""
                gone ENOENT
                listing []
                nlink 0
                read-back b'foobar'
                """, """
                f = j(A[0], 'f')
                fd = os.open(f, os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b'foo')
                os.unlink(f)
                print('gone', err(os.stat, f))
                print('listing', os.listdir(A[0]))
                print('nlink', os.fstat(fd).st_nlink)
                os.write(fd, b'bar')
                os.lseek(fd, 0, os.SEEK_SET)
                print('read-back', os.read(fd, 100))
                os.close(fd)
                """, dir);
    }
}
