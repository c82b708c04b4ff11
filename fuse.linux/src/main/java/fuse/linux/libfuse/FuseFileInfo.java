package fuse.linux.libfuse;

/**
 * {@code struct fuse_file_info} of libfuse 3.14 ({@code <fuse_common.h>}). Offsets in bytes; the {@code BIT_*}
 * values are bits of the 32-bit bit-field word at {@link #BITS}. Checked by the ABI test (each bit by setting the
 * field in a zeroed struct in C).
 */
public final class FuseFileInfo {
    private FuseFileInfo() {
    }

    /** Bytes of {@code struct fuse_file_info}. */
    public static final int SIZEOF = 40;
    /** Offset of {@code int flags} (the open flags). */
    public static final int FLAGS = 0;
    /** Offset of the bit-field word ({@code writepage} ... {@code noflush}, then padding). */
    public static final int BITS = 4;
    /** Offset of {@code uint64_t fh}. */
    public static final int FH = 16;
    /** Offset of {@code uint64_t lock_owner}. */
    public static final int LOCK_OWNER = 24;
    /** Offset of {@code uint32_t poll_events}. */
    public static final int POLL_EVENTS = 32;

    /** Bit of {@code direct_io}. */
    public static final int BIT_DIRECT_IO = 1 << 1;
    /** Bit of {@code keep_cache}. */
    public static final int BIT_KEEP_CACHE = 1 << 2;
    /** Bit of {@code flush}. */
    public static final int BIT_FLUSH = 1 << 3;
    /** Bit of {@code nonseekable}. */
    public static final int BIT_NONSEEKABLE = 1 << 4;
    /** Bit of {@code flock_release}. */
    public static final int BIT_FLOCK_RELEASE = 1 << 5;
    /** Bit of {@code cache_readdir}. */
    public static final int BIT_CACHE_READDIR = 1 << 6;
    /** Bit of {@code noflush}. */
    public static final int BIT_NOFLUSH = 1 << 7;
}
