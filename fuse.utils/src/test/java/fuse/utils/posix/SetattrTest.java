package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.api.RequestContext;
import fuse.api.SetattrFields;

class SetattrTest {
    private static final long NOW = 5_000;

    private static EntryAttributes inode(int mode) {
        return new EntryAttributes().inode(7).mode(mode).uid(1000).gid(100).size(42).atimeNs(1).mtimeNs(2)
                .ctimeNs(3);
    }

    private static EntryAttributes apply(EntryAttributes inode, EntryAttributes requested, int fields) {
        return apply(inode, requested, fields, Requests.root());
    }

    private static EntryAttributes apply(EntryAttributes inode, EntryAttributes requested, int fields,
            RequestContext ctx) {
        return Setattr.apply(inode, requested, new SetattrFields(fields), ctx, NOW);
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
        assertEquals(Fuse.S_IFDIR | 02745, apply(inode(Fuse.S_IFDIR | 02745), new EntryAttributes().gid(200),
                SetattrFields.GID, Requests.user(1000, 200)).mode(), "also by a caller outside the group");
    }

    @Test
    void chownByACallerOutsideTheFilesGroupClearsSetGroupIdAlsoWithoutGroupExecute() {
        // Linux 6.2+ (setattr_should_drop_sgid in chown_common): the owner, not in the file's group 100, gives the
        // file its own group 200
        RequestContext owner = Requests.user(1000, 200);
        assertEquals(Fuse.S_IFREG | 0745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes().gid(200),
                SetattrFields.GID, owner).mode());
        // what FUSE sends for it: the mode the kernel cleared by the older rule (set-user-ID only, as the group
        // may not execute) beside the new group
        assertEquals(Fuse.S_IFREG | 0745, apply(inode(Fuse.S_IFREG | 06745),
                new EntryAttributes().gid(200).mode(Fuse.S_IFREG | 02745), SetattrFields.GID | SetattrFields.MODE,
                owner).mode());
    }

    @Test
    void chownByAMemberOfTheFilesGroupOrByRootKeepsSetGroupIdWithoutGroupExecute() {
        assertEquals(Fuse.S_IFREG | 02745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes().gid(200),
                SetattrFields.GID, Requests.user(1000, 200, 100)).mode(), "a supplementary group counts");
        assertEquals(Fuse.S_IFREG | 02745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes().gid(200),
                SetattrFields.GID, Requests.root()).mode());
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
    void theKernelsKillFlagsClearSetGroupIdWithGroupExecuteOrForACallerOutsideTheGroup() {
        RequestContext member = Requests.user(1000, 100);
        RequestContext outsider = Requests.user(1000, 200);
        assertEquals(Fuse.S_IFREG | 02755, apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes(),
                SetattrFields.KILL_SUID, member).mode());
        assertEquals(Fuse.S_IFREG | 04755, apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes(),
                SetattrFields.KILL_SGID, member).mode());
        assertEquals(Fuse.S_IFREG | 02745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes(),
                SetattrFields.KILL_SGID, member).mode(), "a member keeps the bit without group execute");
        assertEquals(Fuse.S_IFREG | 0745, apply(inode(Fuse.S_IFREG | 02745), new EntryAttributes(),
                SetattrFields.KILL_SGID, outsider).mode(), "Linux 6.2+: a caller outside the group does not");
    }

    @Test
    void aTruncateByAnyoneButRootClearsSetIdBitsAlsoFromTheModeTheKernelSends() {
        RequestContext outsider = Requests.user(1000, 200);
        assertEquals(Fuse.S_IFREG | 0755, apply(inode(Fuse.S_IFREG | 06755), new EntryAttributes().size(0),
                SetattrFields.SIZE, Requests.user(1000, 100)).mode());
        // what FUSE sends for it: the mode the kernel cleared by the older rule beside the size
        assertEquals(Fuse.S_IFREG | 0745, apply(inode(Fuse.S_IFREG | 06745),
                new EntryAttributes().size(0).mode(Fuse.S_IFREG | 02745), SetattrFields.SIZE | SetattrFields.MODE,
                outsider).mode());
        assertEquals(Fuse.S_IFREG | 06745, apply(inode(Fuse.S_IFREG | 06745), new EntryAttributes().size(0),
                SetattrFields.SIZE, Requests.root()).mode(), "root keeps both");
        assertEquals(42, apply(inode(Fuse.S_IFREG | 0644), new EntryAttributes().size(0), SetattrFields.SIZE,
                outsider).size(), "the size is the driver's");
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
