package fuse.linux.libfuse;

/**
 * The kernel's answer to {@code FUSE_INIT} as it goes to {@code /dev/fuse}: {@code struct fuse_out_header} then
 * {@code struct fuse_init_out} ({@code <linux/fuse.h>}). Offsets in bytes; checked by the ABI test.
 */
public final class FuseInitOut {
    private FuseInitOut() {
    }

    /** Bytes of {@code struct fuse_out_header}, which precedes every answer. */
    public static final int OUT_HEADER_SIZEOF = 16;
    /** Offset of {@code int32_t error} in {@code struct fuse_out_header}. */
    public static final int ERROR = 4;
    /** Offset of {@code uint32_t flags} in {@code struct fuse_init_out}. */
    public static final int FLAGS = 12;
    /**
     * {@code flags}: the server removes set-user-id, set-group-id and {@code security.capability} itself (protocol
     * 7.33); libfuse 3.14 cannot set it.
     */
    public static final int FUSE_HANDLE_KILLPRIV_V2 = 1 << 28;
    /** Offset of {@code uint16_t max_pages} in {@code struct fuse_init_out}: the most pages one READ or WRITE takes. */
    public static final int MAX_PAGES = 28;
    /** {@code flags}: {@link #MAX_PAGES} is set (protocol 7.28). */
    public static final int FUSE_MAX_PAGES = 1 << 22;
}
