package fuse.utils.posix;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The limits and flag rules of extended attributes (setxattr(2)) for a driver that stores them itself, and its
 * answer to POSIX ACL names.
 *
 * <ul>
 * <li>Names are 1 to {@value #XATTR_NAME_MAX} bytes, values up to {@value #XATTR_SIZE_MAX} bytes: Linux's
 *     XATTR_NAME_MAX and XATTR_SIZE_MAX. A longer name is {@link Errno#ERANGE}, a larger value {@link Errno#E2BIG},
 *     as the VFS answers.</li>
 * <li>{@link Fuse#XATTR_CREATE} fails with {@link Errno#EEXIST} when the attribute exists, {@link Fuse#XATTR_REPLACE}
 *     with {@link Errno#ENODATA} when it does not; other flags are {@link Errno#EINVAL}.</li>
 * <li>{@code system.posix_acl_access} and {@code system.posix_acl_default} are refused with
 *     {@link Errno#EOPNOTSUPP}. Mounted in the initial user namespace, the kernel passes ACL xattrs through to a FUSE
 *     driver as plain ones; storing them would tell {@code cp -a}, {@code tar} and {@code setfacl} that an ACL (and
 *     with it the mode) was applied while nothing enforces it. Refused, they fall back to chmod, as on a file system
 *     without ACLs.</li>
 * </ul>
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class XattrRules {
    /** Largest xattr value in bytes (Linux's XATTR_SIZE_MAX). */
    public static final int XATTR_SIZE_MAX = 65536;
    /** Longest xattr name in bytes (Linux's XATTR_NAME_MAX). */
    public static final int XATTR_NAME_MAX = 255;

    private static final byte[] POSIX_ACL_ACCESS = "system.posix_acl_access".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POSIX_ACL_DEFAULT = "system.posix_acl_default".getBytes(StandardCharsets.US_ASCII);

    private XattrRules() {
    }

    /**
     * Whether {@code name} is one of the two POSIX ACL attributes.
     *
     * @param name the attribute's name with its namespace
     * @return true for {@code system.posix_acl_access} and {@code system.posix_acl_default}
     */
    public static boolean isPosixAcl(byte[] name) {
        return Arrays.equals(name, POSIX_ACL_ACCESS) || Arrays.equals(name, POSIX_ACL_DEFAULT);
    }

    /**
     * Checks a setxattr request before the attribute is looked up, in this order: {@link Errno#EINVAL} for unknown
     * flags, {@link Errno#EOPNOTSUPP} for a POSIX ACL name, {@link Errno#ERANGE} for an empty or too long name,
     * {@link Errno#E2BIG} for a too large value.
     *
     * @param name the attribute's name
     * @param value the value to store
     * @param flags 0, {@link Fuse#XATTR_CREATE} or {@link Fuse#XATTR_REPLACE}
     * @throws FuseException EINVAL, EOPNOTSUPP, ERANGE or E2BIG
     */
    public static void checkSet(byte[] name, byte[] value, int flags) {
        if ((flags & ~(Fuse.XATTR_CREATE | Fuse.XATTR_REPLACE)) != 0) {
            throw new FuseException(Errno.EINVAL);
        }
        if (isPosixAcl(name)) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        if (name.length == 0 || name.length > XATTR_NAME_MAX) {
            throw new FuseException(Errno.ERANGE);
        }
        if (value.length > XATTR_SIZE_MAX) {
            throw new FuseException(Errno.E2BIG);
        }
    }

    /**
     * Checks the flags of a setxattr request against whether the attribute exists: {@link Errno#EEXIST} for
     * {@link Fuse#XATTR_CREATE} of an existing one, {@link Errno#ENODATA} for {@link Fuse#XATTR_REPLACE} of a missing
     * one. Call it where the answer cannot change before the value is stored (under the inode's lock or in the
     * transaction that stores it).
     *
     * @param present whether the attribute exists
     * @param flags the request's flags
     * @throws FuseException EEXIST or ENODATA
     */
    public static void checkPresence(boolean present, int flags) {
        if (present && (flags & Fuse.XATTR_CREATE) != 0) {
            throw new FuseException(Errno.EEXIST);
        }
        if (!present && (flags & Fuse.XATTR_REPLACE) != 0) {
            throw new FuseException(Errno.ENODATA);
        }
    }
}
