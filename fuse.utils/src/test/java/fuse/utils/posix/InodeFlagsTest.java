package fuse.utils.posix;

import static fuse.utils.posix.Requests.errno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.Fuse;

class InodeFlagsTest {
    private static final int IMMUTABLE = Fuse.FS_IMMUTABLE_FL;
    private static final int APPEND = Fuse.FS_APPEND_FL;

    private static byte[] ints(int size, int first) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder()).putInt(0, first).array();
    }

    @Test
    void theFsxattrIoctlsOfXfsIoCarryTheSameFlagsAsXflags() {
        assertArrayEquals(ints(Fuse.FSXATTR_SIZE, Fuse.FS_XFLAG_IMMUTABLE | Fuse.FS_XFLAG_APPEND),
                InodeFlags.answer(Fuse.FS_IOC_FSGETXATTR, IMMUTABLE | APPEND));
        assertEquals(APPEND,
                InodeFlags.requested(Fuse.FS_IOC_FSSETXATTR, ints(Fuse.FSXATTR_SIZE, Fuse.FS_XFLAG_APPEND)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> InodeFlags.requested(Fuse.FS_IOC_FSSETXATTR,
                ints(Fuse.FSXATTR_SIZE, 0x80)))); // FS_XFLAG_NODUMP
        assertEquals(Errno.EINVAL, errno(() -> InodeFlags.requested(Fuse.FS_IOC_FSSETXATTR, new byte[4])));
    }

    @Test
    void flagsMemfsDoesNotKeepAreRefusedAndReadAsClear() {
        assertEquals(Errno.EOPNOTSUPP, errno(() -> InodeFlags.requested(Fuse.FS_IOC_SETFLAGS, ints(4, 0x40))));
        assertArrayEquals(ints(4, APPEND), InodeFlags.answer(Fuse.FS_IOC_GETFLAGS, APPEND | 0x40));
    }

    @Test
    void anAppendOnlyFileOpensForAppendingOnly() {
        InodeFlags.checkOpen(APPEND, Fuse.O_WRONLY | Fuse.O_APPEND);
        InodeFlags.checkOpen(APPEND, Fuse.O_RDONLY);
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkOpen(APPEND, Fuse.O_WRONLY)));
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkOpen(APPEND, Fuse.O_WRONLY | Fuse.O_APPEND
                | Fuse.O_TRUNC)));
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkOpen(IMMUTABLE, Fuse.O_RDWR | Fuse.O_APPEND)));
        InodeFlags.checkOpen(IMMUTABLE, Fuse.O_RDONLY);
    }

    @Test
    void appendOnlyAllowsTouchAndReservingSpaceButNothingElse() {
        InodeFlags.checkSetattr(APPEND, true);
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkSetattr(APPEND, false)));
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkSetattr(IMMUTABLE, true)));
        InodeFlags.checkFallocate(APPEND, Fuse.FALLOC_FL_KEEP_SIZE);
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkFallocate(APPEND,
                Fuse.FALLOC_FL_PUNCH_HOLE | Fuse.FALLOC_FL_KEEP_SIZE)));
        InodeFlags.checkAddEntry(APPEND);
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkRemoveEntry(APPEND)));
        assertEquals(Errno.EPERM, errno(() -> InodeFlags.checkAddEntry(IMMUTABLE)));
    }
}
