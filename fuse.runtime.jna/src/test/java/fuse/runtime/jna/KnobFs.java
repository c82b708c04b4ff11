package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import fuse.api.ConnectionInfo;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.PollHandle;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;

/**
 * {@link TestFs} with the operations and settings {@link LowlevelMountTest} turns: what INIT asks for, the open
 * flags of files and directories, an ioctl, poll readiness, and reads the driver answers later
 * (or never, until the caller is interrupted).
 */
class KnobFs extends TestFs {
    /** An ioctl of this test: {@code _IOR('x', 2, int)}, answered with the int 42. */
    static final int IOCTL_ANSWER = 0x80047802;

    volatile Consumer<ConnectionInfo> atInit = c -> { };
    volatile UnaryOperator<FileInfo> fileInfo = f -> f;
    volatile UnaryOperator<FileInfo> directoryInfo = f -> f;
    /** Whether the file is readable now; the latest poll handle of a waiting caller. */
    volatile boolean ready;
    final AtomicReference<PollHandle> pollHandle = new AtomicReference<>();
    final AtomicInteger polls = new AtomicInteger();
    /** Reads at offset 0 of these inodes are answered later: their replies wait in {@link #deferred}. */
    final Set<Long> deferredInodes = ConcurrentHashMap.newKeySet();
    final List<Reply.Data> deferred = new CopyOnWriteArrayList<>();
    /** Interrupts that reached deferred reads. */
    final AtomicInteger interrupts = new AtomicInteger();
    volatile boolean failInit;

    @Override
    public void init(Session session, ConnectionInfo connection) {
        super.init(session, connection);
        if (failInit) {
            throw new IllegalStateException("the backend is not reachable");
        }
        atInit.accept(connection);
    }

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        if (name.length == 1 && name[0] == '.') { // asked with export support: the inode by its number
            calls.add("lookup " + parent + " .");
            Node n = nodes.get(parent);
            if (n == null) {
                reply.error(Errno.ESTALE);
                return;
            }
            n.lookups.incrementAndGet();
            reply.entry(attrs(n));
            return;
        }
        super.lookup(ctx, parent, name, reply);
    }

    @Override
    public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        calls.add("open " + inode + " flags=" + Integer.toOctalString(flags));
        boolean direct = deferredInodes.contains(inode); // (a deferred read must be the caller's own request)
        reply.open(fileInfo.apply(new FileInfo(inode * 1000).keepCache(keepCache).directIo(direct)));
    }

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        calls.add("opendir " + inode);
        reply.open(directoryInfo.apply(new FileInfo(inode + 7)));
    }

    @Override
    public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        if (!deferredInodes.contains(inode) || offset != 0) { // (the read at the end is answered at once)
            super.read(ctx, inode, fh, offset, size, reply);
            return;
        }
        calls.add("read " + inode + " deferred");
        reply.onInterrupt(() -> {
            interrupts.incrementAndGet();
            reply.error(Errno.EINTR);
        });
        deferred.add(reply); // answered by the test, or interrupted
    }

    @Override
    public void ioctl(RequestContext ctx, long inode, long fh, int cmd, int flags, byte[] in, int outSize,
            Reply.Ioctl reply) {
        calls.add("ioctl " + inode + " cmd=" + Integer.toHexString(cmd) + " in=" + in.length + " out=" + outSize);
        ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        if (cmd == IOCTL_ANSWER) {
            reply.result(0, four.putInt(0, 42).array());
        } else {
            reply.error(Errno.ENOTTY);
        }
    }

    /** Answers FIBMAP with block 1000 + the file's block: a mapping the test can recognise. */
    @Override
    public void bmap(RequestContext ctx, long inode, int blockSize, long index, Reply.Bmap reply) {
        calls.add("bmap " + inode + " blocksize=" + blockSize + " index=" + index);
        reply.block(1000 + index);
    }

    @Override
    public void poll(RequestContext ctx, long inode, long fh, int events, PollHandle handle, Reply.Poll reply) {
        polls.incrementAndGet();
        if (handle != null) {
            PollHandle old = pollHandle.getAndSet(handle);
            if (old != null) {
                old.release();
            }
        }
        reply.ready(ready ? events & Fuse.POLLIN : 0);
    }
}
