package fuse.linux.libfuse;

/**
 * {@code struct fuse_custom_io} of libfuse 3.14 ({@code <fuse_lowlevel.h>}): the functions a session reads requests
 * and writes answers with ({@code fuse_session_custom_io}). Offsets in bytes; checked by the ABI test.
 */
public final class FuseCustomIo {
    private FuseCustomIo() {
    }

    /** Bytes of {@code struct fuse_custom_io}. */
    public static final int SIZEOF = 32;
    /** Offset of {@code ssize_t (*writev)(int fd, struct iovec *iov, int count, void *userdata)}. */
    public static final int WRITEV = 0;
    /** Offset of {@code ssize_t (*read)(int fd, void *buf, size_t buf_len, void *userdata)}. */
    public static final int READ = 8;
    /** Offset of {@code splice_receive} (splice from /dev/fuse; NULL: not used). */
    public static final int SPLICE_RECEIVE = 16;
    /** Offset of {@code splice_send} (splice to /dev/fuse; NULL: libfuse splices no answer). */
    public static final int SPLICE_SEND = 24;
}
