package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import fuse.api.Fuse;

class PrivilegesTest {
    private static final int SUID_SGID_GX = Fuse.S_IFREG | 06755;
    private static final int SUID_SGID_NO_GX = Fuse.S_IFREG | 06745;

    @Test
    void clearingTakesSetUserIdAndGroupExecutableSetGroupId() {
        assertEquals(Fuse.S_IFREG | 0755, Privileges.cleared(SUID_SGID_GX));
        assertEquals(Fuse.S_IFREG | 02745, Privileges.cleared(SUID_SGID_NO_GX), "mandatory locking bit stays");
        assertEquals(Fuse.S_IFREG | 0644, Privileges.cleared(Fuse.S_IFREG | 0644));
    }

    @Test
    void aWriteByAnyoneButRootClears() {
        assertEquals(Fuse.S_IFREG | 0755, Privileges.afterWrite(SUID_SGID_GX, 100, Requests.user(1000, 100)));
        assertEquals(SUID_SGID_GX, Privileges.afterWrite(SUID_SGID_GX, 100, Requests.root()));
        assertEquals(Fuse.S_IFREG | 0644, Privileges.afterWrite(Fuse.S_IFREG | 0644, 100, Requests.user(1000, 100)));
    }

    @Test
    void aTruncateByAnyoneButRootClears() {
        assertEquals(Fuse.S_IFREG | 02745, Privileges.afterTruncate(SUID_SGID_NO_GX, 100, Requests.user(1000, 100)));
        assertEquals(SUID_SGID_NO_GX, Privileges.afterTruncate(SUID_SGID_NO_GX, 100, Requests.root()));
    }

    @Test
    void setGroupIdWithoutGroupExecuteStaysOnlyForMembersOfTheFilesGroup() {
        // Linux 6.2+ (setattr_should_drop_sgid): a writer outside the group loses the locking bit too
        assertEquals(Fuse.S_IFREG | 0745, Privileges.afterWrite(SUID_SGID_NO_GX, 0, Requests.user(65534, 65534)));
        assertEquals(Fuse.S_IFREG | 0745, Privileges.afterTruncate(SUID_SGID_NO_GX, 0, Requests.user(65534, 65534)));
        assertEquals(Fuse.S_IFREG | 02745, Privileges.afterWrite(SUID_SGID_NO_GX, 50, Requests.user(1000, 100, 50)),
                "a supplementary group counts");
        assertEquals(Fuse.S_IFREG | 0755, Privileges.afterWrite(SUID_SGID_GX, 100, Requests.user(1000, 100)),
                "group execute: cleared for members too");
    }

    @Test
    void aChownClearsSetUserIdEvenForRootAndSetGroupIdAsAWriteDoes() {
        assertEquals(Fuse.S_IFREG | 0755, Privileges.afterChown(SUID_SGID_GX, 100, Requests.root()));
        assertEquals(Fuse.S_IFREG | 02745, Privileges.afterChown(SUID_SGID_NO_GX, 100, Requests.root()));
        assertEquals(Fuse.S_IFREG | 02745, Privileges.afterChown(SUID_SGID_NO_GX, 100, Requests.user(1000, 100)));
        assertEquals(Fuse.S_IFREG | 0745, Privileges.afterChown(SUID_SGID_NO_GX, 100, Requests.user(1000, 200)),
                "Linux 6.2+: the caller is not in the file's group");
        assertEquals(Fuse.S_IFDIR | 06745, Privileges.afterChown(Fuse.S_IFDIR | 06745, 100, Requests.user(1000, 200)),
                "a directory keeps both");
    }

    @Test
    void theKernelsKillSgidTakesSetGroupIdAsAWriteDoes() {
        assertEquals(Fuse.S_IFREG | 04755, Privileges.afterKillSgid(SUID_SGID_GX, 100, Requests.user(1000, 100)));
        assertEquals(SUID_SGID_NO_GX, Privileges.afterKillSgid(SUID_SGID_NO_GX, 100, Requests.user(1000, 100)));
        assertEquals(Fuse.S_IFREG | 04745, Privileges.afterKillSgid(SUID_SGID_NO_GX, 100, Requests.user(1000, 200)));
    }
}
