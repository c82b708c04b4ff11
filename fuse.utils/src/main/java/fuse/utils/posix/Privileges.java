package fuse.utils.posix;

import fuse.api.Fuse;
import fuse.api.RequestContext;

/**
 * When a change of a file takes away its set-user-id and set-group-id bits, as Linux does ({@code file_remove_privs},
 * {@code should_remove_suid}): so that nobody can change what a privileged program does and keep its privilege.
 *
 * <ul>
 * <li>Set-user-id is always cleared. Set-group-id is cleared only together with group execute: without it the bit
 *     means mandatory locking, not "run as the group", and stays.</li>
 * <li>A write or a truncate by anyone but root clears them ({@link #afterWrite}, {@link #afterTruncate}); root keeps
 *     them (it holds CAP_FSETID), unless the kernel asks for the clearing itself with
 *     {@link #WRITE_KILL_SUIDGID} on the write.</li>
 * <li>A change of owner or group clears them on everything but directories, even when root makes it
 *     ({@link Setattr} applies this).</li>
 * </ul>
 *
 * <p>All methods are stateless and thread-safe; they take and return the whole {@code st_mode} (type bits kept).
 */
public final class Privileges {
    /**
     * Flag of a write request ({@code fuse_write_in.write_flags}, FUSE_WRITE_KILL_SUIDGID): the kernel asks the
     * driver to clear set-user-id and set-group-id, also for root (the kernel decided the caller lacks CAP_FSETID).
     */
    public static final int WRITE_KILL_SUIDGID = 1 << 2;

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
     * The mode after a write of the caller: {@link #cleared} when it has a privilege bit and the caller is not root
     * or the write carries {@link #WRITE_KILL_SUIDGID}; otherwise unchanged.
     *
     * @param mode the file's {@code st_mode}
     * @param ctx the write's context
     * @param writeFlags the write request's flags
     * @return the file's new mode
     */
    public static int afterWrite(int mode, RequestContext ctx, int writeFlags) {
        if ((mode & (Fuse.S_ISUID | Fuse.S_ISGID)) != 0
                && (ctx.uid() != 0 || (writeFlags & WRITE_KILL_SUIDGID) != 0)) {
            return cleared(mode);
        }
        return mode;
    }

    /**
     * The mode after the caller changed the file's size (truncate, open with O_TRUNC): {@link #cleared} unless the
     * caller is root.
     *
     * @param mode the file's {@code st_mode}
     * @param ctx the request's context
     * @return the file's new mode
     */
    public static int afterTruncate(int mode, RequestContext ctx) {
        return Caller.isRoot(ctx) ? mode : cleared(mode);
    }
}
