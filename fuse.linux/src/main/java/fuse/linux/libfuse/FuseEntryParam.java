package fuse.linux.libfuse;

/**
 * {@code struct fuse_entry_param} of libfuse 3.14 ({@code <fuse_lowlevel.h>}). Offsets in bytes; checked by the ABI
 * test. {@link #ATTR} holds a {@code struct stat} ({@link fuse.linux.Stat}).
 */
public final class FuseEntryParam {
    private FuseEntryParam() {
    }

    /** Bytes of {@code struct fuse_entry_param}. */
    public static final int SIZEOF = 176;
    /** Offset of {@code fuse_ino_t ino}. */
    public static final int INO = 0;
    /** Offset of {@code uint64_t generation}. */
    public static final int GENERATION = 8;
    /** Offset of {@code struct stat attr}. */
    public static final int ATTR = 16;
    /** Offset of {@code double attr_timeout}. */
    public static final int ATTR_TIMEOUT = 160;
    /** Offset of {@code double entry_timeout}. */
    public static final int ENTRY_TIMEOUT = 168;
}
