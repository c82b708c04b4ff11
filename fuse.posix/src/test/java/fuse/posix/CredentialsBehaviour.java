package fuse.posix;

import static fuse.posix.Tools.assertPy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the requests of an unprivileged user (uid and gid 65534, no supplementary groups) and of root with umask 0 do
 * to files, compared with what Linux does on a local file system: the cases of issue 20 that were found by hand on
 * passthrough over ext4. The snippets run as root and fork a child that drops to uid 65534 for the steps another user
 * makes ({@code nobody(f, ...)}), so each case is made by root, done by the user and checked by root in one place.
 * The FUSE targets are mounted with {@code allow_other} for this (see {@link FuseTarget}).
 */
abstract class CredentialsBehaviour extends Behaviour {
    /** Runs {@code f(*args)} in a child process as uid/gid 65534 without groups; its result as {@code err} gives it. */
    private static final String NOBODY = """
            def nobody(f, *args):
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(r)
                    try:
                        os.setgroups([]); os.setgid(65534); os.setuid(65534)
                        out = err(f, *args)
                    except BaseException as e:
                        out = 'FAILED ' + repr(e)
                    os.write(w, out.encode()); os._exit(0)
                os.close(w)
                out = b''
                while True:
                    b = os.read(r, 4096)
                    if not b:
                        break
                    out += b
                os.close(r); os.waitpid(pid, 0)
                return out.decode()
            def mode(p):
                return format(os.lstat(p).st_mode & 0o7777, 'o')
            def content(p):
                try:
                    return get(p)
                except OSError as e:
                    return errno.errorcode[e.errno]
            """;

    /** The user must reach the test directory: the targets' base directories are made 0700 by the JVM. */
    @BeforeEach
    void letOtherUsersIn() throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /**
     * A write, a truncation, an fallocate or a copy_file_range into the file by a user without CAP_FSETID takes
     * set-user-ID away, and set-group-ID when the group may execute or the writer is not in the file's group (Linux's
     * {@code setattr_should_drop_sgid}); a write by root keeps both, and so does a write that was refused. Each case
     * is a fresh root-owned file with two bytes, created by root with umask 0 and its mode (as in issue 20: on
     * passthrough the driver's own umask made 04777 a 04755 the user could not open for writing).
     */
    @Test
    void writeOrTruncateByAnotherUserClearsSetIdBits() {
        assertPy("""
                4777 group 0 write-wronly OK 777
                4777 group 0 write-rdwr OK 777
                4777 group 0 open-trunc OK 777
                4777 group 0 truncate OK 777
                4777 group 0 ftruncate OK 777
                4777 group 0 fallocate OK 777
                4777 group 0 punch-hole OK 777
                4777 group 0 copy-file-range OK 777
                2777 group 0 write-wronly OK 777
                2777 group 0 write-rdwr OK 777
                2777 group 0 open-trunc OK 777
                2777 group 0 truncate OK 777
                2777 group 0 ftruncate OK 777
                2777 group 0 fallocate OK 777
                2777 group 0 punch-hole OK 777
                2777 group 0 copy-file-range OK 777
                6777 group 0 write-wronly OK 777
                6777 group 0 write-rdwr OK 777
                6777 group 0 open-trunc OK 777
                6777 group 0 truncate OK 777
                6777 group 0 ftruncate OK 777
                6777 group 0 fallocate OK 777
                6777 group 0 punch-hole OK 777
                6777 group 0 copy-file-range OK 777
                2767 group 0 write-wronly OK 767
                2767 group 0 write-rdwr OK 767
                2767 group 0 open-trunc OK 767
                2767 group 0 truncate OK 767
                2767 group 0 ftruncate OK 767
                2767 group 0 fallocate OK 767
                2767 group 0 punch-hole OK 767
                2767 group 0 copy-file-range OK 767
                6767 group 0 write-wronly OK 767
                6767 group 0 write-rdwr OK 767
                6767 group 0 open-trunc OK 767
                6767 group 0 truncate OK 767
                6767 group 0 ftruncate OK 767
                6767 group 0 fallocate OK 767
                6767 group 0 punch-hole OK 767
                6767 group 0 copy-file-range OK 767
                2767 group 65534 write-wronly OK 2767
                2767 group 65534 write-rdwr OK 2767
                2767 group 65534 open-trunc OK 2767
                2767 group 65534 truncate OK 2767
                2767 group 65534 ftruncate OK 2767
                2767 group 65534 fallocate OK 2767
                2767 group 65534 punch-hole OK 2767
                2767 group 65534 copy-file-range OK 2767
                6777 group 65534 write-wronly OK 777
                6777 group 65534 write-rdwr OK 777
                6777 group 65534 open-trunc OK 777
                6777 group 65534 truncate OK 777
                6777 group 65534 ftruncate OK 777
                6777 group 65534 fallocate OK 777
                6777 group 65534 punch-hole OK 777
                6777 group 65534 copy-file-range OK 777
                4755 group 0 write-wronly EACCES 4755
                4755 group 0 write-rdwr EACCES 4755
                4755 group 0 open-trunc EACCES 4755
                4755 group 0 truncate EACCES 4755
                4755 group 0 ftruncate EACCES 4755
                4755 group 0 fallocate EACCES 4755
                4755 group 0 punch-hole EACCES 4755
                4755 group 0 copy-file-range EACCES 4755
                root-writes 6777 OK 6777
                root-truncates 6777 OK 6777
                contents b'hix'
                """, NOBODY + """
                def write1(p, flags):
                    fd = os.open(p, flags)
                    try:
                        os.write(fd, b'x')
                    finally:
                        os.close(fd)
                def ftrunc(p):
                    fd = os.open(p, os.O_WRONLY)
                    try:
                        os.ftruncate(fd, 1)
                    finally:
                        os.close(fd)
                def falloc(p, how):
                    fd = os.open(p, os.O_WRONLY)
                    try:
                        fallocate(fd, how, 0, 8192)
                    finally:
                        os.close(fd)
                def copy_into(p):
                    fi = os.open(j(A[0], 'source'), os.O_RDONLY)
                    fo = os.open(p, os.O_WRONLY)
                    try:
                        os.copy_file_range(fi, fo, 2, 0, 0)
                    finally:
                        os.close(fi); os.close(fo)
                put(j(A[0], 'source'), b'ab')
                ops = [('write-wronly', lambda p: write1(p, os.O_WRONLY)),
                       ('write-rdwr', lambda p: write1(p, os.O_RDWR)),
                       ('open-trunc', lambda p: os.close(os.open(p, os.O_WRONLY | os.O_TRUNC))),
                       ('truncate', lambda p: os.truncate(p, 1)),
                       ('ftruncate', ftrunc),
                       ('fallocate', lambda p: falloc(p, 0)),
                       ('punch-hole', lambda p: falloc(p, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)),
                       ('copy-file-range', copy_into)]
                os.umask(0)
                def make(p, m, g):
                    fd = os.open(p, os.O_CREAT | os.O_WRONLY, m)
                    os.write(fd, b'hi'); os.close(fd)
                    if g != 0:
                        os.chown(p, 0, g); os.chmod(p, m)  # the chown took set-user-ID away: back
                    return mode(p)
                n = 0
                for m, g in [(0o4777, 0), (0o2777, 0), (0o6777, 0), (0o2767, 0), (0o6767, 0), (0o2767, 65534),
                             (0o6777, 65534), (0o4755, 0)]:
                    for name, op in ops:
                        n += 1
                        p = j(A[0], 'f%d' % n)
                        made = make(p, m, g)
                        print(made, 'group', g, name, nobody(op, p), mode(p))
                p = j(A[0], 'root'); put(p, b'hi'); os.chmod(p, 0o6777)
                print('root-writes', mode(p), err(write1, p, os.O_WRONLY | os.O_APPEND), mode(p))
                q = j(A[0], 'root2'); put(q, b'hi'); os.chmod(q, 0o6777)
                print('root-truncates', mode(q), err(os.truncate, q, 1), mode(q))
                print('contents', content(p))
                """, dir);
    }

    /**
     * A file capability ({@code security.capability}, what {@code setcap} sets) goes away with any change of the
     * file's contents, also by root: a write, a truncation, an open with O_TRUNC, an fallocate. Other xattrs stay.
     * On FUSE the kernel removes it itself only when the server did not promise to
     * ({@code FUSE_HANDLE_KILLPRIV_V2}, which memfs negotiates).
     */
    @Test
    void aFileCapabilityIsDroppedByAnyChangeOfTheContents() {
        assertPy("""
                write True ENODATA b'kept'
                truncate True ENODATA b'kept'
                open-trunc True ENODATA b'kept'
                fallocate True ENODATA b'kept'
                read True True b'kept'
                """, """
                import struct
                # struct vfs_cap_data, revision 2, effective: cap_net_raw permitted (what setcap cap_net_raw+ep sets)
                cap = struct.pack('<IIIII', 0x02000001, 1 << 13, 0, 0, 0)
                for how in ('write', 'truncate', 'open-trunc', 'fallocate', 'read'):
                    f = j(A[0], 'cap-' + how); put(f, b'data')
                    os.setxattr(f, b'security.capability', cap)
                    os.setxattr(f, b'user.other', b'kept')
                    before = os.getxattr(f, b'security.capability') == cap
                    if how == 'write':
                        fd = os.open(f, os.O_WRONLY); os.pwrite(fd, b'x', 1); os.close(fd)
                    elif how == 'truncate':
                        os.truncate(f, 2)
                    elif how == 'open-trunc':
                        os.close(os.open(f, os.O_WRONLY | os.O_TRUNC))
                    elif how == 'fallocate':
                        fd = os.open(f, os.O_WRONLY); os.posix_fallocate(fd, 0, 8192); os.close(fd)
                    else:
                        fd = os.open(f, os.O_RDONLY); os.read(fd, 4); os.close(fd)
                    r = err(os.getxattr, f, b'security.capability')
                    print(how, before, r if r != 'OK' else os.getxattr(f, b'security.capability') == cap,
                          os.getxattr(f, b'user.other'))
                """, dir);
    }

    /**
     * chown(2) takes set-user-ID away, root's too, and set-group-ID when the group may execute the file or the caller
     * is neither root nor a member of the file's group before the change (Linux 6.2+, {@code setattr_should_drop_sgid}
     * in {@code chown_common}). Each file belongs to user 65534, who (or root) gives it group 65534. A member of the
     * old group keeps a set-group-ID without group execute, and so does root. (Linux clears it for
     * {@code chown(f, -1, -1)} by a non-member too, but no FUSE request tells a driver of such a chown: not tested.)
     */
    @Test
    void chownClearsSetIdBitsAsLinuxDoes() {
        assertPy("""
                2745 group 0 user-chgrp OK 745 65534
                2745 group 65534 user-chgrp OK 2745 65534
                2755 group 0 user-chgrp OK 755 65534
                6745 group 0 user-chgrp OK 745 65534
                2745 group 0 root-chgrp OK 2745 65534
                6755 group 0 root-chgrp OK 755 65534
                """, NOBODY + """
                os.umask(0)
                n = 0
                for m, g, who in [(0o2745, 0, 'user'), (0o2745, 65534, 'user'), (0o2755, 0, 'user'),
                                  (0o6745, 0, 'user'), (0o2745, 0, 'root'), (0o6755, 0, 'root')]:
                    n += 1
                    p = j(A[0], 'c%d' % n)
                    put(p, b'hi'); os.chown(p, 65534, g); os.chmod(p, m)
                    made = mode(p)
                    out = nobody(os.chown, p, -1, 65534) if who == 'user' else err(os.chown, p, -1, 65534)
                    print(made, 'group', g, who + '-chgrp', out, mode(p), os.stat(p).st_gid)
                """, dir);
    }

    /**
     * With umask 0 a new file, directory or node gets exactly the mode asked for, whatever the length of its name or
     * path: neither a 255-byte name nor a path of about 4,000 bytes (nested 255-byte directories) changes it, and
     * neither does the file system's own process (a driver running with umask 022 must not apply that too).
     */
    @Test
    void createdModeIsTheRequestedOneWithUmaskZero() {
        assertPy("""
                short-file 620
                long-name-file 620
                long-name-file-642 642
                short-dir 777
                long-name-dir 757
                fifo 666
                deep-path-length-ok True
                deep-dirs 777
                deep-file 642
                deep-fifo 606
                user-file 6755 65534 65534
                user-dir 1777 65534 65534
                """, NOBODY + """
                os.umask(0)
                def create(p, m):
                    os.close(os.open(p, os.O_CREAT | os.O_WRONLY, m))
                create(j(A[0], 's'), 0o620); print('short-file', mode(j(A[0], 's')))
                create(j(A[0], 'n' * 255), 0o620); print('long-name-file', mode(j(A[0], 'n' * 255)))
                create(j(A[0], 'o' * 255), 0o642); print('long-name-file-642', mode(j(A[0], 'o' * 255)))
                os.mkdir(j(A[0], 'd'), 0o777); print('short-dir', mode(j(A[0], 'd')))
                os.mkdir(j(A[0], 'e' * 255), 0o757); print('long-name-dir', mode(j(A[0], 'e' * 255)))
                os.mkfifo(j(A[0], 'p' * 255), 0o666); print('fifo', mode(j(A[0], 'p' * 255)))
                deep = A[0]
                while len(deep) + 256 + 8 < 4000:
                    deep = j(deep, 'D' * 255); os.mkdir(deep, 0o777)
                print('deep-path-length-ok', 3700 < len(j(deep, 'file')) < 4096)
                print('deep-dirs', mode(deep))
                create(j(deep, 'file'), 0o642); print('deep-file', mode(j(deep, 'file')))
                os.mkfifo(j(deep, 'fifo'), 0o606); print('deep-fifo', mode(j(deep, 'fifo')))
                os.chmod(A[0], 0o777)
                u = j(A[0], 'user'); nobody(create, u, 0o6755)
                print('user-file', mode(u), os.stat(u).st_uid, os.stat(u).st_gid)
                v = j(A[0], 'userdir'); nobody(os.mkdir, v, 0o1777)
                print('user-dir', mode(v), os.stat(v).st_uid, os.stat(v).st_gid)
                """, dir);
    }

    /**
     * Another user renames root's files in root's 0777 directories (allowed: the directories are writable and not
     * sticky): a file of mode 0700 back and forth within one directory, a 0644 file from one directory to another and
     * back, and the names seen afterwards (through fresh listings and lookups) are exactly where the renames put them.
     * Root makes everything with umask 0 and the mode (issue 20: on passthrough the directories came out 0755, so the
     * first rename failed with EACCES and the second with ENOENT).
     */
    @Test
    void renamesByAnotherUserInWritableDirectories() {
        assertPy("""
                dirs 777 777 777
                a-to-b OK
                b-to-a OK
                d [b'a']
                a-mode 700 0
                e-to-f OK
                f-to-e OK
                e-to-f-again OK
                e []
                f [b'g']
                g-content b'root'
                over-existing OK
                f-after [b'h']
                h-content b'root'
                """, NOBODY + """
                os.umask(0)
                d = j(A[0], 'd'); e = j(A[0], 'e'); f = j(A[0], 'f')
                for x in (d, e, f):
                    os.mkdir(x, 0o777)
                print('dirs', mode(d), mode(e), mode(f))
                fd = os.open(j(d, 'a'), os.O_CREAT | os.O_WRONLY, 0o700); os.write(fd, b'a'); os.close(fd)
                print('a-to-b', nobody(os.rename, j(d, 'a'), j(d, 'b')))
                print('b-to-a', nobody(os.rename, j(d, 'b'), j(d, 'a')))
                print('d', sorted(os.listdir(d)))
                print('a-mode', mode(j(d, 'a')), os.stat(j(d, 'a')).st_uid)
                fd = os.open(j(e, 'g'), os.O_CREAT | os.O_WRONLY, 0o644); os.write(fd, b'root'); os.close(fd)
                print('e-to-f', nobody(os.rename, j(e, 'g'), j(f, 'g')))
                print('f-to-e', nobody(os.rename, j(f, 'g'), j(e, 'g')))
                print('e-to-f-again', nobody(os.rename, j(e, 'g'), j(f, 'g')))
                print('e', sorted(os.listdir(e)))
                print('f', sorted(os.listdir(f)))
                print('g-content', content(j(f, 'g')))
                fd = os.open(j(f, 'h'), os.O_CREAT | os.O_WRONLY, 0o644); os.write(fd, b'old'); os.close(fd)
                print('over-existing', nobody(os.rename, j(f, 'g'), j(f, 'h')))
                print('f-after', sorted(os.listdir(f)))
                print('h-content', content(j(f, 'h')))
                """, dir);
    }
}
