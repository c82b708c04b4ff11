package fuse.utils.posix;

import static fuse.utils.posix.Requests.bytes;
import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;

class NamesTest {
    @Test
    void namesUpTo255BytesPassLongerOnesAreTooLongAndTheEmptyOneDoesNotExist() {
        assertDoesNotThrow(() -> Names.check(new byte[255]));
        assertDoesNotThrow(() -> Names.check(bytes("a")));
        assertEquals(Errno.ENAMETOOLONG, errno(() -> Names.check(new byte[256])));
        assertEquals(Errno.ENOENT, errno(() -> Names.check(new byte[0])));
    }

    @Test
    void onlyDotAndDotDotAreDotNames() {
        assertTrue(Names.isDotOrDotDot(bytes(".")));
        assertTrue(Names.isDotOrDotDot(bytes("..")));
        for (String other : new String[] { "", "...", ".a", "a.", "a", "./" }) {
            assertFalse(Names.isDotOrDotDot(bytes(other)), other);
        }
    }

    @Test
    void rmdirOfDotIsInvalidAndOfDotDotNotEmpty() {
        assertEquals(Errno.EINVAL, errno(() -> Names.checkRmdir(bytes("."))));
        assertEquals(Errno.ENOTEMPTY, errno(() -> Names.checkRmdir(bytes(".."))));
        assertEquals(Errno.ENAMETOOLONG, errno(() -> Names.checkRmdir(new byte[256])));
        assertEquals(Errno.ENOENT, errno(() -> Names.checkRmdir(new byte[0])));
        assertDoesNotThrow(() -> Names.checkRmdir(bytes("...")));
    }
}
