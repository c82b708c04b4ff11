package fuse.utils;

import java.util.Set;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;

/**
 * The permission check a driver mounted without {@code default_permissions} needs for {@code access} (and for its
 * own checks in {@code open}, {@code create}, ...): the owner / group / supplementary groups / other logic of
 * pyfuse3's {@code access()} example, made to agree with the kernel's own decision ({@code generic_permission}
 * without ACLs).
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>{@link Fuse#F_OK} (mask 0) is always granted: the inode exists.</li>
 * <li>uid 0 (root): read and write always; execute when the inode is a directory or any of its three execute bits is
 *     set. (The caller's capabilities are not visible to a driver; uid 0 is taken to hold CAP_DAC_OVERRIDE, as it
 *     does unless deliberately dropped.)</li>
 * <li>Otherwise exactly one class applies, as in the kernel: the owner bits when the caller's uid owns the inode,
 *     else the group bits when the caller's gid or one of its supplementary groups is the inode's group, else the
 *     other bits. A class that does not grant the whole mask denies it, even when a later class would grant it
 *     (a {@code 0077} file is not readable by its owner). This is where the first example of pyfuse3's
 *     documentation, which falls through to the next class, differs from the kernel; this class follows the
 *     kernel.</li>
 * </ul>
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class Permissions {
    private static final int EXECUTE_BITS = 0111;

    private Permissions() {
    }

    /**
     * Whether the caller of a request may access an inode with {@code mask}, taking the supplementary groups from
     * {@link RequestContext#groups()} (which libfuse reads from {@code /proc} per request).
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} if {@code mask} has bits other than {@code R_OK|W_OK|X_OK}.
     * <b>Threads:</b> thread-safe.
     *
     * @param attributes the inode's attributes (mode, uid, gid are used)
     * @param ctx the request's context (uid, gid, groups)
     * @param mask {@link Fuse#F_OK} or an or-combination of {@link Fuse#R_OK}, {@link Fuse#W_OK}, {@link Fuse#X_OK}
     * @return true when access is granted
     */
    public static boolean check(EntryAttributes attributes, RequestContext ctx, int mask) {
        int uid = ctx.uid();
        if (uid != 0 && uid != attributes.uid() && ctx.gid() != attributes.gid()) {
            // only now do the supplementary groups matter (the context may read them lazily)
            return allowed(attributes.mode(), attributes.uid(), attributes.gid(), uid, ctx.gid(),
                    contains(ctx.groups(), attributes.gid()), mask);
        }
        return allowed(attributes.mode(), attributes.uid(), attributes.gid(), uid, ctx.gid(), false, mask);
    }

    /**
     * Whether the caller of a request may access an inode with {@code mask}, taking the supplementary groups of
     * {@link RequestContext#pid()} from a {@link SupplementaryGroups} cache. When they cannot be read (the process is
     * gone) the caller is treated as having none ({@link SupplementaryGroups#getOrEmpty}).
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} for a bad {@code mask}. <b>Threads:</b> thread-safe.
     *
     * @param attributes the inode's attributes (mode, uid, gid are used)
     * @param ctx the request's context (uid, gid, pid)
     * @param mask {@link Fuse#F_OK} or an or-combination of {@link Fuse#R_OK}, {@link Fuse#W_OK}, {@link Fuse#X_OK}
     * @param groups where to look up supplementary groups
     * @return true when access is granted
     */
    public static boolean check(EntryAttributes attributes, RequestContext ctx, int mask, SupplementaryGroups groups) {
        int uid = ctx.uid();
        boolean inGroup = false;
        if (uid != 0 && uid != attributes.uid() && ctx.gid() != attributes.gid()) {
            inGroup = groups.getOrEmpty(ctx.pid()).contains(attributes.gid());
        }
        return allowed(attributes.mode(), attributes.uid(), attributes.gid(), uid, ctx.gid(), inGroup, mask);
    }

    /**
     * The decision for explicit credentials, for drivers that keep their own notion of the caller.
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} for a bad {@code mask}. <b>Threads:</b> thread-safe.
     *
     * @param mode the inode's mode (type and permission bits)
     * @param ownerUid the inode's owner
     * @param ownerGid the inode's group
     * @param uid the caller's (fs)uid
     * @param gid the caller's (fs)gid
     * @param supplementaryGroups the caller's supplementary groups
     * @param mask {@link Fuse#F_OK} or an or-combination of {@link Fuse#R_OK}, {@link Fuse#W_OK}, {@link Fuse#X_OK}
     * @return true when access is granted
     */
    public static boolean check(int mode, int ownerUid, int ownerGid, int uid, int gid,
            Set<Integer> supplementaryGroups, int mask) {
        return allowed(mode, ownerUid, ownerGid, uid, gid, supplementaryGroups.contains(ownerGid), mask);
    }

    /**
     * Like {@link #check(EntryAttributes, RequestContext, int)}, but fails with {@link Errno#EACCES}.
     *
     * <p><b>Errors:</b> {@link FuseException} ({@link Errno#EACCES}) when access is denied, which answers the request
     * when thrown from an operation; {@link IllegalArgumentException} for a bad {@code mask}.
     * <b>Threads:</b> thread-safe.
     *
     * @param attributes the inode's attributes
     * @param ctx the request's context
     * @param mask the access mask
     * @throws FuseException with EACCES when access is denied
     */
    public static void require(EntryAttributes attributes, RequestContext ctx, int mask) {
        if (!check(attributes, ctx, mask)) {
            throw new FuseException(Errno.EACCES);
        }
    }

    /**
     * Answers an {@code access} request in one line: {@link Reply.Empty#ok()} when granted, else
     * {@link Errno#EACCES}. Supplementary groups come from {@link RequestContext#groups()}.
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} for a bad {@code mask}; {@link IllegalStateException} if the
     * reply was already answered. <b>Threads:</b> thread-safe.
     *
     * @param reply the {@code access} request's reply
     * @param attributes the inode's attributes
     * @param ctx the request's context
     * @param mask the access mask the request carries
     */
    public static void answer(Reply.Empty reply, EntryAttributes attributes, RequestContext ctx, int mask) {
        if (check(attributes, ctx, mask)) {
            reply.ok();
        } else {
            reply.error(Errno.EACCES);
        }
    }

    /**
     * Answers an {@code access} request in one line, with supplementary groups from a {@link SupplementaryGroups}
     * cache: {@link Reply.Empty#ok()} when granted, else {@link Errno#EACCES}.
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} for a bad {@code mask}; {@link IllegalStateException} if the
     * reply was already answered. <b>Threads:</b> thread-safe.
     *
     * @param reply the {@code access} request's reply
     * @param attributes the inode's attributes
     * @param ctx the request's context
     * @param mask the access mask the request carries
     * @param groups where to look up supplementary groups
     */
    public static void answer(Reply.Empty reply, EntryAttributes attributes, RequestContext ctx, int mask,
            SupplementaryGroups groups) {
        if (check(attributes, ctx, mask, groups)) {
            reply.ok();
        } else {
            reply.error(Errno.EACCES);
        }
    }

    private static boolean contains(int[] groups, int gid) {
        for (int g : groups) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowed(int mode, int ownerUid, int ownerGid, int uid, int gid, boolean inSupplementary,
            int mask) {
        if ((mask & ~(Fuse.R_OK | Fuse.W_OK | Fuse.X_OK)) != 0) {
            throw new IllegalArgumentException("mask must combine R_OK, W_OK and X_OK only, was 0" +
                    Integer.toOctalString(mask));
        }
        if (mask == Fuse.F_OK) {
            return true;
        }
        if (uid == 0) {
            return (mask & Fuse.X_OK) == 0 || Fuse.isDirectory(mode) || (mode & EXECUTE_BITS) != 0;
        }
        int granted;
        if (uid == ownerUid) {
            granted = mode >> 6;
        } else if (gid == ownerGid || inSupplementary) {
            granted = mode >> 3;
        } else {
            granted = mode;
        }
        return (mask & granted & 07) == mask;
    }
}
