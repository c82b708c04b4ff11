package fuse.linux;

import java.nio.ByteBuffer;

import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;

/**
 * glibc's {@code struct stat} ({@code <sys/stat.h>}) and its conversion to and from {@link EntryAttributes}.
 * Offsets in bytes, checked by the ABI test; the times are {@link Timespec}s.
 *
 * <p>Field widths (x86_64): {@code st_dev}, {@code st_ino}, {@code st_nlink}, {@code st_rdev}, {@code st_size},
 * {@code st_blksize}, {@code st_blocks} 8 bytes; {@code st_mode}, {@code st_uid}, {@code st_gid} 4 bytes.
 */
public final class Stat {
    private Stat() {
    }

    /** Bytes of {@code struct stat}. */
    public static final int SIZEOF = 144;
    /** Offset of {@code st_dev}. */
    public static final int ST_DEV = 0;
    /** Offset of {@code st_ino}. */
    public static final int ST_INO = 8;
    /** Offset of {@code st_nlink}. */
    public static final int ST_NLINK = 16;
    /** Offset of {@code st_mode}. */
    public static final int ST_MODE = 24;
    /** Offset of {@code st_uid}. */
    public static final int ST_UID = 28;
    /** Offset of {@code st_gid}. */
    public static final int ST_GID = 32;
    /** Offset of {@code st_rdev}. */
    public static final int ST_RDEV = 40;
    /** Offset of {@code st_size}. */
    public static final int ST_SIZE = 48;
    /** Offset of {@code st_blksize}. */
    public static final int ST_BLKSIZE = 56;
    /** Offset of {@code st_blocks}. */
    public static final int ST_BLOCKS = 64;
    /** Offset of {@code struct timespec st_atim}. */
    public static final int ST_ATIM = 72;
    /** Offset of {@code struct timespec st_mtim}. */
    public static final int ST_MTIM = 88;
    /** Offset of {@code struct timespec st_ctim}. */
    public static final int ST_CTIM = 104;

    /** {@code st_dev} of the {@code struct stat} at {@code p}. */
    public static long dev(Pointer p) {
        return p.getLong(ST_DEV);
    }

    /** {@code st_ino} of the {@code struct stat} at {@code p}. */
    public static long ino(Pointer p) {
        return p.getLong(ST_INO);
    }

    /** {@code st_mode} of the {@code struct stat} at {@code p}. */
    public static int mode(Pointer p) {
        return p.getInt(ST_MODE);
    }

    /**
     * Reads the {@code struct stat} at {@code p} into {@code a}: inode ({@code st_ino}), nlink, mode, uid, gid, rdev,
     * size, blksize, blocks and the three times. {@code st_dev}, the generation and the timeouts are left alone.
     *
     * @return {@code a}
     */
    public static EntryAttributes read(Pointer p, EntryAttributes a) {
        a.inode(p.getLong(ST_INO));
        a.nlink(p.getLong(ST_NLINK));
        a.mode(p.getInt(ST_MODE));
        a.uid(p.getInt(ST_UID));
        a.gid(p.getInt(ST_GID));
        a.rdev(p.getLong(ST_RDEV));
        a.size(p.getLong(ST_SIZE));
        a.blksize((int) p.getLong(ST_BLKSIZE));
        a.blocks(p.getLong(ST_BLOCKS));
        a.atimeNs(Timespec.readNanos(p, ST_ATIM));
        a.mtimeNs(Timespec.readNanos(p, ST_MTIM));
        a.ctimeNs(Timespec.readNanos(p, ST_CTIM));
        return a;
    }

    /**
     * Writes {@code a} as a {@code struct stat} at {@code off} of {@code b} (which must be in native byte order), all
     * {@link #SIZEOF} bytes: {@code st_dev} and the padding are 0 (the kernel sets its own device).
     */
    public static void write(ByteBuffer b, int off, EntryAttributes a) {
        b.putLong(off + ST_DEV, 0);
        b.putLong(off + ST_INO, a.inode());
        b.putLong(off + ST_NLINK, a.nlink());
        b.putInt(off + ST_MODE, a.mode());
        b.putInt(off + ST_UID, a.uid());
        b.putInt(off + ST_GID, a.gid());
        b.putInt(off + ST_GID + Integer.BYTES, 0); // __pad0
        b.putLong(off + ST_RDEV, a.rdev());
        b.putLong(off + ST_SIZE, a.size());
        b.putLong(off + ST_BLKSIZE, a.blksize());
        b.putLong(off + ST_BLOCKS, a.blocks());
        putTime(b, off + ST_ATIM, a.atimeNs());
        putTime(b, off + ST_MTIM, a.mtimeNs());
        putTime(b, off + ST_CTIM, a.ctimeNs());
        for (int i = ST_CTIM + Timespec.SIZEOF; i < SIZEOF; i += Long.BYTES) {
            b.putLong(off + i, 0); // __glibc_reserved
        }
    }

    private static void putTime(ByteBuffer b, int off, long nanos) {
        b.putLong(off + Timespec.TV_SEC, Math.floorDiv(nanos, 1_000_000_000L));
        b.putLong(off + Timespec.TV_NSEC, Math.floorMod(nanos, 1_000_000_000L));
    }
}
