package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.Lock;

import fuse.api.ConnectionInfo;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.WriteData;
import fuse.utils.posix.AtimePolicy;
import fuse.utils.posix.FallocateMode;
import fuse.utils.posix.FileRanges;
import fuse.utils.posix.InodeFlags;
import fuse.utils.posix.Privileges;

/**
 * The contents of a mount's regular files: reading, writing, truncating, allocating, copying and seeking the data
 * each file keeps in its {@link SparseData}, and the size and times that go with them. The data is changed under the
 * file's data lock (readers share it: read and lseek), the size and times under its monitor as well; two files
 * (copy_file_range) are locked in inode order.
 *
 * <p>Every change of a file's contents also takes from it what Linux takes on a write: set-user-id and set-group-id
 * ({@link Privileges}) and the file capability ({@link Xattrs#dropFileCapability}). memfs negotiates
 * {@link ConnectionInfo#CAP_HANDLE_KILLPRIV_V2}, so the kernel leaves that to it.
 */
final class FileContents {
    private final Inodes inodes;
    private final Xattrs xattrs;
    /** The memory file the data lives in: reads within one chunk are answered from it. */
    private final ChunkStore store;
    private final AtimePolicy atime;

    FileContents(Inodes inodes, Xattrs xattrs, ChunkStore store, AtimePolicy atime) {
        this.inodes = inodes;
        this.xattrs = xattrs;
        this.store = store;
        this.atime = atime;
    }

    /**
     * What opening {@code f} with {@code flags} does to its contents: O_TRUNC empties it (libfuse's atomic O_TRUNC:
     * the kernel sends no separate truncation).
     */
    void truncateOnOpen(RequestContext ctx, Node.File f, int flags) {
        if (!FileRanges.truncatesOnOpen(flags)) {
            return;
        }
        f.dataLock.writeLock().lock();
        try {
            f.data.truncate(0);
            synchronized (f) {
                if (f.size != 0) {
                    f.size = 0;
                }
                f.changed(Node.now(), true);
                f.mode = Privileges.afterTruncate(f.mode, f.gid, ctx);
                xattrs.dropFileCapability(f);
            }
        } finally {
            f.dataLock.writeLock().unlock();
        }
    }

    /**
     * setattr's new size, at time {@code nowNs}. The set-id bits and the file capability are left to setattr, which
     * changes the rest of the metadata with them.
     */
    void truncate(long inode, long size, long nowNs) {
        Node.File f = inodes.file(inode);
        FileRanges.checkTruncate(size);
        f.dataLock.writeLock().lock();
        try {
            if (size < f.size) {
                f.data.truncate(size);
            }
            synchronized (f) {
                f.size = size;
                f.changed(nowNs, true);
            }
        } finally {
            f.dataLock.writeLock().unlock();
        }
    }

    /**
     * Answers a read itself: from the memory file when the range lies in one chunk, else with one copy. The answer
     * leaves under the data lock (see below).
     */
    void read(long inode, long offset, int size, Reply.Data reply) {
        Node.File f = inodes.file(inode);
        f.accessed(atime);
        f.dataLock.readLock().lock();
        try {
            long fileSize = f.size;
            int n = offset >= fileSize ? 0 : (int) Math.min(size, fileSize - offset);
            // In one chunk: answered from the memory file (spliced, or one pread by the runtime). The position is
            // only valid under the data lock, so the answer goes out before it is released (readers share it).
            long position = f.data.position(offset, n);
            if (position >= 0) {
                reply.data(store.fd(), position, n);
                return;
            }
            // across chunks (or nothing to read): one copy into the request's direct buffer
            ByteBuffer buffer = reply.buffer(n);
            buffer.clear();
            f.data.read(offset, buffer, n);
            buffer.flip();
            reply.data(buffer);
        } finally {
            f.dataLock.readLock().unlock();
        }
    }

    /** Writes {@code data}'s remaining bytes at {@code offset}; returns how many (all of them). */
    int write(RequestContext ctx, long inode, long offset, ByteBuffer data) {
        int length = data.remaining();
        Node.File f = lockForWrite(inode, offset, length);
        try {
            f.data.write(offset, data, data.position(), length);
            written(ctx, f, offset, length);
        } finally {
            f.dataLock.writeLock().unlock();
        }
        return length;
    }

    /** Writes what {@code data} carries at {@code offset}; returns how many bytes (all of them). */
    int write(RequestContext ctx, long inode, long offset, WriteData data) {
        int length = data.remaining();
        Node.File f = lockForWrite(inode, offset, length);
        try {
            f.data.write(offset, data, length);
            written(ctx, f, offset, length);
        } finally {
            f.dataLock.writeLock().unlock();
        }
        return length;
    }

    /** The file {@code inode}, checked for a write of {@code length} bytes at {@code offset}, its data locked. */
    private Node.File lockForWrite(long inode, long offset, int length) {
        Node.File f = inodes.file(inode);
        FileRanges.checkWrite(offset, length);
        InodeFlags.checkWrite(f.inodeFlags());
        f.dataLock.writeLock().lock();
        return f;
    }

    /** What a write of {@code length} bytes at {@code offset} changes besides the data. */
    private void written(RequestContext ctx, Node.File f, long offset, int length) {
        long t = Node.now();
        synchronized (f) {
            if (offset + length > f.size) {
                f.size = offset + length;
            }
            f.changed(t, true);
            removePrivileges(ctx, f);
        }
    }

    void fallocate(RequestContext ctx, long inode, int mode, long offset, long length) {
        FallocateMode how = FallocateMode.of(mode, offset, length);
        Node.File f = inodes.file(inode);
        InodeFlags.checkFallocate(f.inodeFlags(), mode);
        long end = offset + length;
        f.dataLock.writeLock().lock();
        try {
            if (how.zeroes()) {
                f.data.punch(offset, length);
            }
            if (how.allocates()) {
                f.data.allocate(offset, length);
            }
            long t = Node.now();
            synchronized (f) {
                boolean grows = how.mayGrow() && end > f.size;
                if (grows) {
                    f.size = end;
                }
                if (how.zeroes() || grows) {
                    f.changed(t, true);
                }
                // any mode, as file_modified in the local file systems' fallocate
                removePrivileges(ctx, f);
            }
        } finally {
            f.dataLock.writeLock().unlock();
        }
    }

    /** {@code SEEK_DATA} or {@code SEEK_HOLE} from {@code offset}: the offset found. */
    long lseek(long inode, long offset, int whence) {
        FileRanges.checkLseek(whence, offset);
        Node.File f = inodes.file(inode);
        f.dataLock.readLock().lock();
        try {
            return whence == Fuse.SEEK_DATA ? f.data.seekData(offset, f.size) : f.data.seekHole(offset, f.size);
        } finally {
            f.dataLock.readLock().unlock();
        }
    }

    /** copy_file_range inside the memory file: returns the bytes copied (fewer when the capacity runs out). */
    long copyFileRange(RequestContext ctx, long inodeIn, long offsetIn, long inodeOut, long offsetOut, long length,
            int flags) {
        FileRanges.checkCopyFileRange(flags, offsetIn, offsetOut);
        Node.File in = inodes.file(inodeIn);
        Node.File out = inodes.file(inodeOut);
        InodeFlags.checkWrite(out.inodeFlags());
        long copied;
        if (in == out) {
            in.dataLock.writeLock().lock();
            try {
                copied = copy(in, offsetIn, out, offsetOut, length);
            } finally {
                in.dataLock.writeLock().unlock();
            }
        } else {
            // two files: lock in inode order so opposite copies cannot deadlock
            Lock a = in.inode < out.inode ? in.dataLock.readLock() : out.dataLock.writeLock();
            Lock b = in.inode < out.inode ? out.dataLock.writeLock() : in.dataLock.readLock();
            a.lock();
            try {
                b.lock();
                try {
                    copied = copy(in, offsetIn, out, offsetOut, length);
                } finally {
                    b.unlock();
                }
            } finally {
                a.unlock();
            }
        }
        if (copied > 0) {
            synchronized (out) {
                removePrivileges(ctx, out);
            }
        }
        return copied;
    }

    /** Copies with both data locks held. */
    private static long copy(Node.File in, long offsetIn, Node.File out, long offsetOut, long length) {
        long n = FileRanges.copyLength(length, in.size, offsetIn, offsetOut, in == out);
        if (n == 0) {
            return 0;
        }
        long copied = out.data.copyFrom(in.data, offsetIn, offsetOut, n);
        long t = Node.now();
        synchronized (out) {
            if (offsetOut + copied > out.size) {
                out.size = offsetOut + copied;
            }
            out.changed(t, true);
        }
        return copied;
    }

    /**
     * What a write by {@code ctx}'s caller takes from {@code f}: set-user-id and set-group-id as
     * {@link Privileges#afterWrite} says, and the file capability whoever the caller. Call holding {@code f}'s monitor.
     */
    private void removePrivileges(RequestContext ctx, Node.File f) {
        f.mode = Privileges.afterWrite(f.mode, f.gid, ctx);
        xattrs.dropFileCapability(f);
    }
}
