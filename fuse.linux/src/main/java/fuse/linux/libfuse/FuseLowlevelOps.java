package fuse.linux.libfuse;

/**
 * {@code struct fuse_lowlevel_ops} of libfuse 3.14 ({@code <fuse_lowlevel.h>}): 44 function pointers in this order,
 * {@link #SIZEOF} bytes, the size {@code fuse_session_new} is told. Offsets in bytes; checked by the ABI test,
 * every callback.
 */
public final class FuseLowlevelOps {
    private FuseLowlevelOps() {
    }

    /** Bytes of {@code struct fuse_lowlevel_ops}. */
    public static final int SIZEOF = 352;

    /** Offset of {@code init}. */
    public static final int INIT = 0;
    /** Offset of {@code destroy}. */
    public static final int DESTROY = 8;
    /** Offset of {@code lookup}. */
    public static final int LOOKUP = 16;
    /** Offset of {@code forget}. */
    public static final int FORGET = 24;
    /** Offset of {@code getattr}. */
    public static final int GETATTR = 32;
    /** Offset of {@code setattr}. */
    public static final int SETATTR = 40;
    /** Offset of {@code readlink}. */
    public static final int READLINK = 48;
    /** Offset of {@code mknod}. */
    public static final int MKNOD = 56;
    /** Offset of {@code mkdir}. */
    public static final int MKDIR = 64;
    /** Offset of {@code unlink}. */
    public static final int UNLINK = 72;
    /** Offset of {@code rmdir}. */
    public static final int RMDIR = 80;
    /** Offset of {@code symlink}. */
    public static final int SYMLINK = 88;
    /** Offset of {@code rename}. */
    public static final int RENAME = 96;
    /** Offset of {@code link}. */
    public static final int LINK = 104;
    /** Offset of {@code open}. */
    public static final int OPEN = 112;
    /** Offset of {@code read}. */
    public static final int READ = 120;
    /** Offset of {@code write}. */
    public static final int WRITE = 128;
    /** Offset of {@code flush}. */
    public static final int FLUSH = 136;
    /** Offset of {@code release}. */
    public static final int RELEASE = 144;
    /** Offset of {@code fsync}. */
    public static final int FSYNC = 152;
    /** Offset of {@code opendir}. */
    public static final int OPENDIR = 160;
    /** Offset of {@code readdir}. */
    public static final int READDIR = 168;
    /** Offset of {@code releasedir}. */
    public static final int RELEASEDIR = 176;
    /** Offset of {@code fsyncdir}. */
    public static final int FSYNCDIR = 184;
    /** Offset of {@code statfs}. */
    public static final int STATFS = 192;
    /** Offset of {@code setxattr}. */
    public static final int SETXATTR = 200;
    /** Offset of {@code getxattr}. */
    public static final int GETXATTR = 208;
    /** Offset of {@code listxattr}. */
    public static final int LISTXATTR = 216;
    /** Offset of {@code removexattr}. */
    public static final int REMOVEXATTR = 224;
    /** Offset of {@code access}. */
    public static final int ACCESS = 232;
    /** Offset of {@code create}. */
    public static final int CREATE = 240;
    /** Offset of {@code getlk}. */
    public static final int GETLK = 248;
    /** Offset of {@code setlk}. */
    public static final int SETLK = 256;
    /** Offset of {@code bmap}. */
    public static final int BMAP = 264;
    /** Offset of {@code ioctl}. */
    public static final int IOCTL = 272;
    /** Offset of {@code poll}. */
    public static final int POLL = 280;
    /** Offset of {@code write_buf}. */
    public static final int WRITE_BUF = 288;
    /** Offset of {@code retrieve_reply}. */
    public static final int RETRIEVE_REPLY = 296;
    /** Offset of {@code forget_multi}. */
    public static final int FORGET_MULTI = 304;
    /** Offset of {@code flock}. */
    public static final int FLOCK = 312;
    /** Offset of {@code fallocate}. */
    public static final int FALLOCATE = 320;
    /** Offset of {@code readdirplus}. */
    public static final int READDIRPLUS = 328;
    /** Offset of {@code copy_file_range}. */
    public static final int COPY_FILE_RANGE = 336;
    /** Offset of {@code lseek}. */
    public static final int LSEEK = 344;
}
