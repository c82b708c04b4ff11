package fuse.driver.sqlfs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongSupplier;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.driver.sqlfs.Database.Tx;
import fuse.driver.sqlfs.InodeRows.Ino;
import fuse.utils.posix.Names;
import fuse.utils.posix.NewInode;
import fuse.utils.posix.RenameRules;

/**
 * The names, rows of {@code sqlfs_dentry}: looking them up, making (nodes, directories, symbolic links, hard links),
 * removing and renaming them, each in one transaction that also keeps the directories' and inodes' rows (link
 * counts, times, sequence numbers) in step. An inode left without a name is deleted unless this host holds a
 * reference ({@link References}).
 */
final class Namespace {
    private final Transactions transactions;
    private final Attributes attrs;
    private final References refs;
    /** New inode numbers ({@link SqlFs}'s blocks from {@code sqlfs_meta}). */
    private final LongSupplier inodeNumbers;

    Namespace(Transactions transactions, Attributes attrs, References refs, LongSupplier inodeNumbers) {
        this.transactions = transactions;
        this.attrs = attrs;
        this.refs = refs;
        this.inodeNumbers = inodeNumbers;
    }

    void lookup(long parent, byte[] name, Reply.Entry reply) {
        Names.check(name);
        Ino child = transactions.tx("lookup", parent, t -> {
            if (Names.isDotOrDotDot(name)) {
                Ino d = InodeRows.directory(t, parent, false);
                return name.length == 1 ? d : InodeRows.need(t, d.parent, false);
            }
            try (PreparedStatement ps = t.prepare("SELECT " + InodeRows.JOINED_COLUMNS + " FROM sqlfs_dentry d"
                    + " JOIN sqlfs_inode i ON i.ino = d.ino WHERE d.parent = ? AND d.name = ?", parent, name);
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Ino(rs, 1) : null;
            }
        });
        if (child == null) {
            // a negative entry; with a shared database a remote create invalidates it
            reply.entry(attrs.negative());
            return;
        }
        refs.add(child.ino, 1, 0);
        reply.entry(attrs.of(child));
    }

    /** Makes a node: mknod, mkdir, symlink, create. Ownership follows Linux's inode_init_owner. */
    Ino make(Tx t, RequestContext ctx, long parent, byte[] name, long ino, int mode, long rdev,
            byte[] target) throws SQLException {
        Ino dir = InodeRows.directory(t, parent, true);
        if (dir.nlink == 0) {
            throw new FuseException(Errno.ENOENT);
        }
        if (Names.isDotOrDotDot(name) || entry(t, parent, name) != 0) {
            throw new FuseException(Errno.EEXIST);
        }
        int gid = NewInode.group(ctx, dir.mode, dir.gid);
        int m = NewInode.mode(ctx, mode, dir.mode, gid);
        boolean isDir = Fuse.isDirectory(mode);
        long now = SqlFs.now();
        long size = isDir ? 4096 : target != null ? target.length : 0;
        Ino n = new Ino(ino, m, ctx.uid(), gid, isDir ? 2 : 1, size, rdev, now, isDir ? parent : 0);
        InodeRows.insert(t, n, target);
        t.update("INSERT INTO sqlfs_dentry (parent, name, ino, seq) VALUES (?, ?, ?, ?)", parent, name, ino,
                dir.nextseq);
        dir.nextseq++;
        if (isDir) {
            dir.nlink++;
        }
        dir.changed(now, true);
        InodeRows.save(t, dir);
        t.changedEntry(parent, name);
        t.changedInode(parent);
        return n;
    }

    private void makeAndReply(RequestContext ctx, String op, long parent, byte[] name, int mode, long rdev,
            byte[] target, Reply.Entry reply) {
        Names.check(name);
        long ino = inodeNumbers.getAsLong();
        Ino n = transactions.tx(op, parent, t -> make(t, ctx, parent, name, ino, mode, rdev, target));
        refs.add(n.ino, 1, 0);
        reply.entry(attrs.of(n));
    }

    void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        int type = NewInode.mknodType(mode);
        makeAndReply(ctx, "mknod", parent, name, type | NewInode.permissions(ctx, mode), NewInode.rdev(type, rdev),
                null, reply);
    }

    void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        makeAndReply(ctx, "mkdir", parent, name, Fuse.S_IFDIR | NewInode.permissions(ctx, mode), 0, null, reply);
    }

    void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        makeAndReply(ctx, "symlink", parent, name, Fuse.S_IFLNK | 0777, 0, target.clone(), reply);
    }

    void readlink(long inode, Reply.Readlink reply) {
        byte[] target = transactions.tx("readlink", inode, t -> {
            Ino n = InodeRows.need(t, inode, false);
            if ((n.mode & Fuse.S_IFMT) != Fuse.S_IFLNK) {
                throw new FuseException(Errno.EINVAL);
            }
            return InodeRows.target(t, inode);
        });
        reply.target(target);
    }

    void link(long inode, long newParent, byte[] newName, Reply.Entry reply) {
        Names.check(newName);
        Ino n = transactions.tx("link", inode, t -> {
            Ino dir = InodeRows.directory(t, newParent, true);
            if (dir.nlink == 0) {
                throw new FuseException(Errno.ENOENT);
            }
            Ino target = InodeRows.need(t, inode, true);
            if (target.isDir()) {
                throw new FuseException(Errno.EPERM);
            }
            if (Names.isDotOrDotDot(newName) || entry(t, newParent, newName) != 0) {
                throw new FuseException(Errno.EEXIST);
            }
            if (target.nlink == 0) {
                throw new FuseException(Errno.ENOENT); // an unlinked file cannot get a name back
            }
            long now = SqlFs.now();
            t.update("INSERT INTO sqlfs_dentry (parent, name, ino, seq) VALUES (?, ?, ?, ?)", newParent, newName,
                    inode, dir.nextseq);
            dir.nextseq++;
            dir.changed(now, true);
            InodeRows.save(t, dir);
            target.nlink++;
            target.changed(now, false);
            InodeRows.save(t, target);
            t.changedEntry(newParent, newName);
            t.changedInode(newParent);
            t.changedInode(inode);
            return target;
        });
        refs.add(n.ino, 1, 0);
        reply.entry(attrs.of(n));
    }

    /** One name less for {@code victim}; deletes it when it has no name and this host holds no reference. */
    private void dropLink(Tx t, Ino victim, long now) throws SQLException {
        victim.nlink = victim.isDir() ? 0 : victim.nlink - 1;
        victim.changed(now, false);
        if (victim.nlink <= 0 && !refs.holds(victim.ino)) {
            InodeRows.delete(t, victim.ino);
        } else {
            InodeRows.save(t, victim);
        }
        t.changedInode(victim.ino);
    }

    void unlink(long parent, byte[] name, Reply.Empty reply) {
        Names.check(name);
        removeName("unlink", parent, name, false);
        reply.ok();
    }

    void rmdir(long parent, byte[] name, Reply.Empty reply) {
        Names.checkRmdir(name);
        removeName("rmdir", parent, name, true);
        reply.ok();
    }

    /**
     * Removes the entry {@code name} of {@code parent}: an empty directory for rmdir ({@code directory}, which also
     * takes the parent's link from its "..") or anything else for unlink; the inode loses that link.
     */
    private void removeName(String op, long parent, byte[] name, boolean directory) {
        transactions.tx(op, parent, t -> {
            Ino dir = InodeRows.directory(t, parent, true);
            long ino = entry(t, parent, name);
            if (ino == 0) {
                throw new FuseException(Errno.ENOENT);
            }
            Ino victim = InodeRows.need(t, ino, true);
            if (victim.isDir() != directory) {
                throw new FuseException(directory ? Errno.ENOTDIR : Errno.EISDIR);
            }
            if (directory && hasEntries(t, ino)) {
                throw new FuseException(Errno.ENOTEMPTY);
            }
            long now = SqlFs.now();
            t.update("DELETE FROM sqlfs_dentry WHERE parent = ? AND name = ?", parent, name);
            if (directory) {
                dir.nlink--;
            }
            dir.changed(now, true);
            InodeRows.save(t, dir);
            dropLink(t, victim, now);
            t.changedEntry(parent, name);
            t.changedInode(parent);
            return null;
        });
    }

    /** The entry {@code name} of {@code parent}: its inode number, or 0. */
    static long entry(Tx t, long parent, byte[] name) throws SQLException {
        Long ino = t.queryLong("SELECT ino FROM sqlfs_dentry WHERE parent = ? AND name = ?", parent, name);
        return ino == null ? 0 : ino;
    }

    private static boolean hasEntries(Tx t, long dir) throws SQLException {
        return t.exists("SELECT 1 FROM sqlfs_dentry WHERE parent = ? LIMIT 1", dir);
    }

    /** Whether {@code ancestor} is a proper ancestor of directory {@code d}; stable under the rename lock. */
    private static boolean isAncestor(Tx t, long ancestor, long d) throws SQLException {
        long p = d;
        for (int depth = 0; p != Fuse.ROOT_INODE && depth < 100_000; depth++) {
            Long up = InodeRows.parent(t, p);
            if (up == null) {
                return false;
            }
            p = up;
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    void rename(long parent, byte[] name, long newParent, byte[] newName, int flags,
            Reply.Empty reply) {
        RenameRules.check(name, newName, flags);
        boolean exchange = RenameRules.isExchange(flags);
        boolean cross = parent != newParent;
        transactions.tx("rename", parent, t -> {
            if (cross) {
                // one cross-directory rename at a time, cluster-wide (Linux's s_vfs_rename_mutex), so the subtree
                // check below sees a stable tree
                t.queryLong("SELECT n FROM sqlfs_meta WHERE k = 'rename' FOR UPDATE");
            }
            Ino from;
            Ino to;
            if (!cross) {
                from = InodeRows.directory(t, parent, true);
                to = from;
            } else if (parent < newParent) {
                from = InodeRows.directory(t, parent, true);
                to = InodeRows.directory(t, newParent, true);
            } else {
                to = InodeRows.directory(t, newParent, true);
                from = InodeRows.directory(t, parent, true);
            }
            if (from.nlink == 0 || to.nlink == 0) {
                throw new FuseException(Errno.ENOENT);
            }
            long srcIno = entry(t, parent, name);
            if (srcIno == 0) {
                throw new FuseException(Errno.ENOENT);
            }
            long dstIno = entry(t, newParent, newName);
            RenameRules.checkTarget(flags, dstIno != 0);
            if (dstIno == srcIno) {
                return null; // two names of one inode: rename(2) does nothing
            }
            Ino moving;
            Ino other = null;
            if (dstIno != 0 && dstIno < srcIno) {
                other = InodeRows.need(t, dstIno, true);
                moving = InodeRows.need(t, srcIno, true);
            } else {
                moving = InodeRows.need(t, srcIno, true);
                if (dstIno != 0) {
                    other = InodeRows.need(t, dstIno, true);
                }
            }
            if (cross && moving.isDir() && (moving.ino == newParent || isAncestor(t, moving.ino, newParent))) {
                throw new FuseException(Errno.EINVAL); // a directory into its own subtree
            }
            long now = SqlFs.now();
            if (exchange) {
                if (cross && other.isDir() && (other.ino == parent || isAncestor(t, other.ino, parent))) {
                    throw new FuseException(Errno.EINVAL);
                }
                t.update("UPDATE sqlfs_dentry SET ino = ? WHERE parent = ? AND name = ?", other.ino, parent, name);
                t.update("UPDATE sqlfs_dentry SET ino = ? WHERE parent = ? AND name = ?", moving.ino, newParent,
                        newName);
                if (cross) {
                    if (moving.isDir()) {
                        moving.parent = newParent;
                        from.nlink--;
                        to.nlink++;
                    }
                    if (other.isDir()) {
                        other.parent = parent;
                        to.nlink--;
                        from.nlink++;
                    }
                }
                other.changed(now, false);
                InodeRows.save(t, other);
                t.changedInode(other.ino);
            } else {
                if (other != null) {
                    RenameRules.checkReplace(moving.isDir(), other.isDir());
                    if (other.isDir()) {
                        if (hasEntries(t, other.ino)) {
                            throw new FuseException(Errno.ENOTEMPTY);
                        }
                        to.nlink--;
                    }
                    t.update("DELETE FROM sqlfs_dentry WHERE parent = ? AND name = ?", newParent, newName);
                    dropLink(t, other, now);
                }
                t.update("DELETE FROM sqlfs_dentry WHERE parent = ? AND name = ?", parent, name);
                t.update("INSERT INTO sqlfs_dentry (parent, name, ino, seq) VALUES (?, ?, ?, ?)", newParent, newName,
                        moving.ino, to.nextseq);
                to.nextseq++;
                if (cross && moving.isDir()) {
                    moving.parent = newParent;
                    from.nlink--;
                    to.nlink++;
                }
            }
            moving.changed(now, false);
            InodeRows.save(t, moving);
            from.changed(now, true);
            InodeRows.save(t, from);
            if (cross) {
                to.changed(now, true);
                InodeRows.save(t, to);
            }
            t.changedEntry(parent, name);
            t.changedEntry(newParent, newName);
            t.changedInode(moving.ino);
            t.changedInode(parent);
            if (cross) {
                t.changedInode(newParent);
            }
            return null;
        });
        reply.ok();
    }
}
