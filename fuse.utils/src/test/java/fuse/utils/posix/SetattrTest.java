package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.api.SetattrFields;

class SetattrTest {
    private static final long NOW = 5_000;

    private static EntryAttributes inode(int mode) {
        return new EntryAttributes().inode(7).mode(mode).uid(1000).gid(100).size(42).atimeNs(1).mtimeNs(2)
                .ctimeNs(3);
    }

    private static EntryAttributes apply(EntryAttributes inode, EntryAttributes requested, int fields) {
        return Setattr.apply(inode, requested, new SetattrFields(fields), Requests.root(), NOW);
    }

    @Test
    void chownSetsOwnerAndGroupAndClearsPrivilegesOfFilesEvenForRoot() {
        EntryAttributes a = apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes().uid(2000).gid(200),
                SetattrFields.UID | SetattrFields.GID);
        assertEquals(2000, a.uid());
        assertEquals(200, a.gid());
        assertEquals(Fuse.S_IFREG | 0755, a.mode());
        assertEquals(NOW, a.ctimeNs());
        assertEquals(42, a.size(), "the size is the driver's");
    }

    @Test
    void chownOfADirectoryKeepsItsSetGroupId() {
        EntryAttributes a = apply(inode(Fuse.S_IFDIR | 02775), new EntryAttributes().gid(200), SetattrFields.GID);
        assertEquals(Fuse.S_IFDIR | 02775, a.mode());
    }

    @Test
    void minusOneMeansLeaveUnchangedAndKillsNothing() {
        EntryAttributes a = apply(inode(Fuse.S_IFREG | 04755), new EntryAttributes().uid(-1).gid(-1),
                SetattrFields.UID | SetattrFields.GID);
        assertEquals(1000, a.uid());
        assertEquals(100, a.gid());
        assertEquals(Fuse.S_IFREG | 04755, a.mode());
    }

    @Test
    void theKernelsKillFlagsClearTheirBitSetGroupIdOnlyWithGroupExecute() {
        assertEquals(Fuse.S_IFREG | 02755, apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes(),
                SetattrFields.KILL_SUID).mode());
        assertEquals(Fuse.S_IFREG | 04755, apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes(),
                SetattrFields.KILL_SGID).mode());
        assertEquals(Fuse.S_IFREG | 02745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes(),
                SetattrFields.KILL_SGID).mode());
    }

    @Test
    void chmodReplacesThePermissionBitsNeverTheType() {
        EntryAttributes a = apply(inode(Fuse.S_IFREG | 0644), new EntryAttributes().mode(Fuse.S_IFDIR | 01777),
                SetattrFields.MODE);
        assertEquals(Fuse.S_IFREG | 01777, a.mode());
    }

    @Test
    void timesAreSetWhenAskedAndCtimeIsNowUnlessGiven() {
        EntryAttributes inode = inode(Fuse.S_IFREG | 0644);
        EntryAttributes a = apply(inode, new EntryAttributes().atimeNs(10).mtimeNs(20).ctimeNs(30),
                SetattrFields.ATIME | SetattrFields.MTIME);
        assertSame(inode, a);
        assertEquals(10, a.atimeNs());
        assertEquals(20, a.mtimeNs());
        assertEquals(NOW, a.ctimeNs());
        assertEquals(30, apply(inode(Fuse.S_IFREG), new EntryAttributes().ctimeNs(30), SetattrFields.CTIME)
                .ctimeNs());
        EntryAttributes untouched = apply(inode(Fuse.S_IFREG | 0644), new EntryAttributes().atimeNs(10), 0);
        assertEquals(1, untouched.atimeNs());
        assertEquals(2, untouched.mtimeNs());
    }
}
