package fuse.utils.posix;

import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.Fuse;

class NewInodeTest {
    private static final int SETGID_DIR = Fuse.S_IFDIR | 02775;
    private static final int PLAIN_DIR = Fuse.S_IFDIR | 0775;

    @Test
    void permissionsDropTheTypeAndTheCallersUmask() {
        assertEquals(0644, NewInode.permissions(Requests.user(1000, 100), Fuse.S_IFREG | 0666));
        assertEquals(04755, NewInode.permissions(Requests.user(1000, 100), 04777));
    }

    @Test
    void theGroupIsTheCallersUnlessTheDirectoryHasSetGroupId() {
        assertEquals(100, NewInode.group(Requests.user(1000, 100), PLAIN_DIR, 50));
        assertEquals(50, NewInode.group(Requests.user(1000, 100), SETGID_DIR, 50));
    }

    @Test
    void aDirectoryInASetGroupIdDirectoryInheritsTheBit() {
        assertEquals(Fuse.S_IFDIR | 02755, NewInode.mode(Requests.user(1000, 100), Fuse.S_IFDIR | 0755, SETGID_DIR,
                50));
        assertEquals(Fuse.S_IFDIR | 0755, NewInode.mode(Requests.user(1000, 100), Fuse.S_IFDIR | 0755, PLAIN_DIR,
                100));
        assertEquals(Fuse.S_IFREG | 0644, NewInode.mode(Requests.user(1000, 100), Fuse.S_IFREG | 0644, SETGID_DIR,
                50), "files do not inherit set-group-id");
    }

    @Test
    void groupExecutableSetGroupIdNeedsMembershipOrRoot() {
        int asked = Fuse.S_IFREG | 02755;
        assertEquals(Fuse.S_IFREG | 0755, NewInode.mode(Requests.user(1000, 100), asked, SETGID_DIR, 50));
        assertEquals(asked, NewInode.mode(Requests.user(1000, 100, 50), asked, SETGID_DIR, 50));
        assertEquals(asked, NewInode.mode(Requests.user(1000, 50), asked, SETGID_DIR, 50));
        assertEquals(asked, NewInode.mode(Requests.root(), asked, SETGID_DIR, 50));
        int lockingOnly = Fuse.S_IFREG | 02644; // set-group-id without group execute: mandatory locking, kept
        assertEquals(lockingOnly, NewInode.mode(Requests.user(1000, 100), lockingOnly, SETGID_DIR, 50));
    }

    @Test
    void mknodMakesFilesFifosSocketsAndDevicesButNoDirectories() {
        assertEquals(Fuse.S_IFREG, NewInode.mknodType(0644));
        assertEquals(Fuse.S_IFREG, NewInode.mknodType(Fuse.S_IFREG | 0644));
        for (int type : new int[] { Fuse.S_IFIFO, Fuse.S_IFSOCK, Fuse.S_IFCHR, Fuse.S_IFBLK }) {
            assertEquals(type, NewInode.mknodType(type | 0600));
        }
        assertEquals(Errno.EPERM, errno(() -> NewInode.mknodType(Fuse.S_IFDIR | 0755)));
        assertEquals(Errno.EINVAL, errno(() -> NewInode.mknodType(Fuse.S_IFLNK | 0777)));
        assertEquals(Errno.EINVAL, errno(() -> NewInode.mknodType(0150000)));
    }

    @Test
    void onlyDevicesKeepADeviceNumber() {
        assertEquals(0x0801, NewInode.rdev(Fuse.S_IFBLK, 0x0801));
        assertEquals(0x0103, NewInode.rdev(Fuse.S_IFCHR, 0x0103));
        assertEquals(0, NewInode.rdev(Fuse.S_IFIFO, 0x0103));
        assertEquals(0, NewInode.rdev(Fuse.S_IFREG, 0x0103));
    }
}
