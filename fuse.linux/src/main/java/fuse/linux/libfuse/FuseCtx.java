package fuse.linux.libfuse;

/**
 * {@code struct fuse_ctx} of libfuse 3.14 ({@code <fuse_lowlevel.h>}, what {@code fuse_req_ctx} returns). Offsets in
 * bytes; checked by the ABI test.
 */
public final class FuseCtx {
    private FuseCtx() {
    }

    /** Bytes of {@code struct fuse_ctx}. */
    public static final int SIZEOF = 16;
    /** Offset of {@code uid_t uid}. */
    public static final int UID = 0;
    /** Offset of {@code gid_t gid}. */
    public static final int GID = 4;
    /** Offset of {@code pid_t pid}. */
    public static final int PID = 8;
    /** Offset of {@code mode_t umask}. */
    public static final int UMASK = 12;
}
