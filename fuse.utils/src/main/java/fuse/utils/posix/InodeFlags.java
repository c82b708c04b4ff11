package fuse.utils.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The immutable and append-only inode flags ({@code chattr +i}, {@code chattr +a}) for a driver that stores its own
 * inodes: the ioctls that read and change them, and what they forbid, as ext4 and tmpfs enforce it.
 *
 * <p>The kernel checks who may change the flags (the owner, and CAP_LINUX_IMMUTABLE for these two) before the ioctl
 * reaches the driver, but it does not know a FUSE inode's flags, so the driver enforces them. Each check throws
 * {@link Errno#EPERM}, the kernel's answer:
 * <table>
 * <caption>What each flag forbids</caption>
 * <tr><th>Operation</th><th>immutable</th><th>append-only</th></tr>
 * <tr><td>open for writing ({@link #checkOpen})</td><td>always</td><td>without O_APPEND, or with O_TRUNC</td></tr>
 * <tr><td>write through a descriptor opened before ({@link #checkWrite})</td><td>always</td><td>allowed</td></tr>
 * <tr><td>fallocate ({@link #checkFallocate})</td><td>always</td><td>anything but reserving space</td></tr>
 * <tr><td>setattr: size, mode, owner, times ({@link #checkSetattr})</td><td>always</td>
 *     <td>always (only the times set to now stay allowed)</td></tr>
 * <tr><td>unlink, rename, link of the inode ({@link #checkUnlinkOrMove})</td><td>always</td><td>always</td></tr>
 * <tr><td>setxattr, removexattr ({@link #checkSetattr} with no fields)</td><td>always</td><td>always</td></tr>
 * <tr><td>create an entry in the directory ({@link #checkAddEntry})</td><td>always</td><td>allowed</td></tr>
 * <tr><td>remove or rename an entry of the directory ({@link #checkRemoveEntry})</td><td>always</td>
 *     <td>always</td></tr>
 * </table>
 *
 * <p>Other flags are refused with {@link Errno#EOPNOTSUPP} when set, as tmpfs does, and read as clear. All methods are
 * stateless and thread-safe.
 */
public final class InodeFlags {
    /** The flags a driver using this class stores and enforces. */
    public static final int SUPPORTED = Fuse.FS_IMMUTABLE_FL | Fuse.FS_APPEND_FL;

    private InodeFlags() {
    }

    /**
     * Whether {@code cmd} is one of the four flag ioctls: {@link Fuse#FS_IOC_GETFLAGS}, {@link Fuse#FS_IOC_SETFLAGS},
     * {@link Fuse#FS_IOC_FSGETXATTR} or {@link Fuse#FS_IOC_FSSETXATTR}.
     *
     * @param cmd an ioctl command
     * @return true when {@link #answer} or {@link #requested} handle it
     */
    public static boolean isFlagIoctl(int cmd) {
        return cmd == Fuse.FS_IOC_GETFLAGS || cmd == Fuse.FS_IOC_SETFLAGS || cmd == Fuse.FS_IOC_FSGETXATTR
                || cmd == Fuse.FS_IOC_FSSETXATTR;
    }

    /**
     * Whether {@code cmd} reads the flags ({@link Fuse#FS_IOC_GETFLAGS}, {@link Fuse#FS_IOC_FSGETXATTR}).
     *
     * @param cmd an ioctl command
     * @return true for the two reading commands
     */
    public static boolean isRead(int cmd) {
        return cmd == Fuse.FS_IOC_GETFLAGS || cmd == Fuse.FS_IOC_FSGETXATTR;
    }

    /**
     * The answer of a reading flag ioctl: 4 bytes of {@code FS_*_FL} flags for {@link Fuse#FS_IOC_GETFLAGS}, a
     * {@code struct fsxattr} with {@code FS_XFLAG_*} flags for {@link Fuse#FS_IOC_FSGETXATTR}.
     *
     * @param cmd {@link Fuse#FS_IOC_GETFLAGS} or {@link Fuse#FS_IOC_FSGETXATTR}
     * @param flags the inode's {@code FS_*_FL} flags
     * @return the bytes to pass to {@code Reply.Ioctl.result(0, …)}
     * @throws IllegalArgumentException for another command
     */
    public static byte[] answer(int cmd, int flags) {
        int stored = flags & SUPPORTED;
        if (cmd == Fuse.FS_IOC_GETFLAGS) {
            return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, stored).array();
        }
        if (cmd == Fuse.FS_IOC_FSGETXATTR) {
            int xflags = ((stored & Fuse.FS_IMMUTABLE_FL) != 0 ? Fuse.FS_XFLAG_IMMUTABLE : 0)
                    | ((stored & Fuse.FS_APPEND_FL) != 0 ? Fuse.FS_XFLAG_APPEND : 0);
            return ByteBuffer.allocate(Fuse.FSXATTR_SIZE).order(ByteOrder.nativeOrder()).putInt(0, xflags).array();
        }
        throw new IllegalArgumentException("not a reading flag ioctl: " + Integer.toHexString(cmd));
    }

    /**
     * The {@code FS_*_FL} flags a changing flag ioctl asks for.
     *
     * @param cmd {@link Fuse#FS_IOC_SETFLAGS} or {@link Fuse#FS_IOC_FSSETXATTR}
     * @param in the ioctl's input
     * @return the new flags, a subset of {@link #SUPPORTED}
     * @throws FuseException EINVAL for a short argument, EOPNOTSUPP for a flag outside {@link #SUPPORTED}
     * @throws IllegalArgumentException for another command
     */
    public static int requested(int cmd, byte[] in) {
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.nativeOrder());
        if (cmd == Fuse.FS_IOC_SETFLAGS) {
            if (in.length < 4) {
                throw new FuseException(Errno.EINVAL);
            }
            int flags = b.getInt(0);
            if ((flags & ~SUPPORTED) != 0) {
                throw new FuseException(Errno.EOPNOTSUPP);
            }
            return flags;
        }
        if (cmd == Fuse.FS_IOC_FSSETXATTR) {
            if (in.length < Fuse.FSXATTR_SIZE) {
                throw new FuseException(Errno.EINVAL);
            }
            int xflags = b.getInt(0);
            if ((xflags & ~(Fuse.FS_XFLAG_IMMUTABLE | Fuse.FS_XFLAG_APPEND)) != 0) {
                throw new FuseException(Errno.EOPNOTSUPP);
            }
            return ((xflags & Fuse.FS_XFLAG_IMMUTABLE) != 0 ? Fuse.FS_IMMUTABLE_FL : 0)
                    | ((xflags & Fuse.FS_XFLAG_APPEND) != 0 ? Fuse.FS_APPEND_FL : 0);
        }
        throw new IllegalArgumentException("not a changing flag ioctl: " + Integer.toHexString(cmd));
    }

    /**
     * Checks an open of an inode with {@code flags}.
     *
     * @param flags the inode's flags
     * @param openFlags the open(2) flags
     * @throws FuseException EPERM for writing to an immutable file, or to an append-only one without O_APPEND or
     *         with O_TRUNC
     */
    public static void checkOpen(int flags, int openFlags) {
        boolean writing = (openFlags & Fuse.O_ACCMODE) != Fuse.O_RDONLY || (openFlags & Fuse.O_TRUNC) != 0;
        if (!writing) {
            return;
        }
        if ((flags & Fuse.FS_IMMUTABLE_FL) != 0) {
            throw new FuseException(Errno.EPERM);
        }
        if ((flags & Fuse.FS_APPEND_FL) != 0 && ((openFlags & Fuse.O_APPEND) == 0 || (openFlags & Fuse.O_TRUNC) != 0)) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks a write (or fallocate, copy into) through a descriptor that may have been opened before the flags were
     * set.
     *
     * @param flags the inode's flags
     * @throws FuseException EPERM when the inode is immutable
     */
    public static void checkWrite(int flags) {
        if ((flags & Fuse.FS_IMMUTABLE_FL) != 0) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks a fallocate(2): an append-only file may only get space reserved ({@link Fuse#FALLOC_FL_KEEP_SIZE} or no
     * mode), never holes punched or ranges zeroed.
     *
     * @param flags the inode's flags
     * @param mode the fallocate mode
     * @throws FuseException EPERM for an immutable inode, and for an append-only one with another mode
     */
    public static void checkFallocate(int flags, int mode) {
        if ((flags & Fuse.FS_IMMUTABLE_FL) != 0
                || ((flags & Fuse.FS_APPEND_FL) != 0 && (mode & ~Fuse.FALLOC_FL_KEEP_SIZE) != 0)) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks a change of the inode's metadata: a setattr changing anything but the times to now, or (with
     * {@code onlyTimesToNow} false) a setxattr or removexattr.
     *
     * @param flags the inode's flags
     * @param onlyTimesToNow true when the setattr sets nothing but atime and mtime to the current time ({@code touch}),
     *        which an append-only inode allows
     * @throws FuseException EPERM for an immutable inode, and for an append-only one unless {@code onlyTimesToNow}
     */
    public static void checkSetattr(int flags, boolean onlyTimesToNow) {
        if ((flags & Fuse.FS_IMMUTABLE_FL) != 0 || ((flags & Fuse.FS_APPEND_FL) != 0 && !onlyTimesToNow)) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks that the inode itself may be unlinked, renamed, replaced by a rename, or hard linked.
     *
     * @param flags the inode's flags
     * @throws FuseException EPERM when it is immutable or append-only
     */
    public static void checkUnlinkOrMove(int flags) {
        if ((flags & SUPPORTED) != 0) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks that a directory may get a new entry (create, mkdir, mknod, symlink, link, rename into it).
     *
     * @param directoryFlags the directory's flags
     * @throws FuseException EPERM when the directory is immutable
     */
    public static void checkAddEntry(int directoryFlags) {
        if ((directoryFlags & Fuse.FS_IMMUTABLE_FL) != 0) {
            throw new FuseException(Errno.EPERM);
        }
    }

    /**
     * Checks that a directory may lose an entry (unlink, rmdir, rename out of it).
     *
     * @param directoryFlags the directory's flags
     * @throws FuseException EPERM when the directory is immutable or append-only
     */
    public static void checkRemoveEntry(int directoryFlags) {
        if ((directoryFlags & SUPPORTED) != 0) {
            throw new FuseException(Errno.EPERM);
        }
    }
}
