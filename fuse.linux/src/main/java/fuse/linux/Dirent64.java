package fuse.linux;

/**
 * The records getdents64(2) returns ({@code struct linux_dirent64}, which is glibc's {@code struct dirent64}):
 * offsets in bytes, checked by the ABI test. A record is {@code d_reclen} bytes long; {@code d_name} is
 * NUL-terminated and padded within it ({@link CStrings#length(java.nio.ByteBuffer, int, int)}).
 */
public final class Dirent64 {
    private Dirent64() {
    }

    /** Offset of {@code u64 d_ino}. */
    public static final int D_INO = 0;
    /** Offset of {@code s64 d_off}, the offset that continues after this entry. */
    public static final int D_OFF = 8;
    /** Offset of {@code unsigned short d_reclen}, the record's length. */
    public static final int D_RECLEN = 16;
    /** Offset of {@code unsigned char d_type}, the file type ({@code DT_*}). */
    public static final int D_TYPE = 18;
    /** Offset of {@code char d_name[]}. */
    public static final int D_NAME = 19;
    /**
     * A {@code d_type} shifted left by this many bits is the file type bits of a mode ({@code DTTOIF}); the
     * kernel's {@code struct fuse_dirent} uses the same encoding.
     */
    public static final int DTTOIF_SHIFT = 12;

    /** The file type bits of a mode ({@link fuse.api.Fuse#S_IFMT}) for a {@code d_type}. */
    public static int modeOf(int dType) {
        return dType << DTTOIF_SHIFT;
    }

    /** The {@code d_type} of a mode's file type bits ({@code IFTODT}). */
    public static int typeOf(int mode) {
        return (mode & fuse.api.Fuse.S_IFMT) >>> DTTOIF_SHIFT;
    }
}
