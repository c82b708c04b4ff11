package fuse.utils.posix;

import fuse.api.RequestContext;

/**
 * Who sent a request, as the POSIX rules ask it: whether the caller is root and whether it belongs to a group.
 * Linux's {@code in_group_p()}: the caller's (fs)gid or one of its supplementary groups.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class Caller {
    private Caller() {
    }

    /**
     * Whether the caller is uid 0. A driver cannot see the caller's capabilities; uid 0 is taken to hold
     * CAP_FOWNER, CAP_FSETID and CAP_DAC_OVERRIDE, as it does unless they were deliberately dropped.
     *
     * @param ctx the request's context
     * @return true for uid 0
     */
    public static boolean isRoot(RequestContext ctx) {
        return ctx.uid() == 0;
    }

    /**
     * Whether the caller belongs to {@code gid}: its gid, or else one of its supplementary groups
     * ({@link RequestContext#groups()} is only asked when the gid does not match, since reading them may cost a
     * {@code /proc} read).
     *
     * @param ctx the request's context
     * @param gid the group
     * @return true when the caller is a member
     */
    public static boolean inGroup(RequestContext ctx, int gid) {
        if (ctx.gid() == gid) {
            return true;
        }
        for (int g : ctx.groups()) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }
}
