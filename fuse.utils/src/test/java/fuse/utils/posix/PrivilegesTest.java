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
    void aWriteByAnyoneButRootClearsRootOnlyWhenTheKernelAsks() {
        assertEquals(Fuse.S_IFREG | 0755, Privileges.afterWrite(SUID_SGID_GX, Requests.user(1000, 100), 0));
        assertEquals(SUID_SGID_GX, Privileges.afterWrite(SUID_SGID_GX, Requests.root(), 0));
        assertEquals(Fuse.S_IFREG | 0755, Privileges.afterWrite(SUID_SGID_GX, Requests.root(),
                Privileges.WRITE_KILL_SUIDGID));
        assertEquals(Fuse.S_IFREG | 0644, Privileges.afterWrite(Fuse.S_IFREG | 0644, Requests.user(1000, 100), 0));
    }

    @Test
    void aTruncateByAnyoneButRootClears() {
        assertEquals(Fuse.S_IFREG | 02745, Privileges.afterTruncate(SUID_SGID_NO_GX, Requests.user(1000, 100)));
        assertEquals(SUID_SGID_NO_GX, Privileges.afterTruncate(SUID_SGID_NO_GX, Requests.root()));
    }
}
