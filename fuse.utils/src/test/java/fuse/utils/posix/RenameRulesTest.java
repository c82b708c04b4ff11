package fuse.utils.posix;

import static fuse.utils.posix.Requests.bytes;
import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.Fuse;

class RenameRulesTest {
    private static final byte[] A = bytes("a");
    private static final byte[] B = bytes("b");

    @Test
    void unknownOrContradictoryFlagsAreInvalidBeforeTheNamesAreLookedAt() {
        assertEquals(Errno.EINVAL, errno(() -> RenameRules.check(A, B, Fuse.RENAME_WHITEOUT)));
        assertEquals(Errno.EINVAL, errno(() -> RenameRules.check(A, B, 0x100)));
        assertEquals(Errno.EINVAL, errno(() -> RenameRules.check(new byte[300], B,
                Fuse.RENAME_NOREPLACE | Fuse.RENAME_EXCHANGE)));
        assertDoesNotThrow(() -> RenameRules.check(A, B, 0));
        assertDoesNotThrow(() -> RenameRules.check(A, B, Fuse.RENAME_NOREPLACE));
        assertDoesNotThrow(() -> RenameRules.check(A, B, Fuse.RENAME_EXCHANGE));
    }

    @Test
    void namesAreCheckedThenDotNamesAreBusy() {
        assertEquals(Errno.ENAMETOOLONG, errno(() -> RenameRules.check(A, new byte[256], 0)));
        assertEquals(Errno.ENOENT, errno(() -> RenameRules.check(new byte[0], B, 0)));
        assertEquals(Errno.EBUSY, errno(() -> RenameRules.check(bytes("."), B, 0)));
        assertEquals(Errno.EBUSY, errno(() -> RenameRules.check(A, bytes(".."), 0)));
    }

    @Test
    void noreplaceNeedsAFreeTargetExchangeAnExistingOne() {
        assertEquals(Errno.EEXIST, errno(() -> RenameRules.checkTarget(Fuse.RENAME_NOREPLACE, true)));
        assertDoesNotThrow(() -> RenameRules.checkTarget(Fuse.RENAME_NOREPLACE, false));
        assertEquals(Errno.ENOENT, errno(() -> RenameRules.checkTarget(Fuse.RENAME_EXCHANGE, false)));
        assertDoesNotThrow(() -> RenameRules.checkTarget(Fuse.RENAME_EXCHANGE, true));
        assertDoesNotThrow(() -> RenameRules.checkTarget(0, true));
        assertDoesNotThrow(() -> RenameRules.checkTarget(0, false));
        assertTrue(RenameRules.isExchange(Fuse.RENAME_EXCHANGE));
        assertFalse(RenameRules.isExchange(Fuse.RENAME_NOREPLACE));
    }

    @Test
    void aDirectoryReplacesOnlyADirectory() {
        assertDoesNotThrow(() -> RenameRules.checkReplace(true, true));
        assertDoesNotThrow(() -> RenameRules.checkReplace(false, false));
        assertEquals(Errno.ENOTDIR, errno(() -> RenameRules.checkReplace(true, false)));
        assertEquals(Errno.EISDIR, errno(() -> RenameRules.checkReplace(false, true)));
    }
}
