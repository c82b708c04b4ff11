package fuse.linux.libfuse;

/** {@code struct fuse_args} of libfuse 3.14 ({@code <fuse_opt.h>}). Offsets in bytes; checked by the ABI test. */
public final class FuseArgs {
    private FuseArgs() {
    }

    /** Bytes of {@code struct fuse_args}. */
    public static final int SIZEOF = 24;
    /** Offset of {@code int argc}. */
    public static final int ARGC = 0;
    /** Offset of {@code char **argv}. */
    public static final int ARGV = 8;
    /** Offset of {@code int allocated}. */
    public static final int ALLOCATED = 16;
}
