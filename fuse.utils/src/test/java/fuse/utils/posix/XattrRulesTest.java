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

class XattrRulesTest {
    private static final byte[] NAME = bytes("user.comment");

    @Test
    void theTwoAclNamesAreAclsNothingElse() {
        assertTrue(XattrRules.isPosixAcl(bytes("system.posix_acl_access")));
        assertTrue(XattrRules.isPosixAcl(bytes("system.posix_acl_default")));
        assertFalse(XattrRules.isPosixAcl(bytes("system.posix_acl")));
        assertFalse(XattrRules.isPosixAcl(bytes("user.posix_acl_access")));
    }

    @Test
    void setChecksFlagsThenAclThenNameThenValue() {
        byte[] tooBig = new byte[XattrRules.XATTR_SIZE_MAX + 1];
        assertEquals(Errno.EINVAL, errno(() -> XattrRules.checkSet(bytes("system.posix_acl_access"), tooBig, 4)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> XattrRules.checkSet(bytes("system.posix_acl_default"), tooBig,
                0)));
        assertEquals(Errno.ERANGE, errno(() -> XattrRules.checkSet(new byte[0], new byte[1], 0)));
        assertEquals(Errno.ERANGE, errno(() -> XattrRules.checkSet(new byte[256], tooBig, Fuse.XATTR_CREATE)));
        assertEquals(Errno.E2BIG, errno(() -> XattrRules.checkSet(NAME, tooBig, Fuse.XATTR_REPLACE)));
        assertDoesNotThrow(() -> XattrRules.checkSet(new byte[255], new byte[XattrRules.XATTR_SIZE_MAX], 0));
        assertDoesNotThrow(() -> XattrRules.checkSet(NAME, new byte[0], Fuse.XATTR_CREATE));
    }

    @Test
    void createNeedsAbsenceReplaceNeedsPresence() {
        assertEquals(Errno.EEXIST, errno(() -> XattrRules.checkPresence(true, Fuse.XATTR_CREATE)));
        assertEquals(Errno.ENODATA, errno(() -> XattrRules.checkPresence(false, Fuse.XATTR_REPLACE)));
        assertDoesNotThrow(() -> XattrRules.checkPresence(false, Fuse.XATTR_CREATE));
        assertDoesNotThrow(() -> XattrRules.checkPresence(true, Fuse.XATTR_REPLACE));
        assertDoesNotThrow(() -> XattrRules.checkPresence(true, 0));
        assertDoesNotThrow(() -> XattrRules.checkPresence(false, 0));
    }
}
