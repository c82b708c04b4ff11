package fuse.driver.memfs;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The inodes of one mount by number, and what they are charged while they live: each an inode slot and
 * {@link HeapBudget#INODE_BYTES} of the heap budget, each xattr and symlink target its bytes of the capacity and of
 * the heap budget. A charge is taken from every budget it counts against or, with ENOSPC, from none.
 *
 * <p>The finders answer a missing or wrong inode with the errno the file operations give for it (ENOENT, ENOTDIR,
 * EISDIR, EINVAL), so every operation reports it alike. Safe for use by the session's request threads at once.
 */
final class Inodes {
    private final ConcurrentHashMap<Long, Node> byNumber = new ConcurrentHashMap<>();
    private final AtomicLong nextNumber = new AtomicLong(Fuse.ROOT_INODE + 1);
    /** The capacity: file data, xattrs and symlink targets. */
    private final Capacity space;
    private final Capacity slots;
    /** This mount's part of the heap budget all memfs mounts share. */
    private final Capacity heap;

    Inodes(Capacity space, Capacity slots, Capacity heap) {
        this.space = space;
        this.slots = slots;
        this.heap = heap;
    }

    /** The node numbered {@code inode}, or null. */
    Node get(long inode) {
        return byNumber.get(inode);
    }

    /** The node numbered {@code inode}; ENOENT when there is none. */
    Node node(long inode) {
        Node n = byNumber.get(inode);
        if (n == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return n;
    }

    /** The directory numbered {@code inode}; ENOENT or ENOTDIR otherwise. */
    Node.Directory directory(long inode) {
        if (node(inode) instanceof Node.Directory d) {
            return d;
        }
        throw new FuseException(Errno.ENOTDIR);
    }

    /** The regular file numbered {@code inode}; ENOENT, EISDIR or EINVAL otherwise. */
    Node.File file(long inode) {
        Node n = node(inode);
        if (n instanceof Node.File f) {
            return f;
        }
        throw new FuseException(n instanceof Node.Directory ? Errno.EISDIR : Errno.EINVAL);
    }

    /** The number a new node gets; numbers are never reused. */
    long newNumber() {
        return nextNumber.getAndIncrement();
    }

    /** Makes {@code n} findable by its number. Its inode is charged already ({@link #reserveInode}). */
    void add(Node n) {
        byNumber.put(n.inode, n);
    }

    /** The nodes alive, a weakly consistent view. */
    Collection<Node> all() {
        return byNumber.values();
    }

    /** How many nodes are alive. */
    int count() {
        return byNumber.size();
    }

    /** Takes an inode slot and the heap an inode costs, or throws ENOSPC and takes neither. */
    void reserveInode() {
        slots.reserve(1);
        try {
            heap.reserve(HeapBudget.INODE_BYTES);
        } catch (FuseException e) {
            slots.release(1);
            throw e;
        }
    }

    void releaseInode() {
        heap.release(HeapBudget.INODE_BYTES);
        slots.release(1);
    }

    /**
     * Charges bytes that live in the heap (xattrs, symlink targets) to the capacity and to the heap budget, or throws
     * ENOSPC and charges neither. A negative amount gives back.
     */
    void reserveHeapBytes(long bytes) {
        space.reserve(bytes);
        try {
            heap.reserve(bytes);
        } catch (FuseException e) {
            space.release(bytes);
            throw e;
        }
    }

    void releaseHeapBytes(long bytes) {
        space.release(bytes);
        heap.release(bytes);
    }

    /**
     * Drops a node nothing refers to any more (it was {@linkplain Node#claimIfUnreferenced claimed}): it can no
     * longer be found, and its inode, xattrs, symlink target and file data go back to the budgets.
     */
    void free(Node n) {
        byNumber.remove(n.inode);
        releaseInode();
        long bytes;
        synchronized (n) {
            bytes = n.xattrBytes();
            n.xattrs = null;
        }
        if (n instanceof Node.Symlink s) {
            bytes += s.target.length;
        }
        releaseHeapBytes(bytes);
        if (n instanceof Node.File f) {
            freeData(f);
        }
    }

    /** Gives the data of a file no one can reach any more back to the store; the inode waits for its FORGET. */
    void dropData(Node.File f) {
        f.dataLock.writeLock().lock();
        try {
            f.data.truncate(0);
        } finally {
            f.dataLock.writeLock().unlock();
        }
    }

    /** Gives a file's data back to the store, under its data lock (no read is answering from its slots then). */
    private static void freeData(Node.File f) {
        f.dataLock.writeLock().lock();
        try {
            f.data.free();
        } finally {
            f.dataLock.writeLock().unlock();
        }
    }
}
