package fuse.linux;

import com.sun.jna.Pointer;

/**
 * {@code struct timespec} and the special {@code tv_nsec} values of utimensat(2) / futimens(2)
 * ({@code <time.h>}, {@code <sys/stat.h>}). Offsets in bytes; checked by the ABI test.
 */
public final class Timespec {
    private Timespec() {
    }

    /** Bytes of one {@code struct timespec}. */
    public static final int SIZEOF = 16;
    /** Offset of {@code time_t tv_sec} (8 bytes). */
    public static final int TV_SEC = 0;
    /** Offset of {@code long tv_nsec} (8 bytes). */
    public static final int TV_NSEC = 8;

    /** {@code tv_nsec} for utimensat: set this time to now. */
    public static final long UTIME_NOW = (1L << 30) - 1;
    /** {@code tv_nsec} for utimensat: leave this time unchanged. */
    public static final long UTIME_OMIT = (1L << 30) - 2;

    /** Reads the {@code struct timespec} at {@code off} as nanoseconds since the epoch. */
    public static long readNanos(Pointer p, long off) {
        return p.getLong(off + TV_SEC) * 1_000_000_000L + p.getLong(off + TV_NSEC);
    }

    /** Writes {@code nanos} since the epoch as the {@code struct timespec} at {@code off} (negative times floor). */
    public static void writeNanos(Pointer p, long off, long nanos) {
        write(p, off, Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Writes the {@code struct timespec} at {@code off}, e.g. {@code (0, UTIME_OMIT)}. */
    public static void write(Pointer p, long off, long seconds, long nanos) {
        p.setLong(off + TV_SEC, seconds);
        p.setLong(off + TV_NSEC, nanos);
    }
}
