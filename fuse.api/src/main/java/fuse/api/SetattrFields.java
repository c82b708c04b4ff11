package fuse.api;

/**
 * Which attributes a {@code setattr} request changes (libfuse's {@code to_set} bits, pyfuse3's {@code SetattrFields}).
 * The new values are in the {@link EntryAttributes} passed alongside.
 *
 * <p>{@code FUSE_SET_ATTR_ATIME_NOW} / {@code MTIME_NOW} are folded in as pyfuse3 does: {@link #updateAtime()} is
 * true and the runtime has put the current time into the attributes; {@link #atimeNow()} tells that it was "now".
 * Immutable and thread-safe.
 */
public final class SetattrFields {
    /** Bit: mode changes. */
    public static final int MODE = 1 << 0;
    /** Bit: uid changes. */
    public static final int UID = 1 << 1;
    /** Bit: gid changes. */
    public static final int GID = 1 << 2;
    /** Bit: size changes (truncate). */
    public static final int SIZE = 1 << 3;
    /** Bit: atime changes. */
    public static final int ATIME = 1 << 4;
    /** Bit: mtime changes. */
    public static final int MTIME = 1 << 5;
    /** Bit: atime is set to the current time. */
    public static final int ATIME_NOW = 1 << 7;
    /** Bit: mtime is set to the current time. */
    public static final int MTIME_NOW = 1 << 8;
    /** Bit: ctime changes. */
    public static final int CTIME = 1 << 10;
    /** Bit: clear the set-user-id bit (libfuse ≥ 3.14 with HANDLE_KILLPRIV_V2). */
    public static final int KILL_SUID = 1 << 11;
    /** Bit: clear the set-group-id bit. */
    public static final int KILL_SGID = 1 << 12;

    private final int bits;

    /**
     * Creates the field set from libfuse's {@code to_set} bits (the runtime does this; drivers read it).
     *
     * @param bits the {@code FUSE_SET_ATTR_*} bits
     */
    public SetattrFields(int bits) {
        this.bits = bits;
    }

    /** The raw {@code FUSE_SET_ATTR_*} bits. */
    public int bits() {
        return bits;
    }

    /** The mode (permission bits) changes: chmod. */
    public boolean updateMode() {
        return (bits & MODE) != 0;
    }

    /** The owner changes: chown. */
    public boolean updateUid() {
        return (bits & UID) != 0;
    }

    /** The group changes: chown / chgrp. */
    public boolean updateGid() {
        return (bits & GID) != 0;
    }

    /** The size changes: truncate / ftruncate. */
    public boolean updateSize() {
        return (bits & SIZE) != 0;
    }

    /** The access time changes (to the given value or to now). */
    public boolean updateAtime() {
        return (bits & (ATIME | ATIME_NOW)) != 0;
    }

    /** The modification time changes (to the given value or to now). */
    public boolean updateMtime() {
        return (bits & (MTIME | MTIME_NOW)) != 0;
    }

    /** The change time changes. */
    public boolean updateCtime() {
        return (bits & CTIME) != 0;
    }

    /** The access time is set to "now" ({@code UTIME_NOW}); the runtime filled in the current time. */
    public boolean atimeNow() {
        return (bits & ATIME_NOW) != 0;
    }

    /** The modification time is set to "now" ({@code UTIME_NOW}); the runtime filled in the current time. */
    public boolean mtimeNow() {
        return (bits & MTIME_NOW) != 0;
    }

    /** The kernel asks to clear the set-user-id bit. */
    public boolean killSuid() {
        return (bits & KILL_SUID) != 0;
    }

    /** The kernel asks to clear the set-group-id bit. */
    public boolean killSgid() {
        return (bits & KILL_SGID) != 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SetattrFields[");
        if (updateMode()) b.append("mode ");
        if (updateUid()) b.append("uid ");
        if (updateGid()) b.append("gid ");
        if (updateSize()) b.append("size ");
        if (updateAtime()) b.append(atimeNow() ? "atime=now " : "atime ");
        if (updateMtime()) b.append(mtimeNow() ? "mtime=now " : "mtime ");
        if (updateCtime()) b.append("ctime ");
        return b.toString().trim() + "]";
    }
}
