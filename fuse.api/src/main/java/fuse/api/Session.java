package fuse.api;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One mounted file system as a driver sees it: where it is mounted and the notifications a driver may send to the
 * kernel (pyfuse3's module functions {@code invalidate_*}, {@code notify_store}, {@code terminate}).
 *
 * <p>Handed to the driver in {@link Operations#init} and available from every {@link RequestContext#session()}.
 * All methods are thread-safe. Notifications throw {@link FuseException} with the errno the kernel returned
 * (e.g. {@link Errno#ENOENT} when the inode or entry is not cached, {@link Errno#ENOSYS} on a kernel that lacks the
 * notification); they never block a request of this session except where stated.
 */
@ProviderType
public interface Session {
    /** The directory this session is mounted on. */
    Path mountpoint();

    /**
     * Drops cached attributes and a range of cached data of an inode ({@code fuse_lowlevel_notify_inval_inode}).
     *
     * @param inode the inode
     * @param offset first byte of data to drop; negative drops only the attributes
     * @param length bytes to drop; 0 means to the end of the file
     * @throws FuseException with the kernel's errno, e.g. ENOENT when the inode is not cached
     */
    void invalidateInode(long inode, long offset, long length);

    /** Drops the cached attributes and all cached data of an inode (pyfuse3 {@code invalidate_inode(ino)}). */
    default void invalidateInode(long inode) {
        invalidateInode(inode, 0, 0);
    }

    /** Drops only the cached attributes of an inode (pyfuse3 {@code invalidate_inode(ino, attr_only=True)}). */
    default void invalidateAttributes(long inode) {
        invalidateInode(inode, -1, 0);
    }

    /**
     * Drops a cached directory entry so the next access looks it up again ({@code fuse_lowlevel_notify_inval_entry}).
     * Synchronous: the kernel takes the parent's lock, so calling it from a handler of a request that holds that lock
     * (lookup, create, mkdir, unlink, rename … in {@code parent}) deadlocks; use {@link #invalidateEntryAsync} there.
     */
    void invalidateEntry(long parent, byte[] name);

    /**
     * Marks a cached directory entry as expired ({@code fuse_lowlevel_notify_expire_entry} with
     * {@code FUSE_LL_EXPIRE_ONLY}): the next access looks it up again, but unlike {@link #invalidateEntry} the
     * entry is not dropped, so mounts on it stay. Needs {@link ConnectionInfo#CAP_EXPIRE_ONLY} (Linux 6.2): without
     * it, ENOSYS. Same locking rule as {@link #invalidateEntry}.
     */
    void expireEntry(long parent, byte[] name);

    /**
     * Tells the kernel that {@code name} in {@code parent}, which pointed to {@code child}, was deleted
     * ({@code fuse_lowlevel_notify_delete}); inotify watchers see the deletion. Same locking rule as
     * {@link #invalidateEntry}.
     */
    void notifyDelete(long parent, long child, byte[] name);

    /**
     * Queues {@link #invalidateEntry} (or {@link #notifyDelete} when {@code deletedChild} is not 0) for a background
     * thread, as pyfuse3's {@code invalidate_entry_async}. Safe to call from any handler. Requests are sent in order.
     *
     * @param ignoreEnoent complete normally instead of exceptionally when the kernel has no such entry cached
     * @return completes when the kernel has processed the notification
     */
    CompletionStage<Void> invalidateEntryAsync(long parent, byte[] name, long deletedChild, boolean ignoreEnoent);

    /**
     * Puts data into the kernel's page cache for an inode ({@code fuse_lowlevel_notify_store}); extends the cached
     * size if the data goes past it. The buffer's remaining bytes are copied before this returns.
     */
    void notifyStore(long inode, long offset, ByteBuffer data);

    /**
     * Reads back what the kernel has cached for an inode ({@code fuse_lowlevel_notify_retrieve}).
     *
     * @return completes with the cached bytes (possibly fewer than {@code size}, or none)
     */
    CompletionStage<ByteBuffer> notifyRetrieve(long inode, long offset, int size);

    /**
     * State that outlives the driver instance: a driver declaring {@link Fuse#STABLE_INODES} that is replaced while
     * mounted (a bundle update) finds here what its predecessor stored, e.g. its inode table, and takes over the
     * kernel's references without a remount. Store only JDK types (String, Long, byte[], arrays, collections): the
     * replacement is loaded by a different class loader. Thread-safe; empty for a new mount.
     */
    java.util.concurrent.ConcurrentMap<String, Object> attachments();

    /**
     * Ends the session from inside (pyfuse3 {@code terminate}): requests in progress run to completion, then the
     * runtime unmounts. Returns at once; safe to call from a request handler.
     */
    void terminate();
}
