package fuse.linux;

import com.sun.jna.Pointer;

import fuse.api.StatvfsData;

/**
 * glibc's {@code struct statvfs} ({@code <sys/statvfs.h>}; every field 8 bytes on x86_64) and its conversion to
 * and from {@link StatvfsData}. Offsets in bytes; checked by the ABI test.
 */
public final class Statvfs {
    private Statvfs() {
    }

    /** Bytes of {@code struct statvfs}. */
    public static final int SIZEOF = 112;
    /** Offset of {@code f_bsize}. */
    public static final int F_BSIZE = 0;
    /** Offset of {@code f_frsize}. */
    public static final int F_FRSIZE = 8;
    /** Offset of {@code f_blocks}. */
    public static final int F_BLOCKS = 16;
    /** Offset of {@code f_bfree}. */
    public static final int F_BFREE = 24;
    /** Offset of {@code f_bavail}. */
    public static final int F_BAVAIL = 32;
    /** Offset of {@code f_files}. */
    public static final int F_FILES = 40;
    /** Offset of {@code f_ffree}. */
    public static final int F_FFREE = 48;
    /** Offset of {@code f_favail}. */
    public static final int F_FAVAIL = 56;
    /** Offset of {@code f_fsid}. */
    public static final int F_FSID = 64;
    /** Offset of {@code f_flag}. */
    public static final int F_FLAG = 72;
    /** Offset of {@code f_namemax}. */
    public static final int F_NAMEMAX = 80;

    /** Reads the {@code struct statvfs} at {@code p} into a new {@link StatvfsData}. */
    public static StatvfsData read(Pointer p) {
        return new StatvfsData().bsize(p.getLong(F_BSIZE)).frsize(p.getLong(F_FRSIZE)).blocks(p.getLong(F_BLOCKS))
                .bfree(p.getLong(F_BFREE)).bavail(p.getLong(F_BAVAIL)).files(p.getLong(F_FILES))
                .ffree(p.getLong(F_FFREE)).favail(p.getLong(F_FAVAIL)).namemax(p.getLong(F_NAMEMAX));
    }

    /** Writes {@code s} as the {@code struct statvfs} at {@code p}, all {@link #SIZEOF} bytes (fsid, flag: 0). */
    public static void write(Pointer p, StatvfsData s) {
        p.setLong(F_BSIZE, s.bsize());
        p.setLong(F_FRSIZE, s.frsize());
        p.setLong(F_BLOCKS, s.blocks());
        p.setLong(F_BFREE, s.bfree());
        p.setLong(F_BAVAIL, s.bavail());
        p.setLong(F_FILES, s.files());
        p.setLong(F_FFREE, s.ffree());
        p.setLong(F_FAVAIL, s.favail());
        p.setLong(F_FSID, 0);
        p.setLong(F_FLAG, 0);
        p.setLong(F_NAMEMAX, s.namemax());
        for (int i = F_NAMEMAX + Long.BYTES; i < SIZEOF; i += Long.BYTES) {
            p.setLong(i, 0); // __f_spare
        }
    }
}
