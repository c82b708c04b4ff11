package fuse.linux.libfuse;

/**
 * {@code struct fuse_bufvec} of libfuse 3.14 ({@code <fuse_common.h>}) with its one inline buffer. Offsets in bytes;
 * checked by the ABI test. {@link #BUF} is the first {@link FuseBuf}.
 */
public final class FuseBufvec {
    private FuseBufvec() {
    }

    /** Bytes of {@code struct fuse_bufvec} (with {@code buf[1]}). */
    public static final int SIZEOF = 64;
    /** Offset of {@code size_t count}. */
    public static final int COUNT = 0;
    /** Offset of {@code size_t idx}. */
    public static final int IDX = 8;
    /** Offset of {@code size_t off}. */
    public static final int OFF = 16;
    /** Offset of {@code struct fuse_buf buf[0]}. */
    public static final int BUF = 24;
}
