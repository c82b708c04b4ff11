package fuse.runtime.jna;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.StatvfsData;

/**
 * One kernel request in flight: the caller's context and every reply type at once, so a request costs one object.
 * The first answer wins (a CAS on {@link #state}); it is encoded into per-thread native scratch memory, sent, and
 * the request's statistics and resources are settled in {@link #finish(boolean)}.
 */
final class FuseRequest implements RequestContext, Reply.Empty, Reply.Entry, Reply.Attr, Reply.Open, Reply.Create,
        Reply.Data, Reply.Write, Reply.Statfs, Reply.Xattr, Reply.Readlink, Reply.Lseek, Reply.Lock,
        Reply.Directory {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FuseRequest.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0;
    private static final int ANSWERED = 1;

    final FuseSession session;
    /** The libfuse request ({@code fuse_req_t}) as its address. */
    final long req;
    final Op op;
    final long inode;
    private final long startNanos;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** open flags of open / opendir / create, echoed in the reply's file info. */
    int openFlags;
    /** size argument of getxattr / listxattr (0: the caller probes the size). */
    long xattrSize;
    /** readdir page buffer and its state. */
    private BufferPool.Buffer dirBuffer;
    private ByteBuffer dirView;
    private long dirCapacity;
    private long dirUsed;
    private boolean dirPlus;
    /** direct buffer handed out by {@link #buffer(int)}. */
    private BufferPool.Buffer dataBuffer;
    private ByteBuffer dataView;
    /** caller credentials, read lazily (most requests never ask). */
    private boolean ctxLoaded;
    private int uid;
    private int gid;
    private int pid;
    private int umask;

    FuseRequest(FuseSession session, long req, Op op, long inode) {
        this.session = session;
        this.req = req;
        this.op = op;
        this.inode = inode;
        this.startNanos = System.nanoTime();
    }

    // ----- bookkeeping ---------------------------------------------------------------------------------------------

    /**
     * Rejects a malformed answer before the request is claimed, so the caller still gets EIO from the dispatcher
     * instead of a request that is marked answered but was never sent.
     */
    private void nonNull(Object value, String what) {
        if (value == null) {
            throw new NullPointerException(op.label() + " of inode " + inode + " answered with a null " + what);
        }
    }

    private void claim() {
        if (!STATE.compareAndSet(this, OPEN, ANSWERED)) {
            throw new IllegalStateException(op.label() + " request for inode " + inode + " was already answered");
        }
    }

    /** Answers with an errno unless already answered; returns whether this call answered. */
    boolean tryError(int errno) {
        if (!STATE.compareAndSet(this, OPEN, ANSWERED)) {
            return false;
        }
        LibFuse.fuse_reply_err(req, errno);
        finish(true);
        return true;
    }

    private void finish(boolean error) {
        if (dirBuffer != null) {
            session.buffers.release(dirBuffer);
            dirBuffer = null;
            dirView = null;
        }
        if (dataBuffer != null) {
            session.buffers.release(dataBuffer);
            dataBuffer = null;
            dataView = null;
        }
        session.requestDone(this, System.nanoTime() - startNanos, error);
    }

    @Override
    public boolean isAnswered() {
        return (int) STATE.getVolatile(this) != OPEN;
    }

    // ----- RequestContext ----------------------------------------------------------------------------------------

    private void loadCtx() {
        if (!ctxLoaded) {
            if (isAnswered()) {
                throw new IllegalStateException("the request context is gone once the request is answered");
            }
            Pointer ctx = LibFuse.fuse_req_ctx(req);
            uid = ctx.getInt(0);
            gid = ctx.getInt(4);
            pid = ctx.getInt(8);
            umask = ctx.getInt(12);
            ctxLoaded = true;
        }
    }

    @Override
    public int uid() {
        loadCtx();
        return uid;
    }

    @Override
    public int gid() {
        loadCtx();
        return gid;
    }

    @Override
    public int pid() {
        loadCtx();
        return pid;
    }

    @Override
    public int umask() {
        loadCtx();
        return umask;
    }

    @Override
    public int[] groups() {
        if (isAnswered()) {
            throw new IllegalStateException("the request context is gone once the request is answered");
        }
        int[] list = new int[64];
        int n = LibFuse.fuse_req_getgroups(req, list.length, list);
        if (n > list.length) {
            list = new int[n];
            n = LibFuse.fuse_req_getgroups(req, list.length, list);
        }
        if (n < 0) {
            return new int[0];
        }
        return n == list.length ? list : java.util.Arrays.copyOf(list, n);
    }

    @Override
    public boolean isInterrupted() {
        return !isAnswered() && LibFuse.fuse_req_interrupted(req) != 0;
    }

    @Override
    public Session session() {
        return session;
    }

    // ----- replies -----------------------------------------------------------------------------------------------

    @Override
    public void error(int errno) {
        if (errno <= 0) {
            throw new IllegalArgumentException("errno must be positive, was " + errno);
        }
        claim();
        LibFuse.fuse_reply_err(req, errno);
        finish(true);
    }

    @Override
    public void ok() {
        claim();
        LibFuse.fuse_reply_err(req, 0);
        finish(false);
    }

    @Override
    public void entry(EntryAttributes attributes) {
        nonNull(attributes, "attributes");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.putEntry(s.entryView, attributes);
        LibFuse.fuse_reply_entry(req, s.entry);
        finish(false);
    }

    @Override
    public void attr(EntryAttributes attributes) {
        nonNull(attributes, "attributes");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.putStat(s.statView, 0, attributes);
        LibFuse.fuse_reply_attr(req, s.stat, attributes.attrTimeout());
        finish(false);
    }

    @Override
    public void open(FileInfo info) {
        nonNull(info, "info");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.writeFileInfo(s.fileInfo, openFlags, info);
        if (LibFuse.fuse_reply_open(req, s.fileInfo) != 0) {
            // The caller was interrupted and is gone: libfuse does not call release for a failed open reply.
            session.orphanedOpen(this, info.fh());
        }
        finish(false);
    }

    @Override
    public void create(EntryAttributes attributes, FileInfo info) {
        nonNull(attributes, "attributes");
        nonNull(info, "info");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.putEntry(s.entryView, attributes);
        NativeLayout.writeFileInfo(s.fileInfo, openFlags, info);
        if (LibFuse.fuse_reply_create(req, s.entry, s.fileInfo) != 0) {
            session.orphanedOpen(this, info.fh());
        }
        finish(false);
    }

    @Override
    public void data(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        claim();
        if (offset == 0) {
            LibFuse.fuse_reply_buf(req, data, length);
        } else {
            Memory m = Scratch.get().data(length);
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
        if (data == dataView) {
            // Filled in place: no copy (and no object for the address).
            LibFuse.fuse_reply_buf(req, dataBuffer.address + data.position(), length);
        } else if (data.isDirect()) {
            LibFuse.fuse_reply_buf(req, com.sun.jna.Native.getDirectBufferPointer(data).share(data.position()),
                    length);
        } else if (data.hasArray() && data.arrayOffset() + data.position() == 0) {
            LibFuse.fuse_reply_buf(req, data.array(), length);
        } else {
            Memory m = Scratch.get().data(length);
            m.getByteBuffer(0, length).put(data.duplicate());
            LibFuse.fuse_reply_buf(req, m, length);
        }
        finish(false);
    }

    @Override
    public ByteBuffer buffer(int capacity) {
        if (isAnswered()) {
            throw new IllegalStateException("read request already answered");
        }
        if (dataBuffer == null || dataBuffer.view.capacity() < capacity) {
            if (dataBuffer != null) {
                session.buffers.release(dataBuffer);
            }
            dataBuffer = session.buffers.acquire(capacity);
            dataView = dataBuffer.view;
        }
        dataView.clear().limit(capacity);
        dataView.order(ByteOrder.BIG_ENDIAN); // (a pooled view may come from a readdir, which set native order)
        return dataView;
    }

    @Override
    public void written(long count) {
        if (count < 0) {
            throw new IllegalArgumentException(op.label() + " of inode " + inode + " answered a negative count " + count);
        }
        claim();
        LibFuse.fuse_reply_write(req, count);
        finish(false);
    }

    @Override
    public void statfs(StatvfsData data) {
        nonNull(data, "data");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.writeStatvfs(s.statvfs, data);
        LibFuse.fuse_reply_statfs(req, s.statvfs);
        finish(false);
    }

    @Override
    public void value(byte[] value) {
        nonNull(value, "value");
        replyXattr(value, value.length);
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
        replyXattr(joined, total);
    }

    private void replyXattr(byte[] bytes, int length) {
        claim();
        if (xattrSize == 0) {
            LibFuse.fuse_reply_xattr(req, length);
            finish(false);
        } else if (length > xattrSize) {
            LibFuse.fuse_reply_err(req, Errno.ERANGE);
            finish(true);
        } else {
            LibFuse.fuse_reply_buf(req, bytes, length);
            finish(false);
        }
    }

    @Override
    public void target(byte[] target) {
        nonNull(target, "target");
        claim();
        LibFuse.fuse_reply_readlink(req, NativeLayout.withNul(target));
        finish(false);
    }

    @Override
    public void offset(long offset) {
        claim();
        LibFuse.fuse_reply_lseek(req, offset);
        finish(false);
    }

    @Override
    public void lock(FileLock lock) {
        nonNull(lock, "lock");
        claim();
        Scratch s = Scratch.get();
        NativeLayout.writeFlock(s.flock, lock);
        LibFuse.fuse_reply_lock(req, s.flock);
        finish(false);
    }

    // ----- readdir --------------------------------------------------------------------------------------------

    void startDirectory(long capacity, boolean plus) {
        this.dirCapacity = capacity;
        this.dirPlus = plus;
    }

    @Override
    public boolean isPlus() {
        return dirPlus;
    }

    @Override
    public boolean add(byte[] name, EntryAttributes attributes, long nextOffset) {
        if (isAnswered()) {
            throw new IllegalStateException(
                    "readdir page already answered: an entry can only be added while its readdir is in progress");
        }
        if (name.length == 0 || name.length > fuse.api.Fuse.NAME_MAX) {
            throw new IllegalArgumentException("directory entry names must be 1 to 255 bytes, got " + name.length);
        }
        if (dirBuffer == null) {
            dirBuffer = session.buffers.acquire((int) dirCapacity);
            dirView = dirBuffer.view.clear().order(ByteOrder.nativeOrder());
        }
        // Encoded here as fuse_add_direntry(_plus) would: no native call per entry.
        int at = (int) dirUsed;
        int needed = dirPlus ? NativeLayout.direntPlusSize(name.length) : NativeLayout.direntSize(name.length);
        if (needed > dirCapacity - dirUsed) {
            return false;
        }
        if (dirPlus) {
            NativeLayout.putDirentPlus(dirView, at, name, attributes, nextOffset);
        } else {
            NativeLayout.putDirent(dirView, at, name, attributes.inode(), attributes.mode(), nextOffset);
        }
        dirUsed += needed;
        return true;
    }

    @Override
    public void done() {
        claim();
        if (dirUsed == 0) {
            LibFuse.fuse_reply_buf(req, (Pointer) null, 0);
        } else {
            LibFuse.fuse_reply_buf(req, dirBuffer.address, dirUsed);
        }
        finish(false);
    }

    @Override
    public String toString() {
        return op.label() + "(inode " + inode + ")";
    }

    /** Per-thread native scratch memory for encoding replies; only used within one reply call. */
    static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

        final Memory stat = new Memory(NativeLayout.STAT_SIZE);
        final ByteBuffer statView = stat.getByteBuffer(0, NativeLayout.STAT_SIZE).order(ByteOrder.nativeOrder());
        final Memory entry = new Memory(NativeLayout.ENTRY_SIZE);
        final ByteBuffer entryView = entry.getByteBuffer(0, NativeLayout.ENTRY_SIZE).order(ByteOrder.nativeOrder());
        final Memory fileInfo = new Memory(NativeLayout.FI_SIZE);
        final Memory statvfs = new Memory(NativeLayout.STATVFS_SIZE);
        final Memory flock = new Memory(NativeLayout.FLOCK_SIZE);
        private Memory data = new Memory(64 * 1024);

        static Scratch get() {
            return LOCAL.get();
        }

        Memory data(int size) {
            if (data.size() < size) {
                data.close();
                data = new Memory(Math.max(size, 2 * data.size()));
            }
            return data;
        }
    }
}
