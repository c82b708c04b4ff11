package fuse.driver.passthrough;

import static fuse.driver.passthrough.Names.checkName;
import static fuse.driver.passthrough.Ownership.dropPrivileges;
import static fuse.driver.passthrough.Ownership.own;
import static fuse.driver.passthrough.Ownership.settleMode;
import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.linux.CStrings.terminated;

import java.nio.ByteBuffer;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.linux.Fcntl;
import fuse.linux.Flock;
import fuse.linux.LibC;
import fuse.utils.posix.FileRanges;

/**
 * Open files: each handle is a descriptor of the backing file (the request's {@code fh}), which data, syncs and locks
 * go to directly, and which the node keeps in {@link Node#openFds} until release, so that the file stays reachable
 * after its last name is gone.
 */
final class FileIo {
    private final Inodes inodes;
    private final Descriptors descriptors;

    FileIo(Inodes inodes, Descriptors descriptors) {
        this.inodes = inodes;
        this.descriptors = descriptors;
    }

    // ----- files ----------------------------------------------------------------------------------------------

    void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        Node n = inodes.node(inode);
        int fd = descriptors.openNode(n, flags & ~(Fuse.O_CREAT | Fuse.O_EXCL | Fcntl.O_NOCTTY));
        if (FileRanges.truncatesOnOpen(flags)) {
            try {
                dropPrivileges(ctx, fd); // the kernel sends no SETATTR for an O_TRUNC it leaves to the open
            } catch (FuseException e) {
                LibC.close(fd);
                throw e;
            }
        }
        n.openFds.add(fd);
        reply.open(new FileInfo(fd).keepCache(false));
    }

    void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        checkName(name);
        Node p = inodes.node(parent);
        int dirFd = descriptors.openDir(p);
        try {
            // O_EXCL: the kernel asks only for a name it found missing; one that appeared in the source since is
            // EEXIST, not opened as root without the kernel's permission check and then given to the caller
            int fd = check(LibC.openat(dirFd, terminated(name),
                    flags | Fuse.O_CREAT | Fuse.O_EXCL | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, mode & 07777), "create");
            own(dirFd, name, ctx);
            Memory st = STAT.get();
            try {
                settleMode(ctx, dirFd, fd, mode);
                check(LibC.fstat(fd, st), "stat");
            } catch (FuseException e) {
                LibC.close(fd);
                throw e;
            }
            EntryAttributes a = inodes.remember(p, name, st);
            Node n = inodes.get(a.inode());
            if (n != null) {
                n.openFds.add(fd);
            }
            reply.create(a, new FileInfo(fd).keepCache(false));
        } finally {
            descriptors.release(dirFd);
        }
    }

    void read(long fh, long offset, int size, Reply.Data reply) {
        // straight from the backing file: spliced from its page cache where libfuse can, else one pread
        reply.data((int) fh, offset, size);
    }

    void write(RequestContext ctx, long fh, long offset, ByteBuffer data, Reply.Write reply) {
        ByteBuffer d = data.position() == 0 ? data : data.slice();
        if (d.hasRemaining()) {
            dropPrivileges(ctx, (int) fh); // before the data, as file_remove_privs does
        }
        reply.written(check(LibC.pwrite((int) fh, d, d.remaining(), offset), "write"));
    }

    void flush(long fh, Reply.Empty reply) {
        // close(2) of a duplicate reports the errors a network or delayed-allocation file system keeps for close
        check(LibC.close(check(LibC.dup((int) fh), "dup")), "close");
        reply.ok();
    }

    void release(long inode, long fh, Reply.Empty reply) {
        Node n = inodes.get(inode);
        if (n != null) {
            n.openFds.remove((int) fh);
        }
        LibC.close((int) fh);
        reply.ok();
    }

    void fsync(long fh, boolean datasync, Reply.Empty reply) {
        check(datasync ? LibC.fdatasync((int) fh) : LibC.fsync((int) fh), "fsync");
        reply.ok();
    }

    void fallocate(RequestContext ctx, long fh, int mode, long offset, long length, Reply.Empty reply) {
        dropPrivileges(ctx, (int) fh); // any mode, as file_modified in the local file systems' fallocate
        check(LibC.fallocate((int) fh, mode, offset, length), "fallocate");
        reply.ok();
    }

    void copyFileRange(RequestContext ctx, long fhIn, long offsetIn, long fhOut, long offsetOut, long length, int flags,
            Reply.Write reply) {
        Memory offs = new Memory(16);
        offs.setLong(0, offsetIn);
        offs.setLong(8, offsetOut);
        if (length > 0) {
            dropPrivileges(ctx, (int) fhOut); // the copy writes into it
        }
        long n = check(LibC.copy_file_range((int) fhIn, offs, (int) fhOut, offs.share(8), length, flags),
                "copy_file_range");
        reply.written(n);
    }

    void lseek(long fh, long offset, int whence, Reply.Lseek reply) {
        reply.offset(check(LibC.lseek((int) fh, offset, whence), "lseek"));
    }

    // ----- locks ----------------------------------------------------------------------------------------------
    // Forwarded to the backing file so they are coherent with processes using the source directly. POSIX locks
    // become open file description locks (F_OFD_*): they belong to the handle's descriptor, are dropped when release
    // closes it, and never to the driver process as a whole (where they would all merge into one owner).

    void flock(long fh, int operation, Reply.Empty reply) {
        check(LibC.flock((int) fh, operation), "flock");
        reply.ok();
    }

    void getlk(long fh, FileLock lock, Reply.Lock reply) {
        try (Memory fl = flockStruct(lock)) {
            check(LibC.fcntl((int) fh, Fcntl.F_OFD_GETLK, fl), "getlk");
            if (Flock.type(fl) == Fuse.F_UNLCK) {
                reply.lock(FileLock.unlocked());
                return;
            }
            FileLock held = Flock.read(fl);
            // an open file description lock belongs to no process (l_pid -1); FileLock says 0 for "unknown"
            reply.lock(held.pid() >= 0 ? held
                    : new FileLock(held.type(), held.start(), held.end(), 0));
        }
    }

    void setlk(long fh, FileLock lock, boolean sleep, Reply.Empty reply) {
        try (Memory fl = flockStruct(lock)) {
            check(LibC.fcntl((int) fh, sleep ? Fcntl.F_OFD_SETLKW : Fcntl.F_OFD_SETLK, fl), "setlk");
        }
        reply.ok();
    }

    /** A {@code struct flock} asking for {@code lock}; {@code l_pid} 0, as open file description locks want. */
    private static Memory flockStruct(FileLock lock) {
        Memory fl = new Memory(Flock.SIZEOF);
        Flock.write(fl, lock, 0);
        return fl;
    }
}
