package fuse.utils.posix;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.RequestContext;

/**
 * The type, mode and group of an inode a request creates ({@code mknod}, {@code mkdir}, {@code symlink},
 * {@code create}), as Linux's {@code inode_init_owner} and {@code vfs_mknod} decide them.
 *
 * <ul>
 * <li>Permission bits: the requested ones without the caller's umask ({@link #permissions}). The kernel usually
 *     applies the umask itself before it asks; applying it again changes nothing.</li>
 * <li>Owner: the caller's uid. Group: the caller's gid, or the directory's when the directory has set-group-id
 *     ({@link #group}), the BSD rule System V file systems follow for such directories.</li>
 * <li>A new directory in a set-group-id directory inherits set-group-id; any other new inode that asks for
 *     group-executable set-group-id loses it when a caller other than root is not a member of its group
 *     ({@link #mode}).</li>
 * <li>mknod makes regular files (type 0 means a regular file), FIFOs, sockets and devices; a directory is
 *     {@link Errno#EPERM} (that is mkdir's job), anything else {@link Errno#EINVAL} ({@link #mknodType}).</li>
 * </ul>
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class NewInode {
    private NewInode() {
    }

    /**
     * The permission bits of a new inode: {@code mode & 07777} without the caller's umask.
     *
     * @param ctx the creating request's context
     * @param mode the mode the request carries (type bits are dropped)
     * @return the permission bits
     */
    public static int permissions(RequestContext ctx, int mode) {
        return mode & 07777 & ~ctx.umask();
    }

    /**
     * The group of a new inode: the directory's when the directory has set-group-id, else the caller's gid.
     *
     * @param ctx the creating request's context
     * @param dirMode the parent directory's {@code st_mode}
     * @param dirGid the parent directory's group
     * @return the new inode's group
     */
    public static int group(RequestContext ctx, int dirMode, int dirGid) {
        return (dirMode & Fuse.S_ISGID) != 0 ? dirGid : ctx.gid();
    }

    /**
     * The {@code st_mode} of a new inode: a directory in a set-group-id directory gains set-group-id; another
     * inode with group-executable set-group-id loses it unless the caller is root or a member of {@code gid}.
     *
     * @param ctx the creating request's context
     * @param mode the new inode's type and permission bits (after {@link #permissions})
     * @param dirMode the parent directory's {@code st_mode}
     * @param gid the new inode's group (from {@link #group})
     * @return the mode to store
     */
    public static int mode(RequestContext ctx, int mode, int dirMode, int gid) {
        if (Fuse.isDirectory(mode)) {
            return (dirMode & Fuse.S_ISGID) != 0 ? mode | Fuse.S_ISGID : mode;
        }
        if ((mode & Fuse.S_ISGID) != 0 && (mode & 0010) != 0 && !Caller.isRoot(ctx) && !Caller.inGroup(ctx, gid)) {
            return mode & ~Fuse.S_ISGID;
        }
        return mode;
    }

    /**
     * The file type a {@code mknod} request makes: {@link Fuse#S_IFREG} for type 0 or a regular file,
     * the type itself for a FIFO, socket, character or block device.
     *
     * @param mode the mode the request carries
     * @return one of S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK
     * @throws FuseException EPERM for a directory, EINVAL for any other type
     */
    public static int mknodType(int mode) {
        int type = mode & Fuse.S_IFMT;
        return switch (type) {
            case 0, Fuse.S_IFREG -> Fuse.S_IFREG;
            case Fuse.S_IFIFO, Fuse.S_IFSOCK, Fuse.S_IFCHR, Fuse.S_IFBLK -> type;
            case Fuse.S_IFDIR -> throw new FuseException(Errno.EPERM);
            default -> throw new FuseException(Errno.EINVAL);
        };
    }

    /**
     * The device number a new inode keeps: {@code rdev} for a character or block device, 0 for anything else.
     *
     * @param type the inode's file type (from {@link #mknodType})
     * @param rdev the device number the request carries
     * @return the device number to store
     */
    public static long rdev(int type, long rdev) {
        return type == Fuse.S_IFCHR || type == Fuse.S_IFBLK ? rdev : 0;
    }
}
