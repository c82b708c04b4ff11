package fuse.testing;

import fuse.api.RequestContext;
import fuse.api.Session;

/**
 * The caller of a request made directly to a driver (no mount, no kernel): chosen credentials, umask 022, never
 * interrupted, no session.
 *
 * @param uid the caller's user id
 * @param gid the caller's group id
 * @param pid the caller's process id
 * @param groups the caller's supplementary groups
 */
public record Ctx(int uid, int gid, int pid, int[] groups) implements RequestContext {
    /** root (uid 0, gid 0, no supplementary groups). */
    public static final Ctx ROOT = new Ctx(0, 0, 1, new int[0]);

    /** A user {@code uid} with primary group {@code gid} and the supplementary {@code groups}. */
    public static Ctx user(int uid, int gid, int... groups) {
        return new Ctx(uid, gid, 1, groups);
    }

    @Override
    public int umask() {
        return 022;
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public boolean isInterrupted() {
        return false;
    }

    /** There is none: the driver is called directly. */
    @Override
    public Session session() {
        throw new UnsupportedOperationException("no session: the driver is called directly");
    }
}
