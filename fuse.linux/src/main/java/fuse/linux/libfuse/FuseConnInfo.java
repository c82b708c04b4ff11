package fuse.linux.libfuse;

/**
 * {@code struct fuse_conn_info} of libfuse 3.14 ({@code <fuse_common.h>}): offsets in bytes of the fields the
 * runtime reads and writes (all {@code unsigned}, 4 bytes); checked by the ABI test. The capability bits are
 * {@link fuse.api.ConnectionInfo}'s {@code CAP_*}.
 */
public final class FuseConnInfo {
    private FuseConnInfo() {
    }

    /** Bytes of {@code struct fuse_conn_info}. */
    public static final int SIZEOF = 128;
    /** Offset of {@code proto_major}. */
    public static final int PROTO_MAJOR = 0;
    /** Offset of {@code proto_minor}. */
    public static final int PROTO_MINOR = 4;
    /** Offset of {@code max_write}. */
    public static final int MAX_WRITE = 8;
    /** Offset of {@code max_read}. */
    public static final int MAX_READ = 12;
    /** Offset of {@code max_readahead}. */
    public static final int MAX_READAHEAD = 16;
    /** Offset of {@code capable}. */
    public static final int CAPABLE = 20;
    /** Offset of {@code want}. */
    public static final int WANT = 24;
    /** Offset of {@code max_background}. */
    public static final int MAX_BACKGROUND = 28;
    /** Offset of {@code congestion_threshold}. */
    public static final int CONGESTION_THRESHOLD = 32;
    /** Offset of {@code time_gran}. */
    public static final int TIME_GRAN = 36;
}
