package fuse.posix;

import static fuse.posix.Tools.assertPy;

import org.junit.jupiter.api.Test;

/** Extended attributes: create/replace flags, ENODATA, listxattr, sizes, on files and directories. */
abstract class XattrBehaviour extends Behaviour {

    @Test
    void createAndReplaceFlags() {
        assertPy("""
                create-new OK
                create-again EEXIST
                replace-missing ENODATA
                replace-existing OK b'second'
                plain-set OK b'third'
                get-missing ENODATA
                list [b'user.a', b'user.b']
                remove OK
                remove-missing ENODATA
                list-after [b'user.b']
                empty-value OK b''
                """, """
                f = j(A[0], 'f'); put(f, b'data')
                print('create-new', err(os.setxattr, f, b'user.a', b'first', os.XATTR_CREATE))
                print('create-again', err(os.setxattr, f, b'user.a', b'other', os.XATTR_CREATE))
                print('replace-missing', err(os.setxattr, f, b'user.b', b'x', os.XATTR_REPLACE))
                print('replace-existing', err(os.setxattr, f, b'user.a', b'second', os.XATTR_REPLACE),
                      os.getxattr(f, b'user.a'))
                print('plain-set', err(os.setxattr, f, b'user.a', b'third'), os.getxattr(f, b'user.a'))
                print('get-missing', err(os.getxattr, f, b'user.missing'))
                os.setxattr(f, b'user.b', b'\\x00binary\\xff')
                print('list', sorted(n.encode() for n in os.listxattr(f)))
                print('remove', err(os.removexattr, f, b'user.a'))
                print('remove-missing', err(os.removexattr, f, b'user.a'))
                print('list-after', sorted(n.encode() for n in os.listxattr(f)))
                print('empty-value', err(os.setxattr, f, b'user.e', b''), os.getxattr(f, b'user.e'))
                """, dir);
    }

    @Test
    void valuesAndDirectoriesAndSizeQueries() {
        assertPy("""
                binary True
                64k OK True
                dir OK b'on a dir'
                size-query 1024
                too-small ERANGE
                list-too-small ERANGE
                survives-rename b'on a dir'
                """, """
                f = j(A[0], 'f'); put(f)
                v = bytes(range(256)) * 4
                os.setxattr(f, b'user.bin', v)
                print('binary', os.getxattr(f, b'user.bin') == v)
                big = bytes((i * 7) & 0xff for i in range(65536))
                r = err(os.setxattr, f, b'user.big', big)
                print('64k', r, r == 'OK' and os.getxattr(f, b'user.big') == big)
                d = j(A[0], 'd'); os.mkdir(d)
                print('dir', err(os.setxattr, d, b'user.d', b'on a dir'), os.getxattr(d, b'user.d'))
                # size queries and too-small buffers, through libc: python always asks for the size first
                libc = ctypes.CDLL(None, use_errno=True)
                print('size-query', libc.getxattr(ctypes.c_char_p(f), b'user.bin', None, ctypes.c_size_t(0)))
                buf = ctypes.create_string_buffer(10)
                r = libc.getxattr(ctypes.c_char_p(f), b'user.bin', buf, ctypes.c_size_t(10))
                print('too-small', errno.errorcode[ctypes.get_errno()] if r < 0 else r)
                r = libc.listxattr(ctypes.c_char_p(f), buf, ctypes.c_size_t(3))
                print('list-too-small', errno.errorcode[ctypes.get_errno()] if r < 0 else r)
                os.rename(d, j(A[0], 'd2'))
                print('survives-rename', os.getxattr(j(A[0], 'd2'), b'user.d'))
                """, dir);
    }
}
