package fuse.utils.posix;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.api.RequestContext;
import fuse.api.SetattrFields;

/**
 * What a {@code setattr} request does to an inode's metadata: owner, group, mode and times, in the order Linux's
 * {@code notify_change} applies them. The size is the driver's own business (it owns the data): a driver that
 * truncates checks the size with {@link FileRanges#checkTruncate} and cuts its data itself, before this; the
 * set-user-id and set-group-id a truncate takes away are taken here.
 *
 * <ol>
 * <li>uid and gid are set when their field is present and not -1 (chown(2)'s "leave unchanged").</li>
 * <li>{@link SetattrFields#killSuid()} clears set-user-id; {@link SetattrFields#killSgid()} clears set-group-id
 *     when group execute is set or the caller is neither root nor in the file's group
 *     ({@link Privileges#afterKillSgid}; the kernel sends these when it wants the bits gone and the driver handles
 *     the kill).</li>
 * <li>A new mode replaces the permission bits (07777); the file type never changes.</li>
 * <li>A change of owner or group of anything but a directory clears set-user-id, also when root makes it, and
 *     set-group-id when group execute is set or the caller is neither root nor a member of the file's group before
 *     the change ({@link Privileges#afterChown}, Linux 6.2 and later). This comes after the new mode: for a chown
 *     the FUSE kernel module sends the mode it cleared itself by the rule before 6.2, which keeps a set-group-id of
 *     a file the group may not execute (and Linux clears these bits from a mode that comes with a chown anyway).</li>
 * <li>A truncate (a new size) by anyone but root clears set-user-id, and set-group-id as a write does
 *     ({@link Privileges#afterTruncate}), for the same reason after the new mode: the kernel's own clearing, sent
 *     as the mode, keeps a set-group-id that Linux takes from a caller outside the file's group.</li>
 * <li>atime and mtime are set when present (the kernel resolves {@code UTIME_NOW} to a time before it asks).</li>
 * <li>ctime becomes the requested one when present, otherwise now: every setattr changes ctime.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe; {@link #apply} changes only the {@code inode} argument.
 */
public final class Setattr {
    private Setattr() {
    }

    /**
     * Applies a setattr's metadata changes to {@code inode}: mode, uid, gid, atime, mtime and ctime (the other
     * attributes, the size too, are left as they are).
     *
     * @param inode the inode's current attributes, changed in place
     * @param requested the attributes the request carries
     * @param fields which of {@code requested} are meant
     * @param ctx the request's context: who asks
     * @param nowNs the current time, nanoseconds since the epoch, for ctime
     * @return {@code inode}
     */
    public static EntryAttributes apply(EntryAttributes inode, EntryAttributes requested, SetattrFields fields,
            RequestContext ctx, long nowNs) {
        boolean uid = fields.updateUid() && requested.uid() != -1;
        boolean gid = fields.updateGid() && requested.gid() != -1;
        int mode = inode.mode();
        int group = inode.gid();
        if (uid) {
            inode.uid(requested.uid());
        }
        if (gid) {
            inode.gid(requested.gid());
        }
        if (fields.killSuid()) {
            mode &= ~Fuse.S_ISUID;
        }
        if (fields.killSgid()) {
            mode = Privileges.afterKillSgid(mode, group, ctx);
        }
        if (fields.updateMode()) {
            mode = (mode & Fuse.S_IFMT) | (requested.mode() & 07777);
        }
        if (uid || gid) {
            mode = Privileges.afterChown(mode, group, ctx);
        }
        if (fields.updateSize()) {
            mode = Privileges.afterTruncate(mode, inode.gid(), ctx);
        }
        inode.mode(mode);
        if (fields.updateAtime()) {
            inode.atimeNs(requested.atimeNs());
        }
        if (fields.updateMtime()) {
            inode.mtimeNs(requested.mtimeNs());
        }
        return inode.ctimeNs(fields.updateCtime() ? requested.ctimeNs() : nowNs);
    }
}
