package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.Session;
import fuse.linux.CStrings;
import fuse.linux.libfuse.FuseBuf;
import fuse.linux.libfuse.FuseBufvec;
import fuse.runtime.jna.natives.LibFuse;

/**
 * The notifications a driver sends to the kernel ({@code fuse_lowlevel_notify_*}): cache invalidation of inodes and
 * entries, delete notices (synchronous, or queued on one background thread as pyfuse3's
 * {@code invalidate_entry_async}), storing data into the page cache, and retrieving it, whose answer arrives as a
 * {@code retrieve_reply} callback ({@link #retrieved}). Each call throws {@link FuseException} with the kernel's
 * errno; after the session ended, ENOTCONN.
 */
final class Notifier {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** {@code FUSE_LL_EXPIRE_ONLY} of {@code enum fuse_expire_flags}. */
    private static final int EXPIRE_ONLY = 1;

    private final FuseSession session;
    private volatile ExecutorService queue;
    private final Map<Long, CompletableFuture<ByteBuffer>> retrieves = new ConcurrentHashMap<>();
    private final AtomicLong retrieveCookie = new AtomicLong();

    Notifier(FuseSession session) {
        this.session = session;
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new FuseException(-rc, what);
        }
    }

    private static String printable(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** See {@link Session#invalidateInode(long, long, long)}. */
    void invalidateInode(long inode, long offset, long length) {
        check(LibFuse.fuse_lowlevel_notify_inval_inode(session.live(), inode, offset, length),
                "invalidate inode " + inode);
    }

    /** See {@link Session#invalidateEntry}. */
    void invalidateEntry(long parent, byte[] name) {
        check(LibFuse.fuse_lowlevel_notify_inval_entry(session.live(), parent, CStrings.terminated(name),
                name.length), "invalidate entry " + printable(name) + " in " + parent);
    }

    /** See {@link Session#expireEntry}. */
    void expireEntry(long parent, byte[] name) {
        check(LibFuse.fuse_lowlevel_notify_expire_entry(session.live(), parent, CStrings.terminated(name),
                name.length, EXPIRE_ONLY), "expire entry " + printable(name) + " in " + parent);
    }

    /** See {@link Session#notifyDelete}. */
    void notifyDelete(long parent, long child, byte[] name) {
        check(LibFuse.fuse_lowlevel_notify_delete(session.live(), parent, child, CStrings.terminated(name),
                name.length), "notify delete " + printable(name) + " in " + parent);
    }

    /** See {@link Session#invalidateEntryAsync}: queued, in order, on this session's notifier thread. */
    CompletionStage<Void> invalidateEntryAsync(long parent, byte[] name, long deletedChild, boolean ignoreEnoent) {
        byte[] copy = name.clone();
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue().execute(() -> {
            try {
                if (deletedChild != 0) {
                    notifyDelete(parent, deletedChild, copy);
                } else {
                    invalidateEntry(parent, copy);
                }
                done.complete(null);
            } catch (FuseException e) {
                if (ignoreEnoent && e.errno() == Errno.ENOENT) {
                    done.complete(null);
                } else {
                    LOG.log(Level.DEBUG, "queued invalidation failed: " + e.getMessage());
                    done.completeExceptionally(e);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private ExecutorService queue() {
        ExecutorService q = queue;
        if (q == null) {
            synchronized (this) {
                q = queue;
                if (q == null) {
                    q = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "fuse-notify-" + session.config().driver());
                        t.setDaemon(true);
                        return t;
                    });
                    queue = q;
                }
            }
        }
        return q;
    }

    /** See {@link Session#notifyStore}: the data is copied into a one-buffer {@code fuse_bufvec}. */
    void notifyStore(long inode, long offset, ByteBuffer data) {
        int len = data.remaining();
        Memory mem = new Memory(Math.max(1, len));
        mem.getByteBuffer(0, Math.max(1, len)).put(data.duplicate());
        Memory bufv = new Memory(FuseBufvec.SIZEOF);
        bufv.clear();
        bufv.setLong(FuseBufvec.COUNT, 1);
        bufv.setLong(FuseBufvec.BUF + FuseBuf.SIZE, len);
        bufv.setPointer(FuseBufvec.BUF + FuseBuf.MEM, mem);
        bufv.setInt(FuseBufvec.BUF + FuseBuf.FD, -1);
        try {
            check(LibFuse.fuse_lowlevel_notify_store(session.live(), inode, offset, bufv, 0),
                    "notify store inode " + inode);
        } finally {
            mem.close();
            bufv.close();
        }
    }

    /** See {@link Session#notifyRetrieve}: completes when the kernel's {@code retrieve_reply} arrives. */
    CompletionStage<ByteBuffer> notifyRetrieve(long inode, long offset, int size) {
        long cookie = retrieveCookie.incrementAndGet();
        CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
        retrieves.put(cookie, f);
        try {
            check(LibFuse.fuse_lowlevel_notify_retrieve(session.live(), inode, size, offset, new Pointer(cookie)),
                    "notify retrieve inode " + inode);
        } catch (FuseException e) {
            retrieves.remove(cookie);
            f.completeExceptionally(e);
        }
        return f;
    }

    /** The {@code retrieve_reply} callback: completes the retrieve of {@code cookie} with a copy of the data. */
    void retrieved(long cookie, Pointer bufv) {
        CompletableFuture<ByteBuffer> f = retrieves.remove(cookie);
        if (f == null) {
            return;
        }
        long count = bufv.getLong(FuseBufvec.COUNT);
        ByteBuffer out = ByteBuffer.allocate(0);
        if (count > 0) {
            long size = bufv.getLong(FuseBufvec.BUF + FuseBuf.SIZE);
            Pointer mem = bufv.getPointer(FuseBufvec.BUF + FuseBuf.MEM);
            out = ByteBuffer.wrap(size == 0 || mem == null ? new byte[0] : mem.getByteArray(0, (int) size));
        }
        f.complete(out);
    }

    /** The session ended: the queue stops and pending retrieves fail with ENOTCONN. */
    void close() {
        ExecutorService q = queue;
        if (q != null) {
            q.shutdownNow();
        }
        retrieves.values().forEach(f -> f.completeExceptionally(new FuseException(Errno.ENOTCONN, "unmounted")));
    }
}
