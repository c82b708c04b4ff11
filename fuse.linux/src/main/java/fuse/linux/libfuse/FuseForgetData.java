package fuse.linux.libfuse;

/**
 * {@code struct fuse_forget_data} of libfuse 3.14 ({@code <fuse_lowlevel.h>}, the array {@code forget_multi} gets).
 * Offsets in bytes; checked by the ABI test.
 */
public final class FuseForgetData {
    private FuseForgetData() {
    }

    /** Bytes of {@code struct fuse_forget_data}. */
    public static final int SIZEOF = 16;
    /** Offset of {@code fuse_ino_t ino}. */
    public static final int INO = 0;
    /** Offset of {@code uint64_t nlookup}. */
    public static final int NLOOKUP = 8;
}
