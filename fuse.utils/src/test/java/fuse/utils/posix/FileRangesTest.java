package fuse.utils.posix;

import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.Fuse;

class FileRangesTest {
    @Test
    void writesStartAtZeroOrLaterAndEndByLongMax() {
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkWrite(-1, 1)));
        assertEquals(Errno.EFBIG, errno(() -> FileRanges.checkWrite(Long.MAX_VALUE - 1, 2)));
        assertDoesNotThrow(() -> FileRanges.checkWrite(Long.MAX_VALUE - 2, 2));
        assertDoesNotThrow(() -> FileRanges.checkWrite(0, 0));
    }

    @Test
    void aTruncateToANegativeSizeIsInvalid() {
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkTruncate(-1)));
        assertDoesNotThrow(() -> FileRanges.checkTruncate(0));
    }

    @Test
    void lseekServesDataAndHoleFromNonNegativeOffsets() {
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkLseek(Fuse.SEEK_END, 0)));
        assertEquals(Errno.ENXIO, errno(() -> FileRanges.checkLseek(Fuse.SEEK_DATA, -1)));
        assertDoesNotThrow(() -> FileRanges.checkLseek(Fuse.SEEK_HOLE, 0));
    }

    @Test
    void copyFileRangeHasNoFlagsAndNonNegativeOffsets() {
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkCopyFileRange(1, 0, 0)));
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkCopyFileRange(0, -1, 0)));
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.checkCopyFileRange(0, 0, -1)));
        assertDoesNotThrow(() -> FileRanges.checkCopyFileRange(0, 0, 0));
    }

    @Test
    void aCopyIsCutAtTheSourcesEndAndRefusesOverflowAndOverlap() {
        assertEquals(100, FileRanges.copyLength(100, 1000, 0, 0, false));
        assertEquals(50, FileRanges.copyLength(100, 1000, 950, 0, false));
        assertEquals(0, FileRanges.copyLength(100, 1000, 1000, 0, false));
        assertEquals(0, FileRanges.copyLength(100, 1000, 2000, Long.MAX_VALUE, false), "nothing to copy first");
        assertEquals(Errno.EFBIG, errno(() -> FileRanges.copyLength(100, 1000, 0, Long.MAX_VALUE - 10, false)));
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.copyLength(100, 1000, 0, 50, true)));
        assertEquals(Errno.EINVAL, errno(() -> FileRanges.copyLength(100, 1000, 50, 0, true)));
        assertEquals(100, FileRanges.copyLength(100, 1000, 0, 100, true), "adjacent ranges do not overlap");
    }

    @Test
    void onlyAWritableOpenTruncates() {
        assertTrue(FileRanges.truncatesOnOpen(Fuse.O_WRONLY | Fuse.O_TRUNC));
        assertTrue(FileRanges.truncatesOnOpen(Fuse.O_RDWR | Fuse.O_TRUNC));
        assertFalse(FileRanges.truncatesOnOpen(Fuse.O_RDONLY | Fuse.O_TRUNC));
        assertFalse(FileRanges.truncatesOnOpen(Fuse.O_RDWR));
    }
}
