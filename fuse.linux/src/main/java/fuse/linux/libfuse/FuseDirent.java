package fuse.linux.libfuse;

/**
 * The kernel's {@code struct fuse_dirent} ({@code <linux/fuse.h>}), one READDIR entry, as {@code fuse_add_direntry}
 * writes it: the name follows at {@link #NAME}, and the record is padded with zeros to a multiple of {@link #ALIGN}.
 * Offsets in bytes; checked by the ABI test. {@code type} is a {@code d_type} ({@link fuse.linux.Dirent64#typeOf}).
 */
public final class FuseDirent {
    private FuseDirent() {
    }

    /** Offset of {@code uint64_t ino}. */
    public static final int INO = 0;
    /** Offset of {@code uint64_t off}, the offset of the next entry. */
    public static final int OFF = 8;
    /** Offset of {@code uint32_t namelen}. */
    public static final int NAMELEN = 16;
    /** Offset of {@code uint32_t type}. */
    public static final int TYPE = 20;
    /** Offset of {@code char name[]} ({@code FUSE_NAME_OFFSET}). */
    public static final int NAME = 24;
    /** Records are padded to a multiple of this many bytes ({@code FUSE_DIRENT_ALIGN}). */
    public static final int ALIGN = 8;
}
