package fuse.utils.posix;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The rules for one name (one path component) that a request carries: how long it may be, and what {@code .} and
 * {@code ..} mean where a driver must refuse them. Linux checks most of this in the VFS before a request reaches a
 * FUSE driver; a driver checks again because requests can also come from other clients of {@code /dev/fuse} and
 * because its data structures must never hold such a name.
 *
 * <p>Names are raw bytes, as the kernel passes them: no encoding is assumed.
 *
 * <p>All methods are stateless and thread-safe. Errors are thrown as {@link FuseException}, which answers the
 * request when thrown from an operation.
 */
public final class Names {
    private Names() {
    }

    /**
     * Checks a name a request looks up or creates: {@link Errno#ENAMETOOLONG} above {@value Fuse#NAME_MAX} bytes (as
     * every Linux file system with a 255-byte limit answers), {@link Errno#ENOENT} for an empty name (as path
     * resolution answers for {@code ""}).
     *
     * @param name the name's bytes
     * @throws FuseException with ENAMETOOLONG or ENOENT
     */
    public static void check(byte[] name) {
        if (name.length > Fuse.NAME_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
        if (name.length == 0) {
            throw new FuseException(Errno.ENOENT);
        }
    }

    /**
     * Whether a name is {@code .} or {@code ..}. A lookup of them means the directory itself and its parent; a
     * create, link or rename that names them must fail (EEXIST for the creating calls, EBUSY for rename), since
     * they always exist and are not entries a driver stores.
     *
     * @param name the name's bytes
     * @return true for exactly {@code "."} and {@code ".."}
     */
    public static boolean isDotOrDotDot(byte[] name) {
        return name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    /**
     * Checks the name of a directory to remove, as rmdir(2) on Linux: {@link #check} first, then {@link Errno#EINVAL}
     * for {@code .} and {@link Errno#ENOTEMPTY} for {@code ..} (a parent is never empty: it holds the caller's
     * directory).
     *
     * @param name the name's bytes
     * @throws FuseException with ENAMETOOLONG, ENOENT, EINVAL or ENOTEMPTY
     */
    public static void checkRmdir(byte[] name) {
        check(name);
        if (name.length == 1 && name[0] == '.') {
            throw new FuseException(Errno.EINVAL);
        }
        if (name.length == 2 && name[0] == '.' && name[1] == '.') {
            throw new FuseException(Errno.ENOTEMPTY);
        }
    }
}
