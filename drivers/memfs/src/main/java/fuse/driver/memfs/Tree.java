package fuse.driver.memfs;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.utils.FuseUtils;
import fuse.utils.posix.InodeFlags;
import fuse.utils.posix.Names;
import fuse.utils.posix.NewInode;
import fuse.utils.posix.RenameRules;

/**
 * The namespace of a mount: the names in its directories, and what changes them (lookup, create, link, unlink,
 * rmdir, rename) or lists them (readdir). The entries of a directory are changed under its write lock and read under
 * its read lock; a rename between two directories also holds the mount-wide {@link #renameLock} (see
 * {@link MemFs} for the order of the locks).
 *
 * <p>Lookup counts are raised here, under the parent directory's lock, where the entry proves the node is alive (and
 * so is create(2)'s open handle of a file it finds there). A node that loses a name is returned to the caller, which
 * frees it if nothing refers to it any more.
 */
final class Tree {
    private static final byte[] DOT = { '.' };
    private static final byte[] DOTDOT = { '.', '.' };

    /** What kind of node a create-type request makes. */
    interface Maker<N extends Node> {
        N make(long inode, int uid, int gid, long nowNs);
    }

    /** What create(2) opened: a new file, or one that had that name already (then O_TRUNC applies to it). */
    record Created(Node.File file, boolean isNew) {
    }

    private final Inodes inodes;
    private final Node.Directory root;
    private final MemFsConfig config;
    /**
     * Serializes renames between two directories (the only operation that changes a directory's parent), so the
     * "moved into its own subtree" check sees a stable tree. Linux has the same lock ({@code s_vfs_rename_mutex}).
     */
    private final Lock renameLock = new ReentrantLock();

    Tree(Inodes inodes, Node.Directory root, MemFsConfig config) {
        this.inodes = inodes;
        this.root = root;
        this.config = config;
    }

    private EntryAttributes attributes(Node n) {
        return n.attributes(new EntryAttributes().timeouts(config.timeout()));
    }

    /** Answers a lookup: the entry with one more lookup counted, or a negative entry. */
    void lookup(long parent, byte[] name, Reply.Entry reply) {
        Names.check(name);
        Node.Directory dir = inodes.directory(parent);
        Node child;
        dir.lock.readLock().lock();
        try {
            if (name.length <= 2 && Names.isDotOrDotDot(name)) {
                child = name.length == 1 ? dir : dir.parent;
            } else {
                Node.Entry e = dir.byName.get(Node.key(name));
                if (e == null) {
                    child = null;
                } else {
                    child = e.node();
                }
            }
            if (child == null) {
                // a negative entry: every change of a name passes through the kernel, so it may cache the absence
                // as long as anything else (tools probing for files they may create, like git, gain a lot)
                reply.entry(new EntryAttributes().inode(0).timeouts(config.timeout()));
                return;
            }
            synchronized (child) {
                if (child.freed) {
                    throw new FuseException(Errno.ENOENT);
                }
                child.lookups++;
            }
        } finally {
            dir.lock.readLock().unlock();
        }
        reply.entry(attributes(child));
    }

    /**
     * Whether {@code dir} (write-locked by the caller) can take a new entry {@code name}: ENOENT once it was removed,
     * EEXIST for "." / ".." or a name in use, EPERM when its inode flags forbid new entries.
     */
    private static void checkNewEntry(Node.Directory dir, byte[] name, String key) {
        if (dir.removed) {
            throw new FuseException(Errno.ENOENT);
        }
        if (Names.isDotOrDotDot(name) || dir.byName.containsKey(key)) {
            throw new FuseException(Errno.EEXIST);
        }
        InodeFlags.checkAddEntry(dir.inodeFlags());
    }

    /**
     * Makes a node named {@code name} in {@code parent} with one link and one lookup: mknod, mkdir, symlink,
     * create. Its inode and {@code extraBytes} of the heap (a symlink's target) are charged, or nothing is.
     * Ownership follows Linux's inode_init_owner: the caller's uid; the caller's gid, or the directory's when it
     * has set-group-id (then new directories inherit that bit).
     */
    <N extends Node> N make(RequestContext ctx, long parent, byte[] name, Maker<N> maker, long extraBytes) {
        Names.check(name);
        Node.Directory dir = inodes.directory(parent);
        inodes.reserveInode();
        boolean charged = false;
        try {
            inodes.reserveHeapBytes(extraBytes);
            charged = true;
            String key = Node.key(name);
            dir.lock.writeLock().lock();
            try {
                checkNewEntry(dir, name, key);
                int dirMode;
                int dirGid;
                synchronized (dir) {
                    dirMode = dir.mode;
                    dirGid = dir.gid;
                }
                long t = Node.now();
                int gid = NewInode.group(ctx, dirMode, dirGid);
                N n = maker.make(inodes.newNumber(), ctx.uid(), gid, t);
                synchronized (n) {
                    n.mode = NewInode.mode(ctx, n.mode, dirMode, gid);
                    if (n instanceof Node.Directory d) {
                        d.parent = dir;
                    } else {
                        n.nlink = 1;
                    }
                    n.lookups = 1;
                }
                inodes.add(n);
                dir.insert(key, name.clone(), n);
                synchronized (dir) {
                    if (n instanceof Node.Directory) {
                        dir.nlink++;
                    }
                    dir.changed(t, true);
                }
                return n;
            } finally {
                dir.lock.writeLock().unlock();
            }
        } catch (RuntimeException e) {
            inodes.releaseInode();
            if (charged) {
                inodes.releaseHeapBytes(extraBytes);
            }
            throw e;
        }
    }

    /**
     * create(2): the regular file named {@code name} in {@code parent}, made by {@code maker}, with a lookup and an
     * open handle counted. Without O_EXCL a file of that name is opened instead, also one another creator made
     * meanwhile.
     */
    Created create(RequestContext ctx, long parent, byte[] name, int flags, Maker<Node.File> maker) {
        Names.check(name);
        Node.Directory dir = inodes.directory(parent);
        while (true) {
            Node.File existing = null;
            if ((flags & Fuse.O_EXCL) == 0) {
                dir.lock.readLock().lock();
                try {
                    Node.Entry e = dir.byName.get(Node.key(name));
                    if (e != null) {
                        if (!(e.node() instanceof Node.File f)) {
                            throw new FuseException(
                                    e.node() instanceof Node.Directory ? Errno.EISDIR : Errno.EEXIST);
                        }
                        existing = f;
                        synchronized (f) {
                            InodeFlags.checkOpen(f.inodeFlags, flags);
                            f.lookups++;
                            f.opens++;
                        }
                    }
                } finally {
                    dir.lock.readLock().unlock();
                }
            }
            if (existing != null) {
                // open(O_CREAT) without O_EXCL of a name that appeared since the kernel looked: just open it
                return new Created(existing, false);
            }
            Node.File n;
            try {
                n = make(ctx, parent, name, maker, 0);
            } catch (FuseException e) {
                if (e.errno() == Errno.EEXIST && (flags & Fuse.O_EXCL) == 0) {
                    continue; // lost a race with another creator: open theirs
                }
                throw e;
            }
            synchronized (n) {
                n.opens++;
            }
            return new Created(n, true);
        }
    }

    /** link(2): {@code inode} gets the name {@code newName} in {@code newParent}, with one more lookup counted. */
    Node link(long inode, long newParent, byte[] newName) {
        Names.check(newName);
        Node n = inodes.node(inode);
        if (n instanceof Node.Directory) {
            throw new FuseException(Errno.EPERM);
        }
        Node.Directory dir = inodes.directory(newParent);
        String key = Node.key(newName);
        dir.lock.writeLock().lock();
        try {
            checkNewEntry(dir, newName, key);
            InodeFlags.checkUnlinkOrMove(n.inodeFlags());
            long t = Node.now();
            synchronized (n) {
                if (n.nlink == 0 || n.freed) {
                    // an unlinked file cannot get a name back (Linux: only O_TMPFILE files can)
                    throw new FuseException(Errno.ENOENT);
                }
                n.nlink++;
                n.lookups++;
                n.changed(t, false);
            }
            dir.insert(key, newName.clone(), n);
            synchronized (dir) {
                dir.changed(t, true);
            }
        } finally {
            dir.lock.writeLock().unlock();
        }
        return n;
    }

    /** unlink(2); returns the node that lost the name. */
    Node unlink(long parent, byte[] name) {
        Names.check(name);
        Node.Directory dir = inodes.directory(parent);
        Node victim;
        dir.lock.writeLock().lock();
        try {
            Node.Entry e = dir.byName.get(Node.key(name));
            if (e == null) {
                throw new FuseException(Errno.ENOENT);
            }
            victim = e.node();
            if (victim instanceof Node.Directory) {
                throw new FuseException(Errno.EISDIR);
            }
            InodeFlags.checkRemoveEntry(dir.inodeFlags());
            InodeFlags.checkUnlinkOrMove(victim.inodeFlags());
            dir.remove(e);
            long t = Node.now();
            synchronized (victim) {
                victim.nlink--;
                victim.changed(t, false);
            }
            synchronized (dir) {
                dir.changed(t, true);
            }
        } finally {
            dir.lock.writeLock().unlock();
        }
        return victim;
    }

    /** rmdir(2); returns the directory removed. */
    Node.Directory rmdir(long parent, byte[] name) {
        Names.checkRmdir(name);
        Node.Directory dir = inodes.directory(parent);
        Node.Directory victim;
        dir.lock.writeLock().lock();
        try {
            Node.Entry e = dir.byName.get(Node.key(name));
            if (e == null) {
                throw new FuseException(Errno.ENOENT);
            }
            if (!(e.node() instanceof Node.Directory d)) {
                throw new FuseException(Errno.ENOTDIR);
            }
            victim = d;
            InodeFlags.checkRemoveEntry(dir.inodeFlags());
            InodeFlags.checkUnlinkOrMove(victim.inodeFlags());
            long t = Node.now();
            removeDirectory(victim, t);
            dir.remove(e);
            synchronized (dir) {
                dir.nlink--;
                dir.changed(t, true);
            }
        } finally {
            dir.lock.writeLock().unlock();
        }
        return victim;
    }

    /** Marks an empty directory removed (ENOTEMPTY otherwise). Its parent's write lock is held. */
    private static void removeDirectory(Node.Directory victim, long nowNs) {
        victim.lock.writeLock().lock();
        try {
            if (!victim.byName.isEmpty()) {
                throw new FuseException(Errno.ENOTEMPTY);
            }
            victim.removed = true;
            synchronized (victim) {
                victim.nlink = 0;
                victim.changed(nowNs, false);
            }
        } finally {
            victim.lock.writeLock().unlock();
        }
    }

    /** rename(2) with its flags; returns the node that lost a name (the target replaced), or null. */
    Node rename(long parent, byte[] name, long newParent, byte[] newName, int flags) {
        RenameRules.check(name, newName, flags);
        boolean exchange = RenameRules.isExchange(flags);
        Node.Directory from = inodes.directory(parent);
        Node.Directory to = inodes.directory(newParent);
        boolean cross = from != to;
        Node victim = null;
        if (cross) {
            renameLock.lock();
        }
        try {
            // ancestors first (see MemFs); unrelated directories in any order, we hold the rename lock
            Node.Directory first = cross && isAncestor(to, from) ? to : from;
            Node.Directory second = first == from ? to : from;
            first.lock.writeLock().lock();
            try {
                if (cross) {
                    second.lock.writeLock().lock();
                }
                try {
                    victim = renameLocked(from, name, to, newName, flags, exchange, cross);
                } finally {
                    if (cross) {
                        second.lock.writeLock().unlock();
                    }
                }
            } finally {
                first.lock.writeLock().unlock();
            }
        } finally {
            if (cross) {
                renameLock.unlock();
            }
        }
        return victim;
    }

    /** The rename itself, with both directories locked. Returns the node that lost a name, if any. */
    private Node renameLocked(Node.Directory from, byte[] name, Node.Directory to, byte[] newName, int flags,
            boolean exchange, boolean cross) {
        if (from.removed || to.removed) {
            throw new FuseException(Errno.ENOENT);
        }
        Node.Entry src = from.byName.get(Node.key(name));
        if (src == null) {
            throw new FuseException(Errno.ENOENT);
        }
        Node.Entry dst = to.byName.get(Node.key(newName));
        RenameRules.checkTarget(flags, dst != null);
        Node moving = src.node();
        if (dst != null && dst.node() == moving) {
            return null; // two names of one inode: rename(2) does nothing
        }
        if (cross && moving instanceof Node.Directory md && (md == to || isAncestor(md, to))) {
            throw new FuseException(Errno.EINVAL); // a directory into its own subtree
        }
        InodeFlags.checkRemoveEntry(from.inodeFlags());
        InodeFlags.checkUnlinkOrMove(moving.inodeFlags());
        InodeFlags.checkAddEntry(to.inodeFlags());
        if (dst != null) {
            InodeFlags.checkRemoveEntry(to.inodeFlags());
            InodeFlags.checkUnlinkOrMove(dst.node().inodeFlags());
        }
        long t = Node.now();
        if (exchange) {
            Node other = dst.node();
            if (cross && other instanceof Node.Directory od && (od == from || isAncestor(od, from))) {
                throw new FuseException(Errno.EINVAL);
            }
            from.replace(src, other);
            to.replace(dst, moving);
            if (cross) {
                moveDirectory(moving, from, to);
                moveDirectory(other, to, from);
            }
            synchronized (other) {
                other.changed(t, false);
            }
        } else {
            if (dst != null) {
                Node target = dst.node();
                RenameRules.checkReplace(moving instanceof Node.Directory, target instanceof Node.Directory);
                if (target instanceof Node.Directory td) {
                    if (cross && (td == from || isAncestor(td, from))) {
                        throw new FuseException(Errno.ENOTEMPTY); // the target contains the source
                    }
                    removeDirectory(td, t);
                    synchronized (to) {
                        to.nlink--;
                    }
                } else {
                    synchronized (target) {
                        target.nlink--;
                        target.changed(t, false);
                    }
                }
                to.remove(dst);
            }
            from.remove(src);
            to.insert(Node.key(newName), newName.clone(), moving);
            if (cross) {
                moveDirectory(moving, from, to);
            }
        }
        synchronized (moving) {
            moving.changed(t, false);
        }
        synchronized (from) {
            from.changed(t, true);
        }
        if (cross) {
            synchronized (to) {
                to.changed(t, true);
            }
        }
        return exchange || dst == null ? null : dst.node();
    }

    /** Whether {@code ancestor} is a proper ancestor of {@code d}. Stable only under the rename lock. */
    private boolean isAncestor(Node.Directory ancestor, Node.Directory d) {
        for (Node.Directory p = d; p != root; ) {
            p = p.parent;
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Re-parents a directory that moved from {@code from} to {@code to}: '..' and the link counts follow. */
    private static void moveDirectory(Node n, Node.Directory from, Node.Directory to) {
        if (n instanceof Node.Directory d) {
            d.parent = to;
            synchronized (from) {
                from.nlink--;
            }
            synchronized (to) {
                to.nlink++;
            }
        }
    }

    /**
     * Answers a readdir from {@code offset}: as many entries as the reply takes, each READDIRPLUS entry with one more
     * lookup counted. Offsets are per-directory sequence numbers, so they stay valid while the directory changes.
     */
    void readdir(long inode, long offset, Reply.Directory reply) {
        Node.Directory d = inodes.directory(inode);
        boolean plus = reply.isPlus();
        d.lock.readLock().lock();
        try {
            // offsets: "." is followed by 1, ".." by 2, an entry by its sequence number + 2
            if (offset < 1 && !FuseUtils.readdirReply(reply, DOT, attributes(d), 1)
                    || offset < 2 && !FuseUtils.readdirReply(reply, DOTDOT, attributes(d.parent), 2)) {
                reply.done();
                return;
            }
            if (!d.removed) {
                for (Node.Entry e : d.bySeq.tailMap(Math.max(0, offset - 2), false).values()) {
                    Node n = e.node();
                    EntryAttributes a = plus ? attributes(n) : new EntryAttributes().inode(n.inode).mode(n.mode);
                    if (!FuseUtils.readdirReply(reply, e.name(), a, e.seq() + 2)) {
                        break;
                    }
                    if (plus) {
                        // the entry proves the node is alive (we hold the directory's lock)
                        synchronized (n) {
                            n.lookups++;
                        }
                    }
                }
            }
        } finally {
            d.lock.readLock().unlock();
        }
        if (offset == 0) {
            d.accessed(config.atime());
        }
        reply.done();
    }
}
