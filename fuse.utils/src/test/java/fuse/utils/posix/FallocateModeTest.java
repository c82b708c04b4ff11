package fuse.utils.posix;

import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.Fuse;

class FallocateModeTest {
    private static final int KEEP = Fuse.FALLOC_FL_KEEP_SIZE;
    private static final int PUNCH = Fuse.FALLOC_FL_PUNCH_HOLE;
    private static final int ZERO = Fuse.FALLOC_FL_ZERO_RANGE;

    @Test
    void theServedModesDecode() {
        FallocateMode allocate = FallocateMode.of(0, 0, 10);
        assertTrue(allocate.allocates() && allocate.mayGrow() && !allocate.zeroes());
        FallocateMode keep = FallocateMode.of(KEEP, 0, 10);
        assertTrue(keep.allocates() && !keep.mayGrow() && !keep.zeroes());
        FallocateMode punch = FallocateMode.of(PUNCH | KEEP, 0, 10);
        assertTrue(!punch.allocates() && !punch.mayGrow() && punch.zeroes());
        FallocateMode zero = FallocateMode.of(ZERO, 0, 10);
        assertTrue(zero.allocates() && zero.mayGrow() && zero.zeroes());
        FallocateMode zeroKeep = FallocateMode.of(ZERO | KEEP, 0, 10);
        assertTrue(zeroKeep.allocates() && !zeroKeep.mayGrow() && zeroKeep.zeroes());
        assertSame(zeroKeep, FallocateMode.of(ZERO | KEEP, 5, 10), "shared instances");
        assertFalse(zeroKeep.punchHole());
    }

    @Test
    void otherModesAreNotSupportedBeforeTheRangeIsChecked() {
        assertEquals(Errno.EOPNOTSUPP, errno(() -> FallocateMode.of(PUNCH, -1, 0)), "punching needs KEEP_SIZE");
        assertEquals(Errno.EOPNOTSUPP, errno(() -> FallocateMode.of(PUNCH | KEEP | ZERO, 0, 10)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> FallocateMode.of(0x08, 0, 10)), "COLLAPSE_RANGE");
        assertEquals(Errno.EOPNOTSUPP, errno(() -> FallocateMode.of(0x20, 0, 10)), "INSERT_RANGE");
    }

    @Test
    void theRangeStartsAtZeroOrLaterIsNotEmptyAndEndsByLongMax() {
        assertEquals(Errno.EINVAL, errno(() -> FallocateMode.of(0, -1, 10)));
        assertEquals(Errno.EINVAL, errno(() -> FallocateMode.of(0, 0, 0)));
        assertEquals(Errno.EFBIG, errno(() -> FallocateMode.of(KEEP, Long.MAX_VALUE - 5, 10)));
    }
}
