package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Objects;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.api.StatvfsData;
import fuse.linux.CStrings;
import fuse.linux.Flock;
import fuse.linux.LibC;
import fuse.linux.Stat;
import fuse.linux.Statvfs;
import fuse.linux.libfuse.FuseBuf;
import fuse.linux.libfuse.FuseBufvec;
import fuse.runtime.jna.natives.LibFuse;
import fuse.runtime.jna.natives.ReplyEncoding;

/**
 * The reply kinds: one {@link Request} subclass per {@link Reply} type, each encoding its answer the way the
 * matching {@code fuse_reply_*} of {@code fuse_lowlevel.h} expects. Which operation gets which kind is fixed in
 * {@link OpTable}; a driver cannot send a READ answer to a LOOKUP, because a lookup's reply is not a
 * {@link Reply.Data} (a cast fails at once).
 */
final class Replies {
    private Replies() {
    }

    /** unlink, rmdir, rename, flush, release, fsync, setxattr, access, setlk, flock, fallocate, …: success only. */
    static final class Empty extends Request implements Reply.Empty {
        Empty(FuseSession s, long req, Op op, long inode) {
            super(s, req, op, inode);
        }

        @Override
        public void ok() {
            claim();
            LibFuse.fuse_reply_err(req, 0);
            finish(false);
        }
    }

    /** lookup, mknod, mkdir, symlink, link: {@code fuse_reply_entry}. */
    static final class Entry extends Request implements Reply.Entry {
        Entry(FuseSession s, long req, Op op, long inode) {
            super(s, req, op, inode);
        }

        @Override
        public void entry(EntryAttributes attributes) {
            nonNull(attributes, "attributes");
            claim();
            ReplyScratch s = ReplyScratch.get();
            ReplyEncoding.putEntry(s.entryView, attributes);
            LibFuse.fuse_reply_entry(req, s.entry);
            finish(false);
        }
    }

    /** getattr, setattr: {@code fuse_reply_attr}. */
    static final class Attr extends Request implements Reply.Attr {
        Attr(FuseSession s, long req, Op op, long inode) {
            super(s, req, op, inode);
        }

        @Override
        public void attr(EntryAttributes attributes) {
            nonNull(attributes, "attributes");
            claim();
            ReplyScratch s = ReplyScratch.get();
            Stat.write(s.statView, 0, attributes);
            LibFuse.fuse_reply_attr(req, s.stat, attributes.attrTimeout());
            finish(false);
        }
    }

    /** open, opendir: {@code fuse_reply_open}; the reply's file info echoes the request's open flags. */
    static final class Open extends Request implements Reply.Open {
        private final int openFlags;

        Open(FuseSession s, long req, Op op, long inode, int openFlags) {
            super(s, req, op, inode);
            this.openFlags = openFlags;
        }

        @Override
        public void open(FileInfo info) {
            nonNull(info, "info");
            claim();
            ReplyScratch s = ReplyScratch.get();
            ReplyEncoding.writeFileInfo(s.fileInfo, openFlags, info);
            if (LibFuse.fuse_reply_open(req, s.fileInfo) != 0) {
                // The caller was interrupted and is gone: libfuse does not call release for a failed open reply.
                session.orphanedOpen(this, info.fh());
            }
            finish(false);
        }
    }

    /** create: {@code fuse_reply_create}. */
    static final class Create extends Request implements Reply.Create {
        private final int openFlags;

        Create(FuseSession s, long req, long parent, int openFlags) {
            super(s, req, Op.CREATE, parent);
            this.openFlags = openFlags;
        }

        @Override
        public void create(EntryAttributes attributes, FileInfo info) {
            nonNull(attributes, "attributes");
            nonNull(info, "info");
            claim();
            ReplyScratch s = ReplyScratch.get();
            ReplyEncoding.putEntry(s.entryView, attributes);
            ReplyEncoding.writeFileInfo(s.fileInfo, openFlags, info);
            if (LibFuse.fuse_reply_create(req, s.entry, s.fileInfo) != 0) {
                session.orphanedOpen(this, info.fh());
            }
            finish(false);
        }
    }

    /**
     * read: {@code fuse_reply_buf}, from an array, any buffer, or a pooled direct buffer filled in place;
     * {@code fuse_reply_data} (splice) from a file descriptor.
     */
    static final class Data extends Request implements Reply.Data {
        /** Below two pages libfuse would not splice anyway (it copies through a fresh buffer): pread here instead. */
        private static final int SPLICE_MIN = 2 * 4096;
        private static final byte[] EMPTY = new byte[0];
        /** Direct buffer handed out by {@link #buffer(int)}, and its view. */
        private BufferPool.Buffer pooled;
        private ByteBuffer pooledView;

        Data(FuseSession s, long req, long inode) {
            super(s, req, Op.READ, inode);
        }

        @Override
        public void data(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            claim();
            if (offset == 0) {
                LibFuse.fuse_reply_buf(req, data, length);
            } else {
                Memory m = ReplyScratch.get().data(length);
                m.write(0, data, offset, length);
                LibFuse.fuse_reply_buf(req, m, length);
            }
            finish(false);
        }

        @Override
        public void data(ByteBuffer data) {
            nonNull(data, "data");
            claim();
            int length = data.remaining();
            if (data == pooledView) {
                // Filled in place: no copy (and no object for the address).
                LibFuse.fuse_reply_buf(req, pooled.address + data.position(), length);
            } else if (data.isDirect()) {
                LibFuse.fuse_reply_buf(req, Native.getDirectBufferPointer(data).share(data.position()), length);
            } else if (data.hasArray() && data.arrayOffset() + data.position() == 0) {
                LibFuse.fuse_reply_buf(req, data.array(), length);
            } else {
                Memory m = ReplyScratch.get().data(length);
                m.getByteBuffer(0, length).put(data.duplicate());
                LibFuse.fuse_reply_buf(req, m, length);
            }
            finish(false);
        }

        @Override
        public void data(int fd, long offset, int length) {
            if (fd < 0 || offset < 0 || length < 0) {
                throw new IllegalArgumentException("read of inode " + inode + " answered from descriptor " + fd
                        + " at " + offset + " (" + length + " bytes)");
            }
            if (length >= SPLICE_MIN && length <= session.largestSplicedAnswer()) {
                claim();
                ReplyScratch scratch = ReplyScratch.get();
                ByteBuffer v = scratch.bufvecView;
                v.putLong(FuseBufvec.COUNT, 1).putLong(FuseBufvec.IDX, 0).putLong(FuseBufvec.OFF, 0);
                v.putLong(FuseBufvec.BUF + FuseBuf.SIZE, length);
                v.putInt(FuseBufvec.BUF + FuseBuf.FLAGS, FuseBuf.FUSE_BUF_IS_FD | FuseBuf.FUSE_BUF_FD_SEEK);
                v.putLong(FuseBufvec.BUF + FuseBuf.MEM, 0);
                v.putInt(FuseBufvec.BUF + FuseBuf.FD, fd);
                v.putLong(FuseBufvec.BUF + FuseBuf.POS, offset);
                // libfuse splices the range into its pipe and the pipe into /dev/fuse; a failing read is answered
                // with its errno by libfuse itself
                LibFuse.fuse_reply_data(req, Pointer.nativeValue(scratch.bufvec), 0);
                finish(false);
                return;
            }
            if (length == 0) {
                data(EMPTY, 0, 0);
                return;
            }
            buffer(length);
            long n = LibC.pread(fd, pooled.address, length, offset);
            if (n < 0) {
                error(LibC.errno());
                return;
            }
            claim();
            LibFuse.fuse_reply_buf(req, pooled.address, n);
            finish(false);
        }

        @Override
        public ByteBuffer buffer(int capacity) {
            if (isAnswered()) {
                throw new IllegalStateException("read request already answered");
            }
            if (pooled == null || pooled.view.capacity() < capacity) {
                if (pooled != null) {
                    session.buffers.release(pooled);
                }
                pooled = session.buffers.acquire(capacity);
                pooledView = pooled.view;
            }
            pooledView.clear().limit(capacity);
            pooledView.order(ByteOrder.BIG_ENDIAN); // (a pooled view may come from a readdir, which set native order)
            return pooledView;
        }

        @Override
        void releaseBuffers() {
            if (pooled != null) {
                session.buffers.release(pooled);
                pooled = null;
                pooledView = null;
            }
        }
    }

    /** write, copy_file_range: {@code fuse_reply_write}. */
    static final class Write extends Request implements Reply.Write {
        Write(FuseSession s, long req, Op op, long inode) {
            super(s, req, op, inode);
        }

        @Override
        public void written(long count) {
            if (count < 0) {
                throw new IllegalArgumentException(op.label() + " of inode " + inode + " answered a negative count "
                        + count);
            }
            claim();
            LibFuse.fuse_reply_write(req, count);
            finish(false);
        }
    }

    /** statfs: {@code fuse_reply_statfs}. */
    static final class Statfs extends Request implements Reply.Statfs {
        Statfs(FuseSession s, long req, long inode) {
            super(s, req, Op.STATFS, inode);
        }

        @Override
        public void statfs(StatvfsData data) {
            nonNull(data, "data");
            claim();
            ReplyScratch s = ReplyScratch.get();
            Statvfs.write(s.statvfs, data);
            LibFuse.fuse_reply_statfs(req, s.statvfs);
            finish(false);
        }
    }

    /**
     * getxattr, listxattr: the driver answers with the whole value or list; this answers the caller's size probe
     * ({@code fuse_reply_xattr}) or ERANGE when the caller's buffer is too small.
     */
    static final class Xattr extends Request implements Reply.Xattr {
        /** The caller's buffer size; 0 when it asks for the size only. */
        private final long callerSize;

        Xattr(FuseSession s, long req, Op op, long inode, long callerSize) {
            super(s, req, op, inode);
            this.callerSize = callerSize;
        }

        @Override
        public void value(byte[] value) {
            nonNull(value, "value");
            reply(value, value.length);
        }

        @Override
        public void names(Collection<byte[]> names) {
            nonNull(names, "names");
            int total = 0;
            for (byte[] n : names) {
                total += n.length + 1;
            }
            byte[] joined = new byte[total];
            int pos = 0;
            for (byte[] n : names) {
                System.arraycopy(n, 0, joined, pos, n.length);
                pos += n.length + 1;
            }
            reply(joined, total);
        }

        private void reply(byte[] bytes, int length) {
            claim();
            if (callerSize == 0) {
                LibFuse.fuse_reply_xattr(req, length);
                finish(false);
            } else if (length > callerSize) {
                LibFuse.fuse_reply_err(req, Errno.ERANGE);
                finish(true);
            } else {
                LibFuse.fuse_reply_buf(req, bytes, length);
                finish(false);
            }
        }
    }

    /** readlink: {@code fuse_reply_readlink}. */
    static final class Readlink extends Request implements Reply.Readlink {
        Readlink(FuseSession s, long req, long inode) {
            super(s, req, Op.READLINK, inode);
        }

        @Override
        public void target(byte[] target) {
            nonNull(target, "target");
            claim();
            LibFuse.fuse_reply_readlink(req, CStrings.terminated(target));
            finish(false);
        }
    }

    /** lseek: {@code fuse_reply_lseek}. */
    static final class Lseek extends Request implements Reply.Lseek {
        Lseek(FuseSession s, long req, long inode) {
            super(s, req, Op.LSEEK, inode);
        }

        @Override
        public void offset(long offset) {
            claim();
            LibFuse.fuse_reply_lseek(req, offset);
            finish(false);
        }
    }

    /** getlk: {@code fuse_reply_lock}. */
    static final class Lock extends Request implements Reply.Lock {
        Lock(FuseSession s, long req, long inode) {
            super(s, req, Op.GETLK, inode);
        }

        @Override
        public void lock(FileLock lock) {
            nonNull(lock, "lock");
            claim();
            ReplyScratch s = ReplyScratch.get();
            Flock.write(s.flock, lock, lock.pid());
            LibFuse.fuse_reply_lock(req, s.flock);
            finish(false);
        }
    }

    /** ioctl: {@code fuse_reply_ioctl}, the data cut to what the caller can take. */
    static final class Ioctl extends Request implements Reply.Ioctl {
        private final int outSize;

        Ioctl(FuseSession s, long req, long inode, int outSize) {
            super(s, req, Op.IOCTL, inode);
            this.outSize = outSize;
        }

        @Override
        public void result(int result, byte[] out) {
            nonNull(out, "out");
            if (out.length > outSize) {
                throw new IllegalArgumentException("ioctl of inode " + inode + " answered " + out.length
                        + " bytes; the caller takes " + outSize);
            }
            claim();
            LibFuse.fuse_reply_ioctl(req, result, out.length == 0 ? null : out, out.length);
            finish(false);
        }
    }

    /** poll: {@code fuse_reply_poll}. */
    static final class Poll extends Request implements Reply.Poll {
        Poll(FuseSession s, long req, long inode) {
            super(s, req, Op.POLL, inode);
        }

        @Override
        public void ready(int events) {
            claim();
            LibFuse.fuse_reply_poll(req, events);
            finish(false);
        }
    }

    /** bmap: {@code fuse_reply_bmap}. */
    static final class Bmap extends Request implements Reply.Bmap {
        Bmap(FuseSession s, long req, long inode) {
            super(s, req, Op.BMAP, inode);
        }

        @Override
        public void block(long index) {
            claim();
            LibFuse.fuse_reply_bmap(req, index);
            finish(false);
        }
    }

    /**
     * readdir, readdirplus: entries are encoded into a pooled buffer as {@code fuse_add_direntry(_plus)} would,
     * without a native call per entry, and sent in one {@code fuse_reply_buf}.
     */
    static final class Directory extends Request implements Reply.Directory {
        private final long capacity;
        private final boolean plus;
        private BufferPool.Buffer page;
        private ByteBuffer pageView;
        private long used;

        Directory(FuseSession s, long req, long inode, long capacity, boolean plus) {
            super(s, req, plus ? Op.READDIRPLUS : Op.READDIR, inode);
            this.capacity = capacity;
            this.plus = plus;
        }

        @Override
        public boolean isPlus() {
            return plus;
        }

        @Override
        public boolean add(byte[] name, EntryAttributes attributes, long nextOffset) {
            if (isAnswered()) {
                throw new IllegalStateException(
                        "readdir page already answered: an entry can only be added while its readdir is in progress");
            }
            if (name.length == 0 || name.length > Fuse.NAME_MAX) {
                throw new IllegalArgumentException("directory entry names must be 1 to 255 bytes, got " + name.length);
            }
            if (page == null) {
                page = session.buffers.acquire((int) capacity);
                pageView = page.view.clear().order(ByteOrder.nativeOrder());
            }
            int at = (int) used;
            int needed = plus ? ReplyEncoding.direntPlusSize(name.length) : ReplyEncoding.direntSize(name.length);
            if (needed > capacity - used) {
                return false;
            }
            if (plus) {
                ReplyEncoding.putDirentPlus(pageView, at, name, attributes, nextOffset);
            } else {
                ReplyEncoding.putDirent(pageView, at, name, attributes.inode(), attributes.mode(), nextOffset);
            }
            used += needed;
            return true;
        }

        @Override
        public void done() {
            claim();
            if (used == 0) {
                LibFuse.fuse_reply_buf(req, (Pointer) null, 0);
            } else {
                LibFuse.fuse_reply_buf(req, page.address, used);
            }
            finish(false);
        }

        @Override
        void releaseBuffers() {
            if (page != null) {
                session.buffers.release(page);
                page = null;
                pageView = null;
            }
        }
    }
}
