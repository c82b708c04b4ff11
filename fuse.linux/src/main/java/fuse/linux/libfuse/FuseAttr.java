package fuse.linux.libfuse;

/**
 * The kernel's {@code struct fuse_attr} ({@code <linux/fuse.h>}). Offsets in bytes; checked by the ABI test. Times
 * are whole seconds (8 bytes) with their nanoseconds apart (4 bytes).
 */
public final class FuseAttr {
    private FuseAttr() {
    }

    /** Bytes of {@code struct fuse_attr}. */
    public static final int SIZEOF = 88;
    /** Offset of {@code uint64_t ino}. */
    public static final int INO = 0;
    /** Offset of {@code uint64_t size}. */
    public static final int SIZE = 8;
    /** Offset of {@code uint64_t blocks}. */
    public static final int BLOCKS = 16;
    /** Offset of {@code uint64_t atime}. */
    public static final int ATIME = 24;
    /** Offset of {@code uint64_t mtime}. */
    public static final int MTIME = 32;
    /** Offset of {@code uint64_t ctime}. */
    public static final int CTIME = 40;
    /** Offset of {@code uint32_t atimensec}. */
    public static final int ATIMENSEC = 48;
    /** Offset of {@code uint32_t mtimensec}. */
    public static final int MTIMENSEC = 52;
    /** Offset of {@code uint32_t ctimensec}. */
    public static final int CTIMENSEC = 56;
    /** Offset of {@code uint32_t mode}. */
    public static final int MODE = 60;
    /** Offset of {@code uint32_t nlink}. */
    public static final int NLINK = 64;
    /** Offset of {@code uint32_t uid}. */
    public static final int UID = 68;
    /** Offset of {@code uint32_t gid}. */
    public static final int GID = 72;
    /** Offset of {@code uint32_t rdev}. */
    public static final int RDEV = 76;
    /** Offset of {@code uint32_t blksize}. */
    public static final int BLKSIZE = 80;
    /** Offset of {@code uint32_t flags} (0 from libfuse 3.14). */
    public static final int FLAGS = 84;
}
