package fuse.posix;

import static fuse.posix.Tools.assertPy;
import static fuse.posix.Tools.py;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a mirror has: changes on either side show on the other with the same stat fields (pyfuse3's
 * tst_passthrough), and nothing done through the mount reaches outside the source directory, whatever symbolic
 * links, {@code ..} or renames racing with the requests are in the source.
 */
abstract class PassthroughOnlyBehaviour extends Behaviour {
    /** This test's directory in the source (the backing side of {@link #dir}). */
    private Path src;
    /** A sibling of the source that must stay exactly as it is. */
    private Path outside;
    private String outsideBefore;

    /** Prints every entry under a directory with the metadata an escape could change. */
    private static final String SNAPSHOT = """
            for root, dirs, files in os.walk(A[0]):
                for n in sorted(dirs + files):
                    p = os.path.join(root, n); st = os.lstat(p)
                    xs = sorted(os.listxattr(p, follow_symlinks=False)) if not stat.S_ISLNK(st.st_mode) else []
                    print(p, oct(st.st_mode), st.st_uid, st.st_gid, st.st_size, st.st_nlink, st.st_mtime_ns,
                          st.st_ctime_ns, xs)
            """;

    private Mirror passthrough() {
        return (Mirror) target();
    }

    @BeforeEach
    void locateBackingSide() throws Exception {
        src = passthrough().source().resolve(dir.getFileName().toString());
        outside = passthrough().outside().resolve(dir.getFileName().toString());
        Files.createDirectory(outside);
        Files.writeString(outside.resolve("victim"), "do not touch\n");
        Files.createDirectory(outside.resolve("victim-dir"));
        Files.writeString(outside.resolve("victim-dir/inner"), "inner\n");
        outsideBefore = snapshot(passthrough().outside());
    }

    private static String snapshot(Path p) {
        return py(SNAPSHOT, p);
    }

    private void assertOutsideUntouched() {
        assertEquals(outsideBefore, snapshot(passthrough().outside()), "nothing outside the source changed");
    }

    /** The stat fields pyfuse3's tst_passthrough compares. */
    private static final String COMPARE = """
            def same(a, b):
                sa, sb = os.lstat(a), os.lstat(b)
                f = ('st_atime_ns', 'st_mtime_ns', 'st_ctime_ns', 'st_mode', 'st_ino', 'st_nlink', 'st_uid', 'st_gid',
                     'st_size')
                diff = [(k, getattr(sa, k), getattr(sb, k)) for k in f if getattr(sa, k) != getattr(sb, k)]
                return diff or True
            """;

    @Test
    void changesPropagateBothWaysWithIdenticalStats() {
        assertPy("""
                source-to-mount True b'from the source'
                source-to-mount-subdir True b'deep'
                mount-to-source True b'from the mount'
                mount-to-source-subdir True b'deep mount'
                rewritten-in-source b'XYZDEFGHIJ' True
                appended-in-source b'XYZDEFGHIJ+more' True
                deleted-in-source ENOENT
                renamed-in-source True
                chmod-in-source 0o600 True
                dir-in-source True True
                """, COMPARE + """
                src, mnt = A[0], A[1]
                put(j(src, 'a'), b'from the source')
                print('source-to-mount', same(j(src, 'a'), j(mnt, 'a')), get(j(mnt, 'a')))
                os.makedirs(j(src, 'sub', 'deeper'))
                put(j(src, 'sub', 'deeper', 'b'), b'deep')
                print('source-to-mount-subdir', same(j(src, 'sub', 'deeper', 'b'), j(mnt, 'sub', 'deeper', 'b')),
                      get(j(mnt, 'sub', 'deeper', 'b')))
                put(j(mnt, 'c'), b'from the mount')
                print('mount-to-source', same(j(src, 'c'), j(mnt, 'c')), get(j(src, 'c')))
                put(j(mnt, 'sub', 'deeper', 'd'), b'deep mount')
                print('mount-to-source-subdir', same(j(src, 'sub', 'deeper', 'd'), j(mnt, 'sub', 'deeper', 'd')),
                      get(j(src, 'sub', 'deeper', 'd')))
                # the mount read the file (and may cache its pages): a same-size rewrite in the source must still show
                put(j(src, 'r'), b'ABCDEFGHIJ'); get(j(mnt, 'r'))
                fd = os.open(j(src, 'r'), os.O_WRONLY); os.pwrite(fd, b'XYZ', 0); os.close(fd)
                os.utime(j(src, 'r'), ns=(1, 1600000000000000000))
                print('rewritten-in-source', get(j(mnt, 'r')), same(j(src, 'r'), j(mnt, 'r')))
                with open(j(src, 'r'), 'ab') as f:
                    f.write(b'+more')
                print('appended-in-source', get(j(mnt, 'r')), same(j(src, 'r'), j(mnt, 'r')))
                os.unlink(j(src, 'a'))
                print('deleted-in-source', err(os.stat, j(mnt, 'a')))
                os.rename(j(src, 'c'), j(src, 'c2'))
                print('renamed-in-source', os.path.exists(j(mnt, 'c2')) and not os.path.exists(j(mnt, 'c')))
                os.chmod(j(src, 'c2'), 0o600)
                print('chmod-in-source', oct(stat.S_IMODE(os.stat(j(mnt, 'c2')).st_mode)),
                      same(j(src, 'c2'), j(mnt, 'c2')))
                print('dir-in-source', same(j(src, 'sub'), j(mnt, 'sub')), same(src, mnt))
                """, src, dir);
    }

    @Test
    void operationsOnSymlinksNeverFollowThem() {
        assertPy("""
                readlink-root b'/'
                lchown OK True
                lutimes OK True
                trusted-xattr-on-link True
                link-the-link OK True 1
                unlink-root-link OK True
                rename-over-link OK b'replaced'
                """, """
                src, mnt, victim = A[0], A[1], A[2]
                os.symlink(b'/', j(src, 'root'))
                os.symlink(victim, j(src, 'to-victim'))
                print('readlink-root', os.readlink(j(mnt, 'root')))
                r = err(os.chown, j(mnt, 'to-victim'), 4242, 4242, follow_symlinks=False)
                print('lchown', r, os.lstat(j(src, 'to-victim')).st_uid == 4242)
                r = err(os.utime, j(mnt, 'to-victim'), ns=(5, 5), follow_symlinks=False)
                print('lutimes', r, os.lstat(j(src, 'to-victim')).st_mtime_ns == 5)
                r = err(os.setxattr, j(mnt, 'to-victim'), b'trusted.escape', b'1', follow_symlinks=False)
                print('trusted-xattr-on-link', r in ('OK', 'EPERM', 'EOPNOTSUPP'))
                r = err(os.link, j(mnt, 'to-victim'), j(mnt, 'link2'), follow_symlinks=False)
                print('link-the-link', r, stat.S_ISLNK(os.lstat(j(src, 'link2')).st_mode), os.stat(victim).st_nlink)
                r = err(os.unlink, j(mnt, 'root'))
                print('unlink-root-link', r, os.path.isdir(b'/etc'))
                put(j(mnt, 'new'), b'replaced')
                r = err(os.rename, j(mnt, 'new'), j(mnt, 'link2'))
                print('rename-over-link', r, get(j(src, 'link2')))
                """, src, dir, outside.resolve("victim"));
        assertOutsideUntouched();
    }

    @Test
    void dotDotAndRelativeSymlinksResolveInTheMountNotTheSource() throws Exception {
        assertPy("""
                dotdot-of-root-is-mount-parent True
                dotdot-of-subdir-is-root True
                relative-link-to-outside ENOENT
                create-through-up-link ENOENT
                """, """
                src, mnt, name = A[0], A[1], A[2]
                root = os.path.dirname(mnt)
                os.mkdir(j(mnt, 'sub'))
                print('dotdot-of-root-is-mount-parent',
                      os.stat(j(root, b'..')).st_ino == os.stat(os.path.dirname(root)).st_ino)
                print('dotdot-of-subdir-is-root', os.stat(j(mnt, 'sub', '..')).st_ino == os.stat(mnt).st_ino)
                # resolved in the source these would reach ../../outside/<name>; resolved in the mount they reach
                # nothing
                os.symlink(b'../../outside/' + name + b'/victim', j(src, 'up'))
                print('relative-link-to-outside', err(get, j(mnt, 'up')))
                os.symlink(b'../../outside/' + name, j(src, 'updir'))
                print('create-through-up-link', err(put, j(mnt, 'updir', 'planted'), b'x'))
                """, src, dir, dir.getFileName());
        assertOutsideUntouched();
    }

    @Test
    void directoryReplacedBySymlinkWhileHeldOpen() {
        // the kernel keeps using the inode it looked up; the driver must keep meaning that directory, not the name
        assertPy("""
                create OK
                mkdir OK
                symlink OK
                mkfifo OK
                chmod OK
                utime OK
                rename OK
                link OK
                unlink OK
                stat-in-held b'existing'
                real-dir [b'existing', b'fifo', b'made', b'moved', b'moved-link', b'sym']
                """, """
                src, mnt, name = A[0], A[1], A[2]
                os.mkdir(j(src, 'd')); put(j(src, 'd', 'existing'), b'existing'); put(j(src, 'd', 'gone'), b'x')
                dfd = os.open(j(mnt, 'd'), os.O_RDONLY | os.O_DIRECTORY)
                os.stat('existing', dir_fd=dfd)
                os.rename(j(src, 'd'), j(src, 'd-real'))
                os.symlink(b'../../outside/' + name + b'/victim-dir', j(src, 'd'))
                def create():
                    os.close(os.open('created', os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=dfd))
                print('create', err(create))
                print('mkdir', err(os.mkdir, 'made', dir_fd=dfd))
                print('symlink', err(os.symlink, 'target', 'sym', dir_fd=dfd))
                print('mkfifo', err(os.mkfifo, 'fifo', dir_fd=dfd))
                print('chmod', err(os.chmod, 'existing', 0o600, dir_fd=dfd))
                print('utime', err(os.utime, 'existing', ns=(7, 7), dir_fd=dfd))
                print('rename', err(os.rename, 'created', 'moved', src_dir_fd=dfd, dst_dir_fd=dfd))
                print('link', err(os.link, 'sym', 'moved-link', src_dir_fd=dfd, dst_dir_fd=dfd, follow_symlinks=False))
                print('unlink', err(os.unlink, 'gone', dir_fd=dfd))
                fd = os.open('existing', os.O_RDONLY, dir_fd=dfd)
                print('stat-in-held', os.read(fd, 100)); os.close(fd)
                os.close(dfd)
                print('real-dir', sorted(os.listdir(j(src, 'd-real'))))
                """, src, dir, dir.getFileName());
        assertOutsideUntouched();
    }

    @Test
    void renameRacesNeverReachOutside() {
        // one thread swaps a real directory and a symlink to outside under the same name in the source, atomically
        // and over and over; meanwhile every kind of change goes through the mount by path. Whatever each request
        // meets, nothing may land outside the source.
        String out = py(120, """
                import threading
                src, mnt, name = A[0], A[1], A[2]
                os.mkdir(j(src, 'd')); put(j(src, 'd', 'f'), b'x')
                os.symlink(b'../../outside/' + name + b'/victim-dir', j(src, 'd-link'))
                stop = threading.Event()
                swaps = [0]
                def swapper():
                    while not stop.is_set():
                        renameat2(j(src, 'd'), j(src, 'd-link'), RENAME_EXCHANGE)
                        swaps[0] += 1
                t = threading.Thread(target=swapper); t.start()
                outcomes = set()
                try:
                    for i in range(1500):
                        p = j(mnt, 'd', 'n%d' % i)
                        outcomes.add(err(put, p, b'data'))
                        outcomes.add(err(os.chmod, j(mnt, 'd', 'f'), 0o600 + (i % 2) * 0o40))
                        outcomes.add(err(os.setxattr, j(mnt, 'd', 'f'), b'user.race', b'1'))
                        outcomes.add(err(os.rename, p, j(mnt, 'd', 'r%d' % i)))
                        outcomes.add(err(os.unlink, j(mnt, 'd', 'r%d' % i)))
                        outcomes.add(err(os.mkdir, j(mnt, 'd', 'm%d' % i)))
                        outcomes.add(err(os.rmdir, j(mnt, 'd', 'm%d' % i)))
                        outcomes.add(err(os.truncate, j(mnt, 'd', 'f'), i % 3))
                finally:
                    stop.set(); t.join()
                print('swaps', swaps[0] > 0, 'outcomes', sorted(outcomes))
                """, src, dir, dir.getFileName());
        assertOutsideUntouched();
        assertEquals(true, out.startsWith("swaps True"), out);
    }
}
