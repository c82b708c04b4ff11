package fuse.utils.posix;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The checks of rename(2) / renameat2(2) that do not depend on how a driver stores its tree: the flags, the names,
 * whether the target may exist, and which kinds of inode may replace which. (Moving a directory into its own subtree
 * is {@link Errno#EINVAL} too, but finding that out needs the driver's tree.)
 *
 * <p>Call them in this order, which is the order in which Linux reports the errors: {@link #check} before anything
 * is looked up, {@link #checkTarget} once both names are resolved, {@link #checkReplace} when a non-exchanging rename
 * replaces an existing inode.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class RenameRules {
    private RenameRules() {
    }

    /**
     * Checks a rename request before anything is looked up: {@link Errno#EINVAL} for a flag other than
     * {@link Fuse#RENAME_NOREPLACE} and {@link Fuse#RENAME_EXCHANGE} (RENAME_WHITEOUT included: it needs overlay
     * support) or for both of them at once; then both names as {@link Names#check}; then {@link Errno#EBUSY} when
     * either is {@code .} or {@code ..}.
     *
     * @param name the name to move
     * @param newName the name it gets
     * @param flags the renameat2(2) flags
     * @throws FuseException EINVAL, ENAMETOOLONG, ENOENT or EBUSY
     */
    public static void check(byte[] name, byte[] newName, int flags) {
        if ((flags & ~(Fuse.RENAME_NOREPLACE | Fuse.RENAME_EXCHANGE)) != 0
                || flags == (Fuse.RENAME_NOREPLACE | Fuse.RENAME_EXCHANGE)) {
            throw new FuseException(Errno.EINVAL);
        }
        Names.check(name);
        Names.check(newName);
        if (Names.isDotOrDotDot(name) || Names.isDotOrDotDot(newName)) {
            throw new FuseException(Errno.EBUSY);
        }
    }

    /**
     * Whether the rename swaps the two names ({@link Fuse#RENAME_EXCHANGE}).
     *
     * @param flags the renameat2(2) flags
     * @return true for an exchange
     */
    public static boolean isExchange(int flags) {
        return (flags & Fuse.RENAME_EXCHANGE) != 0;
    }

    /**
     * Checks the target name once both names are resolved (the source exists): {@link Errno#EEXIST} when it exists
     * and the rename says {@link Fuse#RENAME_NOREPLACE}; {@link Errno#ENOENT} when it does not exist and the rename
     * is an exchange.
     *
     * @param flags the renameat2(2) flags
     * @param targetExists whether the new name already names an inode
     * @throws FuseException EEXIST or ENOENT
     */
    public static void checkTarget(int flags, boolean targetExists) {
        if ((flags & Fuse.RENAME_NOREPLACE) != 0 && targetExists) {
            throw new FuseException(Errno.EEXIST);
        }
        if (isExchange(flags) && !targetExists) {
            throw new FuseException(Errno.ENOENT);
        }
    }

    /**
     * Checks that the moving inode may replace the existing target: a directory only replaces a directory
     * ({@link Errno#ENOTDIR}), anything else never replaces a directory ({@link Errno#EISDIR}). Whether a target
     * directory is empty ({@link Errno#ENOTEMPTY}) is the driver's to check, after this.
     *
     * @param movingIsDirectory whether the inode being moved is a directory
     * @param targetIsDirectory whether the inode it replaces is a directory
     * @throws FuseException ENOTDIR or EISDIR
     */
    public static void checkReplace(boolean movingIsDirectory, boolean targetIsDirectory) {
        if (movingIsDirectory && !targetIsDirectory) {
            throw new FuseException(Errno.ENOTDIR);
        }
        if (!movingIsDirectory && targetIsDirectory) {
            throw new FuseException(Errno.EISDIR);
        }
    }
}
