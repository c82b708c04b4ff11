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
 * <li>A change of owner or group clears set-user-id and group-executable set-group-id ({@link #cleared}) on
 *     everything but directories, even when root makes it ({@link Setattr} applies this).</li>
 * </ul>
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

    /** {@link #cleared}, and set-group-id without group execute too when a caller but root is not in the group. */
    private static int dropped(int mode, int gid, RequestContext ctx) {
        int m = cleared(mode);
        if ((m & Fuse.S_ISGID) != 0 && !Caller.isRoot(ctx) && !Caller.inGroup(ctx, gid)) {
            m &= ~Fuse.S_ISGID;
        }
        return m;
    }
}
