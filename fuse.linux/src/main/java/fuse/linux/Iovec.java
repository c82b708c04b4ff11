package fuse.linux;

/**
 * {@code struct iovec} ({@code <sys/uio.h>}), one piece of a {@code writev}. Offsets in bytes; checked by the ABI
 * test.
 */
public final class Iovec {
    private Iovec() {
    }

    /** Bytes of {@code struct iovec}. */
    public static final int SIZEOF = 16;
    /** Offset of {@code void *iov_base}. */
    public static final int BASE = 0;
    /** Offset of {@code size_t iov_len}. */
    public static final int LEN = 8;
}
