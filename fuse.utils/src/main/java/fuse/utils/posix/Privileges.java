package fuse.utils.posix;

import fuse.api.Fuse;
import fuse.api.RequestContext;

/**
 * When a change of a file takes away its set-user-id and set-group-id bits, as Linux does ({@code file_remove_privs},
 * {@code setattr_should_drop_suidgid}): so that nobody can change what a privileged program does and keep its
 * privilege.
 *
 * <ul>
 * <li>A write or a truncate by anyone but root ({@link #afterWrite}, {@link #afterTruncate}) always clears
 *     set-user-id. It clears set-group-id when the group may execute the file, and also without group execute when
 *     the writer is not a member of the file's group: since Linux 6.2 ({@code setattr_should_drop_sgid}) only a
 *     member keeps a set-group-id bit that means mandatory locking. Root keeps both (it holds CAP_FSETID). (The
 *     kernel's own request to clear them, FUSE_WRITE_KILL_SUIDGID on a WRITE, does not reach a driver through
 *     libfuse 3.14.)</li>
 * <li>A change of owner or group ({@link #afterChown}) of anything but a directory clears set-user-id, even when
 *     root makes it, and set-group-id by the same rule as a write: when the group may execute the file, or when the
 *     caller is neither root nor a member of the file's group before the change ({@code chown_common} asks
 *     {@code setattr_should_drop_sgid} since Linux 6.2). {@link Setattr} applies this.</li>
 * <li>When the kernel itself asks for set-group-id to go ({@link #afterKillSgid}, FUSE_SET_ATTR_KILL_SGID on a
 *     setattr), it goes by that rule too.</li>
 * </ul>
 *
 * <p>The FUSE kernel module does part of this before a request arrives, but by the rule before Linux 6.2: for a
 * chown or a truncate it sends a new mode without set-user-id and without group-executable set-group-id
 * ({@code fuse_setattr}). The set-group-id of a file the group may not execute is the driver's to take away.
 *
 * <p>All methods are stateless and thread-safe; they take and return the whole {@code st_mode} (type bits kept).
 */
public final class Privileges {
    private Privileges() {
    }

    /**
     * {@code mode} without set-user-id, and without set-group-id when group execute is set.
     *
     * @param mode an {@code st_mode}
     * @return the mode with the privileges cleared
     */
    public static int cleared(int mode) {
        int m = mode & ~Fuse.S_ISUID;
        if ((m & 0010) != 0) {
            m &= ~Fuse.S_ISGID;
        }
        return m;
    }

    /**
     * The mode after a write of the caller (also fallocate, and copy_file_range into the file): set-user-id
     * cleared, and set-group-id as the class explains, when the caller is not root; otherwise unchanged.
     *
     * @param mode the file's {@code st_mode}
     * @param gid the file's group
     * @param ctx the write's context
     * @return the file's new mode
     */
    public static int afterWrite(int mode, int gid, RequestContext ctx) {
        return Caller.isRoot(ctx) || (mode & (Fuse.S_ISUID | Fuse.S_ISGID)) == 0 ? mode : dropped(mode, gid, ctx);
    }

    /**
     * The mode after the caller changed the file's size (truncate, open with O_TRUNC): set-user-id cleared, and
     * set-group-id as the class explains, unless the caller is root.
     *
     * @param mode the file's {@code st_mode}
     * @param gid the file's group
     * @param ctx the request's context
     * @return the file's new mode
     */
    public static int afterTruncate(int mode, int gid, RequestContext ctx) {
        return Caller.isRoot(ctx) || (mode & (Fuse.S_ISUID | Fuse.S_ISGID)) == 0 ? mode : dropped(mode, gid, ctx);
    }

    /**
     * The mode after a change of the file's owner or group by the caller (chown(2)): unchanged for a directory;
     * otherwise set-user-id cleared, also by root, and set-group-id as the class explains.
     *
     * @param mode the file's {@code st_mode}
     * @param gid the file's group before the change
     * @param ctx the request's context
     * @return the file's new mode
     */
    public static int afterChown(int mode, int gid, RequestContext ctx) {
        return Fuse.isDirectory(mode) ? mode : dropped(mode, gid, ctx);
    }

    /**
     * The mode when the kernel asks for set-group-id to be cleared (FUSE_SET_ATTR_KILL_SGID): cleared when the group
     * may execute the file, or when the caller is neither root nor a member of the file's group; otherwise kept.
     *
     * @param mode the file's {@code st_mode}
     * @param gid the file's group
     * @param ctx the request's context
     * @return the file's new mode
     */
    public static int afterKillSgid(int mode, int gid, RequestContext ctx) {
        return dropsSgid(mode, gid, ctx) ? mode & ~Fuse.S_ISGID : mode;
    }

    /** Set-user-id cleared, and set-group-id where {@link #dropsSgid} says so. */
    private static int dropped(int mode, int gid, RequestContext ctx) {
        return afterKillSgid(mode & ~Fuse.S_ISUID, gid, ctx);
    }

    /**
     * Whether a change by the caller takes set-group-id away (Linux's {@code setattr_should_drop_sgid}): when it is
     * set and the group may execute the file, or the caller is neither root nor a member of {@code gid}.
     */
    private static boolean dropsSgid(int mode, int gid, RequestContext ctx) {
        return (mode & Fuse.S_ISGID) != 0
                && ((mode & 0010) != 0 || !Caller.isRoot(ctx) && !Caller.inGroup(ctx, gid));
    }
}
