package fuse.posix;

import static fuse.posix.Tools.assertPy;

import org.junit.jupiter.api.Test;

/** Names and the directory tree: link counts, the errors rename(2), mkdir(2) & co. give, name lengths and bytes. */
abstract class NamespaceBehaviour extends Behaviour {

    @Test
    void directoryLinkCountIsTwoPlusSubdirectories() {
        assertPy("""
                empty 2
                two-subdirs 4
                files-do-not-count 4
                after-rmdir 3
                moved-out 2 3
                moved-back 3 2
                symlink-does-not-count 3
                """, """
                d = j(A[0], 'd'); e = j(A[0], 'e'); os.mkdir(d); os.mkdir(e)
                print('empty', os.stat(d).st_nlink)
                os.mkdir(j(d, 's1')); os.mkdir(j(d, 's2'))
                print('two-subdirs', os.stat(d).st_nlink)
                put(j(d, 'file')); os.mkfifo(j(d, 'fifo'))
                print('files-do-not-count', os.stat(d).st_nlink)
                os.rmdir(j(d, 's1'))
                print('after-rmdir', os.stat(d).st_nlink)
                os.rename(j(d, 's2'), j(e, 's2'))
                print('moved-out', os.stat(d).st_nlink, os.stat(e).st_nlink)
                os.rename(j(e, 's2'), j(d, 's2'))
                print('moved-back', os.stat(d).st_nlink, os.stat(e).st_nlink)
                os.symlink(b's2', j(d, 'link'))
                print('symlink-does-not-count', os.stat(d).st_nlink)
                """, dir);
    }

    @Test
    void errorsWherePosixSaysSo() {
        assertPy("""
                rmdir-nonempty ENOTEMPTY
                rename-dir-over-nonempty ENOTEMPTY
                rename-file-over-dir EISDIR
                open-dir-for-writing EISDIR
                unlink-dir EISDIR
                rename-dir-over-file ENOTDIR
                mkdir-below-file ENOTDIR
                rmdir-file ENOTDIR
                open-file-as-dir ENOTDIR
                mkdir-existing EEXIST
                create-excl-existing EEXIST
                link-onto-existing EEXIST
                symlink-onto-existing EEXIST
                mknod-onto-existing EEXIST
                rename-into-own-subtree EINVAL
                rename-into-own-child EINVAL
                rmdir-dot EINVAL
                link-dir EPERM
                missing-parent ENOENT
                rename-missing ENOENT
                state-unchanged [b'd', b'e', b'f', b'g']
                """, """
                d = j(A[0], 'd'); e = j(A[0], 'e'); f = j(A[0], 'f'); g = j(A[0], 'g')
                os.makedirs(j(d, 'x', 'y')); os.makedirs(j(e, 'z')); put(f, b'f'); put(g, b'g')
                print('rmdir-nonempty', err(os.rmdir, d))
                print('rename-dir-over-nonempty', err(os.rename, j(d, 'x'), e))
                print('rename-file-over-dir', err(os.rename, f, e))
                print('open-dir-for-writing', err(os.open, d, os.O_WRONLY))
                print('unlink-dir', err(os.unlink, d))
                print('rename-dir-over-file', err(os.rename, d, f))
                print('mkdir-below-file', err(os.mkdir, j(f, 'sub')))
                print('rmdir-file', err(os.rmdir, f))
                print('open-file-as-dir', err(os.open, f + b'/', os.O_RDONLY | os.O_DIRECTORY))
                print('mkdir-existing', err(os.mkdir, d))
                print('create-excl-existing', err(os.open, f, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                print('link-onto-existing', err(os.link, f, g))
                print('symlink-onto-existing', err(os.symlink, b'x', g))
                print('mknod-onto-existing', err(os.mkfifo, g))
                print('rename-into-own-subtree', err(os.rename, d, j(d, 'x', 'y', 'd')))
                print('rename-into-own-child', err(os.rename, d, j(d, 'x', 'd')))
                print('rmdir-dot', err(os.rmdir, j(d, 'x', 'y', '.')))
                print('link-dir', err(os.link, d, j(A[0], 'dirlink')))
                print('missing-parent', err(os.mkdir, j(A[0], 'nope', 'x')))
                print('rename-missing', err(os.rename, j(A[0], 'nope'), j(A[0], 'nope2')))
                print('state-unchanged', sorted(os.listdir(A[0])))
                """, dir);
    }

    @Test
    void renameReplacesAndKeepsTheInode() {
        assertPy("""
                file-over-file b'new' True 1
                dir-over-empty-dir True [b'inner']
                same-inode-names-stay [b'a', b'b', b'dir', b'empty'] 2
                onto-itself OK
                """, """
                a = j(A[0], 'a'); b = j(A[0], 'b'); put(a, b'old'); put(b, b'new')
                ino = os.stat(b).st_ino
                os.rename(b, a)
                st = os.stat(a)
                print('file-over-file', get(a), st.st_ino == ino, len(os.listdir(A[0])))
                d = j(A[0], 'dir'); os.mkdir(d); put(j(d, 'inner')); empty = j(A[0], 'empty'); os.mkdir(empty)
                ino = os.stat(d).st_ino
                os.rename(d, empty)
                print('dir-over-empty-dir', os.stat(empty).st_ino == ino, os.listdir(empty))
                os.mkdir(d)
                os.link(a, b)
                os.rename(a, b)   # two names of one inode: rename(2) does nothing
                print('same-inode-names-stay', sorted(os.listdir(A[0])), os.stat(a).st_nlink)
                print('onto-itself', err(os.rename, d, d))
                """, dir);
    }

    @Test
    void renameNoreplaceAndExchange() {
        assertPy("""
                noreplace-existing EEXIST
                noreplace-kept b'a' b'b'
                noreplace-free OK [b'a', b'c', b'dir', b'sub']
                exchange OK b'b' b'a'
                exchange-inodes True
                exchange-missing ENOENT
                exchange-file-dir OK True True
                exchange-across-dirs-nlink 3 2
                both-flags EINVAL
                unknown-flag EINVAL
                """, """
                a = j(A[0], 'a'); b = j(A[0], 'b'); put(a, b'a'); put(b, b'b')
                print('noreplace-existing', err(renameat2, a, b, RENAME_NOREPLACE))
                print('noreplace-kept', get(a), get(b))
                os.mkdir(j(A[0], 'dir')); os.mkdir(j(A[0], 'sub'))
                r = err(renameat2, b, j(A[0], 'c'), RENAME_NOREPLACE)
                print('noreplace-free', r, sorted(os.listdir(A[0])))
                c = j(A[0], 'c')
                ia, ic = os.stat(a).st_ino, os.stat(c).st_ino
                print('exchange', err(renameat2, a, c, RENAME_EXCHANGE), get(a), get(c))
                print('exchange-inodes', os.stat(a).st_ino == ic and os.stat(c).st_ino == ia)
                print('exchange-missing', err(renameat2, a, j(A[0], 'missing'), RENAME_EXCHANGE))
                d = j(A[0], 'dir'); put(j(d, 'inside'))
                r = err(renameat2, a, d, RENAME_EXCHANGE)
                print('exchange-file-dir', r, stat.S_ISDIR(os.stat(a).st_mode),
                      os.listdir(a) == [b'inside'] and stat.S_ISREG(os.stat(d).st_mode))
                # a directory and a file swapped between two directories: the parents' link counts follow the directory
                sub = j(A[0], 'sub'); put(j(sub, 'file')); os.mkdir(j(A[0], 'x')); os.rename(a, j(A[0], 'x', 'moving'))
                before = os.stat(j(A[0], 'x')).st_nlink
                renameat2(j(A[0], 'x', 'moving'), j(sub, 'file'), RENAME_EXCHANGE)
                print('exchange-across-dirs-nlink', os.stat(sub).st_nlink, os.stat(j(A[0], 'x')).st_nlink)
                print('both-flags', err(renameat2, c, d, RENAME_NOREPLACE | RENAME_EXCHANGE))
                print('unknown-flag', err(renameat2, c, d, 1 << 10))
                """, dir);
    }

    @Test
    void names255BytesWork256AreTooLong() {
        assertPy("""
                ascii-255 OK b'x'
                ascii-256 ENAMETOOLONG
                mkdir-256 ENAMETOOLONG
                symlink-256 ENAMETOOLONG
                rename-to-256 ENAMETOOLONG
                link-to-256 ENAMETOOLONG
                utf8-255 OK
                utf8-256 ENAMETOOLONG
                listing 2
                """, """
                n255 = b'n' * 255; n256 = b'n' * 256
                r = err(put, j(A[0], n255), b'x')
                print('ascii-255', r, get(j(A[0], n255)))
                print('ascii-256', err(put, j(A[0], n256), b'x'))
                print('mkdir-256', err(os.mkdir, j(A[0], n256)))
                print('symlink-256', err(os.symlink, b'target', j(A[0], n256)))
                print('rename-to-256', err(os.rename, j(A[0], n255), j(A[0], n256)))
                print('link-to-256', err(os.link, j(A[0], n255), j(A[0], n256)))
                # lengths are bytes, not characters: 127 two-byte characters and one ASCII make 255 bytes
                print('utf8-255', err(os.mkdir, j(A[0], ('é' * 127 + 'a').encode())))
                print('utf8-256', err(os.mkdir, j(A[0], ('é' * 128).encode())))
                print('listing', len(os.listdir(A[0])))
                """, dir);
    }

    @Test
    void namesThatAreNotUtf8RoundTripByteForByte() {
        assertPy("""
                listed True
                content b'payload'
                dir-listed True
                renamed True
                symlink-target True
                """, """
                names = [b'\\xff\\xfe-\\x80name', b'latin1-caf\\xe9', b'ctl-\\x01\\x1f\\x7f', b'half-\\xc3', b'nl-\\nx']
                for n in names:
                    put(j(A[0], n), b'payload')
                listing = os.listdir(A[0])
                print('listed', sorted(listing) == sorted(names))
                print('content', get(j(A[0], names[0])))
                d = j(A[0], b'dir-\\xa0\\xa1'); os.mkdir(d); put(j(d, b'\\xee'))
                print('dir-listed', os.listdir(d) == [b'\\xee'] and b'dir-\\xa0\\xa1' in os.listdir(A[0]))
                os.rename(j(A[0], names[1]), j(A[0], b'\\xf0\\x28\\x8c\\x28'))
                print('renamed', b'\\xf0\\x28\\x8c\\x28' in os.listdir(A[0]) and names[1] not in os.listdir(A[0]))
                os.symlink(b'\\xff\\x00'[:1] + b'target\\xfe', j(A[0], b'link\\xfd'))
                print('symlink-target', os.readlink(j(A[0], b'link\\xfd')) == b'\\xfftarget\\xfe')
                """, dir);
    }
}
