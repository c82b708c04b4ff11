package fuse.linux.libfuse;

/** {@code struct fuse_buf} of libfuse 3.14 ({@code <fuse_common.h>}). Offsets in bytes; checked by the ABI test. */
public final class FuseBuf {
    private FuseBuf() {
    }

    /** Bytes of {@code struct fuse_buf}. */
    public static final int SIZEOF = 40;
    /** Offset of {@code size_t size}. */
    public static final int SIZE = 0;
    /** Offset of {@code enum fuse_buf_flags flags}. */
    public static final int FLAGS = 8;
    /** Offset of {@code void *mem}. */
    public static final int MEM = 16;
    /** Offset of {@code int fd}. */
    public static final int FD = 24;
    /** Offset of {@code off_t pos}. */
    public static final int POS = 32;

    /** {@code flags}: the buffer is a file descriptor ({@link #FD}), not memory. */
    public static final int FUSE_BUF_IS_FD = 1 << 1;
    /** {@code flags}: read the descriptor at {@link #POS} (pread, or splice with an offset), not where it stands. */
    public static final int FUSE_BUF_FD_SEEK = 1 << 2;
}
