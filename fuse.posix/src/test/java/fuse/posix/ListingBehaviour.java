package fuse.posix;

import static fuse.posix.Tools.assertPy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large directories and directories that change while they are listed. */
abstract class ListingBehaviour extends Behaviour {
    static final int BIG = 100_000;

    /** Reads a directory with getdents64 in pages of a given size, so the listing spans many readdir calls. */
    private static final String GETDENTS = """
            import struct
            SYS_getdents64 = 217
            _buf = ctypes.create_string_buffer(1 << 16)
            def getdents(fd, size):
                n = _libc.syscall(SYS_getdents64, fd, _buf, ctypes.c_size_t(size))
                if n < 0:
                    e = ctypes.get_errno(); raise OSError(e, os.strerror(e))
                names, pos, raw = [], 0, _buf.raw[:n]
                while pos < n:
                    reclen = struct.unpack_from('<H', raw, pos + 16)[0]
                    names.append(raw[pos + 19:pos + reclen].split(b'\\0', 1)[0])
                    pos += reclen
                return names
            """;

    @Test
    @Timeout(240)
    void hundredThousandEntriesListCompletely() throws Exception {
        assertEquals("created 100000", Tools.py(120, """
                n = int(sys.argv[2])
                for i in range(n):
                    os.mknod(os.path.join(A[0], b'entry-%06d' % i))
                print('created', n)
                """, dir, BIG));
        assertEquals(String.valueOf(BIG + 2), Tools.script(dir, "ls -f | wc -l").strip(),
                "ls -f lists . .. and every entry");
        Set<String> seen = new HashSet<>();
        int count = 0;
        try (Stream<Path> s = java.nio.file.Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                seen.add(p.getFileName().toString());
                count++;
            }
        }
        assertEquals(BIG, count, "Files.list returns each entry once");
        assertEquals(BIG, seen.size(), "no name twice");
        for (int i = 0; i < BIG; i += 997) {
            assertEquals(true, seen.contains(String.format("entry-%06d", i)), "entry " + i + " listed");
        }
        assertPy("""
                listdir 100000 True
                small-pages 100002 100002
                nlink 2
                """, GETDENTS + """
                n = int(sys.argv[2])
                names = os.listdir(A[0])
                print('listdir', len(names), set(names) == {b'entry-%06d' % i for i in range(n)})
                fd = os.open(A[0], os.O_RDONLY | os.O_DIRECTORY)
                total = []
                while True:
                    page = getdents(fd, 4096)
                    if not page:
                        break
                    total += page
                os.close(fd)
                print('small-pages', len(total), len(set(total)))
                print('nlink', os.stat(A[0]).st_nlink)
                """, dir, BIG);
    }

    @Test
    void readdirWhileTheDirectoryChanges() {
        assertPy("""
                first-page-partial True
                duplicates []
                kept-all-seen True
                strangers []
                after []
                """, GETDENTS + """
                for i in range(3000):
                    put(j(A[0], 'keep-%04d' % i))
                for i in range(1000):
                    put(j(A[0], 'del-%04d' % i))
                fd = os.open(A[0], os.O_RDONLY | os.O_DIRECTORY)
                seen = getdents(fd, 1024)
                seen += getdents(fd, 1024)
                print('first-page-partial', 0 < len(seen) < 4002)
                for i in range(1000):
                    os.unlink(j(A[0], 'del-%04d' % i))
                    put(j(A[0], 'new-%04d' % i))
                while True:
                    page = getdents(fd, 1024)
                    if not page:
                        break
                    seen += page
                    # keep changing the directory between pages, too
                    if len(seen) % 7 == 0:
                        put(j(A[0], 'late-%06d' % len(seen)))
                os.close(fd)
                from collections import Counter
                print('duplicates', [n for n, c in Counter(seen).items() if c > 1])
                keep = {b'keep-%04d' % i for i in range(3000)}
                print('kept-all-seen', keep <= set(seen) and {b'.', b'..'} <= set(seen))
                print('strangers', [n for n in seen
                                    if not (n in (b'.', b'..')
                                            or n.split(b'-')[0] in (b'keep', b'del', b'new', b'late'))])
                # a fresh listing afterwards shows exactly the directory's current content
                now = set(os.listdir(A[0]))
                print('after', sorted(n for n in now if n.startswith(b'del-')))
                """, dir);
    }
}
