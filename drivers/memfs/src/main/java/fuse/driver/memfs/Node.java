package fuse.driver.memfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;

/**
 * One inode of a {@link MemFs}.
 *
 * <p>Locking. The node's monitor ({@code synchronized (node)}) guards its metadata: mode, owner, link count, times,
 * lookup and open counts, xattrs, and the size of a file. It is a leaf lock: code holding it never takes another
 * lock, so it can be taken under any other lock. Directories have a read/write lock for their entries, files one
 * for their data; see {@link MemFs} for the order in which those are taken.
 */
abstract sealed class Node permits Node.File, Node.Directory, Node.Symlink, Node.Special {
    final long inode;
    /** Type and permission bits. */
    int mode;
    int uid;
    int gid;
    /** Hard links; for a directory 2 + its subdirectories, 0 once removed. */
    long nlink;
    long atimeNs;
    long mtimeNs;
    long ctimeNs;
    /** The kernel's lookup count: entries it answered (lookup, create, readdirplus, …) minus forgets. */
    long lookups;
    /** Open file or directory handles. */
    long opens;
    /** Set once the node has been dropped from the inode table; it must not come back. */
    boolean freed;
    /** Inode flags ({@code chattr}): {@code FS_IMMUTABLE_FL}, {@code FS_APPEND_FL}; see InodeFlags. */
    int inodeFlags;
    /** Extended attributes by name (ISO-8859-1 view of the name bytes), created on first use. */
    Map<String, byte[]> xattrs;

    Node(long inode, int mode, int uid, int gid, long nowNs) {
        this.inode = inode;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.atimeNs = this.mtimeNs = this.ctimeNs = nowNs;
    }

    /** The time now, in the nanoseconds since the epoch a node's times are kept in. */
    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A name as the key of a directory entry or an xattr. */
    static String key(byte[] name) {
        // ISO-8859-1 maps each byte to one char and back: any byte sequence is a key, no UTF-8 needed
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    /** The inode flags, read under the monitor. */
    synchronized int inodeFlags() {
        return inodeFlags;
    }

    /** st_size. Called with the monitor held. */
    abstract long size();

    /** Bytes of memory this node's content holds, for st_blocks. Called with the monitor held. */
    long allocated() {
        return 0;
    }

    /** Fills {@code a} with a consistent snapshot of the attributes. */
    synchronized EntryAttributes attributes(EntryAttributes a) {
        return a.inode(inode).mode(mode).nlink(nlink).uid(uid).gid(gid).rdev(rdev()).size(size())
                .blocks((allocated() + 511) / 512).atimeNs(atimeNs).mtimeNs(mtimeNs).ctimeNs(ctimeNs);
    }

    long rdev() {
        return 0;
    }

    /** Takes mode, owner, group and times from {@code a} (what setattr may change). Called with the monitor held. */
    void setMetadata(EntryAttributes a) {
        mode = a.mode();
        uid = a.uid();
        gid = a.gid();
        atimeNs = a.atimeNs();
        mtimeNs = a.mtimeNs();
        ctimeNs = a.ctimeNs();
    }

    /** The node was read (read, readdir): atime to now when the mount's {@code atime} policy says it is due. */
    void accessed(AtimePolicy atime) {
        if (atime == AtimePolicy.NOATIME) {
            return;
        }
        long t = now();
        synchronized (this) {
            if (atime.isDue(atimeNs, mtimeNs, ctimeNs, t)) {
                atimeNs = t;
            }
        }
    }

    /** ctime (and for content changes mtime) to now. Called with the monitor held. */
    void changed(long nowNs, boolean content) {
        ctimeNs = nowNs;
        if (content) {
            mtimeNs = nowNs;
        }
    }

    /**
     * Whether no one can reach this node's contents any more: no name and no open handle. The kernel may still hold
     * lookups (it sends FORGET later, and asynchronously), but it can only reach a file's data through an open handle.
     */
    synchronized boolean unreachable() {
        return nlink == 0 && opens == 0;
    }

    /**
     * Whether nothing refers to this node any more (no name, no lookup, no open handle); marks it freed when so, so
     * exactly one caller frees it.
     */
    synchronized boolean claimIfUnreferenced() {
        if (!freed && nlink == 0 && lookups == 0 && opens == 0) {
            freed = true;
            return true;
        }
        return false;
    }

    /** Bytes of xattr names and values, charged to the capacity. Called with the monitor held. */
    long xattrBytes() {
        long sum = 0;
        if (xattrs != null) {
            for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
                sum += e.getKey().length() + e.getValue().length;
            }
        }
        return sum;
    }

    /** A regular file. */
    static final class File extends Node {
        /** Guards {@link #data}; writers also hold it to change {@link #size} (which they set under the monitor). */
        final ReentrantReadWriteLock dataLock = new ReentrantReadWriteLock();
        final SparseData data;
        /** st_size; written with both the data write lock and the monitor held, so either suffices to read it. */
        volatile long size;

        File(long inode, int mode, int uid, int gid, long nowNs, Capacity space, ChunkStore store) {
            super(inode, mode, uid, gid, nowNs);
            this.data = new SparseData(space, store);
        }

        @Override
        long size() {
            return size;
        }

        @Override
        long allocated() {
            return data.allocated();
        }
    }

    /** A directory entry. {@code seq} is its position in the directory's listing; it never changes. */
    record Entry(String key, byte[] name, Node node, long seq) {
    }

    /**
     * A directory. Entries are kept twice: by name for lookups, and by a per-directory sequence number for readdir,
     * so a listing's offset (the sequence number + 2, after {@code .} and {@code ..}) stays valid however the
     * directory changes: a new entry always goes to the end, a removed one leaves no gap to shift the others.
     */
    static final class Directory extends Node {
        /** Guards {@link #byName}, {@link #bySeq}, {@link #nextSeq} and {@link #removed}. */
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final HashMap<String, Entry> byName = new HashMap<>();
        final TreeMap<Long, Entry> bySeq = new TreeMap<>();
        long nextSeq = 1;
        /** Set by rmdir (or a rename over it): nothing may be created in it any more. */
        boolean removed;
        /** The parent directory (the root's is itself). Changed only by rename, under the rename lock. */
        volatile Directory parent;

        Directory(long inode, int mode, int uid, int gid, long nowNs) {
            super(inode, mode, uid, gid, nowNs);
            this.nlink = 2;
        }

        @Override
        long size() {
            return 4096;
        }

        /** Adds an entry at the end of the listing. Called with the write lock held. */
        void insert(String key, byte[] name, Node node) {
            Entry e = new Entry(key, name, node, nextSeq++);
            byName.put(key, e);
            bySeq.put(e.seq(), e);
        }

        /** Removes an entry. Called with the write lock held. */
        void remove(Entry e) {
            byName.remove(e.key());
            bySeq.remove(e.seq());
        }

        /** Points an existing entry (same name, same listing position) at another node: RENAME_EXCHANGE. */
        void replace(Entry e, Node node) {
            Entry n = new Entry(e.key(), e.name(), node, e.seq());
            byName.put(e.key(), n);
            bySeq.put(e.seq(), n);
        }
    }

    /** A symbolic link. */
    static final class Symlink extends Node {
        final byte[] target;

        Symlink(long inode, int uid, int gid, long nowNs, byte[] target) {
            super(inode, Fuse.S_IFLNK | 0777, uid, gid, nowNs);
            this.target = target;
        }

        @Override
        long size() {
            return target.length;
        }
    }

    /** A FIFO, socket or device node: the kernel serves its I/O, memfs keeps only the attributes. */
    static final class Special extends Node {
        final long rdev;

        Special(long inode, int mode, int uid, int gid, long nowNs, long rdev) {
            super(inode, mode, uid, gid, nowNs);
            this.rdev = rdev;
        }

        @Override
        long size() {
            return 0;
        }

        @Override
        long rdev() {
            return rdev;
        }
    }
}
