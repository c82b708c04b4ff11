package fuse.utils.posix;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The checks of offsets, lengths and sizes that every data operation of a file makes before it touches data, as
 * Linux answers them: file offsets are signed 64-bit ({@code loff_t}), so nothing may end past
 * {@link Long#MAX_VALUE}.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class FileRanges {
    private FileRanges() {
    }

    /**
     * Checks a write of {@code length} bytes at {@code offset}: {@link Errno#EINVAL} for a negative offset,
     * {@link Errno#EFBIG} when the write would end past {@link Long#MAX_VALUE}.
     *
     * @param offset where the write starts
     * @param length how many bytes it writes (not negative)
     * @throws FuseException EINVAL or EFBIG
     */
    public static void checkWrite(long offset, long length) {
        if (offset < 0) {
            throw new FuseException(Errno.EINVAL);
        }
        if (offset > Long.MAX_VALUE - length) {
            throw new FuseException(Errno.EFBIG);
        }
    }

    /**
     * Checks the new size of a truncate: {@link Errno#EINVAL} when negative.
     *
     * @param size the requested size
     * @throws FuseException EINVAL
     */
    public static void checkTruncate(long size) {
        if (size < 0) {
            throw new FuseException(Errno.EINVAL);
        }
    }

    /**
     * Checks an lseek a driver is asked for: only {@link Fuse#SEEK_DATA} and {@link Fuse#SEEK_HOLE} reach a driver
     * (the kernel answers the others), anything else is {@link Errno#EINVAL}; a negative offset is
     * {@link Errno#ENXIO}, as lseek(2) says for SEEK_DATA and SEEK_HOLE. (An offset at or past the end of the file is
     * ENXIO too; the driver knows the size.)
     *
     * @param whence the lseek whence
     * @param offset the offset to start from
     * @throws FuseException EINVAL or ENXIO
     */
    public static void checkLseek(int whence, long offset) {
        if (whence != Fuse.SEEK_DATA && whence != Fuse.SEEK_HOLE) {
            throw new FuseException(Errno.EINVAL);
        }
        if (offset < 0) {
            throw new FuseException(Errno.ENXIO);
        }
    }

    /**
     * Checks a copy_file_range request before the files are looked at: {@link Errno#EINVAL} for any flag (none is
     * defined) and for a negative offset.
     *
     * @param flags the request's flags
     * @param offsetIn where reading starts
     * @param offsetOut where writing starts
     * @throws FuseException EINVAL
     */
    public static void checkCopyFileRange(int flags, long offsetIn, long offsetOut) {
        if (flags != 0 || offsetIn < 0 || offsetOut < 0) {
            throw new FuseException(Errno.EINVAL);
        }
    }

    /**
     * How many bytes a copy_file_range copies: {@code length}, but no more than the source holds from
     * {@code offsetIn}; 0 at or past its end. Then {@link Errno#EFBIG} when the copy would end past
     * {@link Long#MAX_VALUE}, and {@link Errno#EINVAL} for overlapping ranges of one file (as Linux).
     *
     * @param length the requested length
     * @param sizeIn the source file's size
     * @param offsetIn where reading starts
     * @param offsetOut where writing starts
     * @param sameFile whether source and destination are the same inode
     * @return the bytes to copy, 0 when there is nothing to copy
     * @throws FuseException EFBIG or EINVAL
     */
    public static long copyLength(long length, long sizeIn, long offsetIn, long offsetOut, boolean sameFile) {
        long n = Math.min(length, Math.max(0, sizeIn - offsetIn));
        if (n <= 0) {
            return 0;
        }
        if (offsetOut > Long.MAX_VALUE - n) {
            throw new FuseException(Errno.EFBIG);
        }
        if (sameFile && offsetIn < offsetOut + n && offsetOut < offsetIn + n) {
            throw new FuseException(Errno.EINVAL);
        }
        return n;
    }

    /**
     * Whether an open truncates the file: {@link Fuse#O_TRUNC} with an access mode that allows writing (open(2):
     * O_TRUNC of a read-only open is left alone). A driver sees it when libfuse leaves O_TRUNC to the open
     * (atomic_o_trunc).
     *
     * @param flags the open(2) flags
     * @return true when the file is to be truncated to 0
     */
    public static boolean truncatesOnOpen(int flags) {
        return (flags & Fuse.O_TRUNC) != 0 && (flags & Fuse.O_ACCMODE) != Fuse.O_RDONLY;
    }
}
