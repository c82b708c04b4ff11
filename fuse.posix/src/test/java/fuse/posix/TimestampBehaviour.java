package fuse.posix;

import static fuse.posix.Tools.assertPy;

import org.junit.jupiter.api.Test;

/**
 * Which operations change mtime and ctime (and of which inode). Only "changed or not" is compared: the values are
 * the clock's. Each operation runs in a directory of its own; one pause before the operations lets even a coarse
 * kernel clock tick, so "unchanged" is never a tick too short.
 */
abstract class TimestampBehaviour extends Behaviour {

    /** Sets up every scenario, records m/ctime, pauses, runs the operations, and prints "scenario object m=? c=?". */
    private static final String HARNESS = """
            scenarios = []
            def scenario(name, setup, op, *objects):
                base = j(A[0], name); os.mkdir(base)
                setup(base)
                scenarios.append((name, base, op, objects))
            def run():
                before = {}
                for name, base, op, objects in scenarios:
                    for o in objects:
                        st = os.lstat(j(base, o) if o != '.' else base)
                        before[(name, o)] = (st.st_mtime_ns, st.st_ctime_ns)
                time.sleep(0.05)
                for name, base, op, objects in scenarios:
                    op(base)
                    for o in objects:
                        st = os.lstat(j(base, o) if o != '.' else base)
                        m, c = before[(name, o)]
                        print(name, o, 'm=%d' % (st.st_mtime_ns != m), 'c=%d' % (st.st_ctime_ns != c))
            def with_file(base):
                put(j(base, 'f'), b'0123456789')
            def with_dir(base):
                os.mkdir(j(base, 'd'))
            def with_two_dirs(base):
                os.mkdir(j(base, 'from')); os.mkdir(j(base, 'to')); put(j(base, 'from', 'f'), b'x')
                os.mkdir(j(base, 'from', 'sub'))
            def write(base):
                fd = os.open(j(base, 'f'), os.O_WRONLY); os.pwrite(fd, b'new', 2); os.close(fd)
            def read(base):
                get(j(base, 'f'))
            def otrunc(base):
                os.close(os.open(j(base, 'f'), os.O_WRONLY | os.O_TRUNC))
            def ftrunc(base):
                fd = os.open(j(base, 'f'), os.O_WRONLY); os.ftruncate(fd, 100000); os.close(fd)
            def falloc(base):
                fd = os.open(j(base, 'f'), os.O_WRONLY); fallocate(fd, 0, 0, 100000); os.close(fd)
            def link(base):
                os.link(j(base, 'f'), j(base, 'g'))
            def unlink_one_of_two(base):
                os.unlink(j(base, 'g'))
            def with_two_names(base):
                with_file(base); os.link(j(base, 'f'), j(base, 'g'))
            def utime_atime_only(base):
                st = os.stat(j(base, 'f')); os.utime(j(base, 'f'), ns=(12345, st.st_mtime_ns))
            """;

    @Test
    void fileTimestampRules() {
        assertPy("""
                write f m=1 c=1
                write . m=0 c=0
                read f m=0 c=0
                truncate f m=1 c=1
                ftruncate f m=1 c=1
                open-trunc f m=1 c=1
                fallocate f m=1 c=1
                chmod f m=0 c=1
                chown f m=0 c=1
                utime f m=0 c=1
                setxattr f m=0 c=1
                removexattr f m=0 c=1
                """, HARNESS + """
                scenario('write', with_file, write, 'f', '.')
                scenario('read', with_file, read, 'f')
                scenario('truncate', with_file, lambda b: os.truncate(j(b, 'f'), 3), 'f')
                scenario('ftruncate', with_file, ftrunc, 'f')
                scenario('open-trunc', with_file, otrunc, 'f')
                scenario('fallocate', with_file, falloc, 'f')
                scenario('chmod', with_file, lambda b: os.chmod(j(b, 'f'), 0o600), 'f')
                scenario('chown', with_file, lambda b: os.chown(j(b, 'f'), 4242, 4242), 'f')
                scenario('utime', with_file, utime_atime_only, 'f')
                scenario('setxattr', with_file, lambda b: os.setxattr(j(b, 'f'), b'user.t', b'1'), 'f')
                def with_xattr(base):
                    with_file(base); os.setxattr(j(base, 'f'), b'user.t', b'1')
                scenario('removexattr', with_xattr, lambda b: os.removexattr(j(b, 'f'), b'user.t'), 'f')
                run()
                """, dir);
    }

    @Test
    void directoryTimestampRules() {
        assertPy("""
                create . m=1 c=1
                mkdir . m=1 c=1
                mkfifo . m=1 c=1
                symlink . m=1 c=1
                link f m=0 c=1
                link . m=1 c=1
                unlink g m=0 c=1
                unlink . m=1 c=1
                rmdir . m=1 c=1
                rename f m=0 c=1
                rename . m=1 c=1
                rename-over . m=1 c=1
                move-file from m=1 c=1
                move-file to m=1 c=1
                move-dir from m=1 c=1
                move-dir to m=1 c=1
                chmod-dir d m=0 c=1
                write-in-dir d m=0 c=0
                """, HARNESS + """
                scenario('create', lambda b: None, lambda b: put(j(b, 'new')), '.')
                scenario('mkdir', lambda b: None, lambda b: os.mkdir(j(b, 'new')), '.')
                scenario('mkfifo', lambda b: None, lambda b: os.mkfifo(j(b, 'new')), '.')
                scenario('symlink', lambda b: None, lambda b: os.symlink(b'x', j(b, 'new')), '.')
                scenario('link', with_file, link, 'f', '.')
                scenario('unlink', with_two_names, lambda b: os.unlink(j(b, 'f')), 'g', '.')
                scenario('rmdir', with_dir, lambda b: os.rmdir(j(b, 'd')), '.')
                scenario('rename', with_file,
                         lambda b: os.rename(j(b, 'f'), j(b, 'f2')) or os.rename(j(b, 'f2'), j(b, 'f')), 'f', '.')
                def two_files(base):
                    with_file(base); put(j(base, 'g'))
                scenario('rename-over', two_files, lambda b: os.rename(j(b, 'g'), j(b, 'f')), '.')
                scenario('move-file', with_two_dirs, lambda b: os.rename(j(b, 'from', 'f'), j(b, 'to', 'f')),
                         'from', 'to')
                scenario('move-dir', with_two_dirs, lambda b: os.rename(j(b, 'from', 'sub'), j(b, 'to', 'sub')),
                         'from', 'to')
                scenario('chmod-dir', with_dir, lambda b: os.chmod(j(b, 'd'), 0o700), 'd')
                def write_in_dir(base):
                    with_dir(base); put(j(base, 'd', 'f'), b'x')
                def write_inside(b):
                    fd = os.open(j(b, 'd', 'f'), os.O_WRONLY); os.write(fd, b'y'); os.close(fd)
                scenario('write-in-dir', write_in_dir, write_inside, 'd')
                run()
                """, dir);
    }
}
