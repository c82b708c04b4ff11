package fuse.linux.libfuse;

/**
 * The kernel's {@code struct fuse_in_header} ({@code <linux/fuse.h>}), which starts every request read from
 * {@code /dev/fuse}. Offsets in bytes; checked by the ABI test.
 */
public final class FuseInHeader {
    private FuseInHeader() {
    }

    /** Bytes of {@code struct fuse_in_header}. */
    public static final int SIZEOF = 40;
    /** Offset of {@code uint32_t pid}, the calling thread's id (0 for the kernel's own requests). */
    public static final int PID = 32;
}
