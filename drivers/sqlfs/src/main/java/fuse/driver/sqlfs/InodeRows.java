package fuse.driver.sqlfs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.driver.sqlfs.Database.Tx;

/**
 * Reads and writes rows of {@code sqlfs_inode}, one inode at a time by its number, inside the caller's transaction.
 * A row is read into an {@link Ino}, changed in memory and written back with {@link #save}. A caller that writes
 * it back reads it with {@code lock} ({@code SELECT ... FOR UPDATE}): otherwise a concurrent transaction, of this
 * host or (with a shared database) of another, could change the row in between and have its change overwritten.
 *
 * <p>The readers that need a certain kind of inode fail with the errno the file operation answers for it
 * (ENOENT, ENOTDIR, EISDIR), so that every operation reports a missing or wrong inode alike.
 */
final class InodeRows {
    /** The columns an {@link Ino} is read from, in the order {@link Ino#Ino(ResultSet, int)} expects. */
    static final String COLUMNS = "ino, mode, uid, gid, nlink, size, stored, rdev, atime, mtime, ctime, parent,"
            + " nextseq";
    /** {@link #COLUMNS} of {@code sqlfs_inode} joined as {@code i}: lookup and readdir read entry and row at once. */
    static final String JOINED_COLUMNS = "i.ino, i.mode, i.uid, i.gid, i.nlink, i.size, i.stored, i.rdev, i.atime,"
            + " i.mtime, i.ctime, i.parent, i.nextseq";

    private InodeRows() {
    }

    /** One row of {@code sqlfs_inode}, changed in memory and written back with {@link InodeRows#save}. */
    static final class Ino {
        final long ino;
        int mode;
        int uid;
        int gid;
        long nlink;
        long size;
        /** Bytes its chunks hold (holes are not stored): st_blocks and statfs count this, not the size. */
        long stored;
        long rdev;
        long atime;
        long mtime;
        long ctime;
        /** A directory's parent (for ".."); 0 for any other inode, which may have several. */
        long parent;
        /** The sequence number a directory's next entry gets: listings run in this order, readdir offsets follow it. */
        long nextseq;

        /** A new inode: nothing stored, all three times {@code time}. */
        Ino(long ino, int mode, int uid, int gid, long nlink, long size, long rdev, long time, long parent) {
            this.ino = ino;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.nlink = nlink;
            this.size = size;
            this.rdev = rdev;
            this.atime = time;
            this.mtime = time;
            this.ctime = time;
            this.parent = parent;
            this.nextseq = 1;
        }

        /** The row in {@code rs}'s current row, its {@link #COLUMNS} starting at column {@code at}. */
        Ino(ResultSet rs, int at) throws SQLException {
            ino = rs.getLong(at);
            mode = rs.getInt(at + 1);
            uid = rs.getInt(at + 2);
            gid = rs.getInt(at + 3);
            nlink = rs.getLong(at + 4);
            size = rs.getLong(at + 5);
            stored = rs.getLong(at + 6);
            rdev = rs.getLong(at + 7);
            atime = rs.getLong(at + 8);
            mtime = rs.getLong(at + 9);
            ctime = rs.getLong(at + 10);
            parent = rs.getLong(at + 11);
            nextseq = rs.getLong(at + 12);
        }

        boolean isDir() {
            return (mode & Fuse.S_IFMT) == Fuse.S_IFDIR;
        }

        boolean isFile() {
            return (mode & Fuse.S_IFMT) == Fuse.S_IFREG;
        }

        /** ctime (and for content changes mtime) to now. */
        void changed(long t, boolean content) {
            ctime = t;
            if (content) {
                mtime = t;
            }
        }
    }

    /** The row of {@code ino}, or null if there is none; locked for the transaction if {@code lock}. */
    static Ino find(Tx t, long ino, boolean lock) throws SQLException {
        try (PreparedStatement ps = t.prepare("SELECT " + COLUMNS + " FROM sqlfs_inode WHERE ino = ?"
                + (lock ? " FOR UPDATE" : ""), ino); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Ino(rs, 1) : null;
        }
    }

    /** The row of {@code ino}; ENOENT if there is none. */
    static Ino need(Tx t, long ino, boolean lock) throws SQLException {
        Ino n = find(t, ino, lock);
        if (n == null) {
            throw new FuseException(Errno.ENOENT);
        }
        return n;
    }

    /** The row of directory {@code ino}; ENOENT if there is none, ENOTDIR if it is no directory. */
    static Ino directory(Tx t, long ino, boolean lock) throws SQLException {
        Ino n = need(t, ino, lock);
        if (!n.isDir()) {
            throw new FuseException(Errno.ENOTDIR);
        }
        return n;
    }

    /** The row of regular file {@code ino}; ENOENT if there is none, EISDIR or EINVAL if it is no regular file. */
    static Ino file(Tx t, long ino, boolean lock) throws SQLException {
        Ino n = need(t, ino, lock);
        if (!n.isFile()) {
            throw new FuseException(n.isDir() ? Errno.EISDIR : Errno.EINVAL);
        }
        return n;
    }

    /** Inserts the row of a new inode; {@code target} is a symbolic link's, null for any other inode. */
    static void insert(Tx t, Ino n, byte[] target) throws SQLException {
        t.update("INSERT INTO sqlfs_inode (" + COLUMNS + ", target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                n.ino, n.mode, n.uid, n.gid, n.nlink, n.size, n.stored, n.rdev, n.atime, n.mtime, n.ctime, n.parent,
                n.nextseq, target);
    }

    /** Writes back everything of {@code n} that can change (its number, rdev and link target cannot). */
    static void save(Tx t, Ino n) throws SQLException {
        t.update("UPDATE sqlfs_inode SET mode = ?, uid = ?, gid = ?, nlink = ?, size = ?, stored = ?, atime = ?,"
                + " mtime = ?, ctime = ?, parent = ?, nextseq = ? WHERE ino = ?", n.mode, n.uid, n.gid, n.nlink,
                n.size, n.stored, n.atime, n.mtime, n.ctime, n.parent, n.nextseq, n.ino);
    }

    /** Writes only the access time: a read needs no lock on the row, and a concurrent change keeps its columns. */
    static void saveAtime(Tx t, long ino, long atime) throws SQLException {
        t.update("UPDATE sqlfs_inode SET atime = ? WHERE ino = ?", atime, ino);
    }

    /** A symbolic link's target (null for any other inode). */
    static byte[] target(Tx t, long ino) throws SQLException {
        return t.queryBytes("SELECT target FROM sqlfs_inode WHERE ino = ?", ino);
    }

    /** The parent column of {@code ino} (a directory's parent), or null if there is no such inode. */
    static Long parent(Tx t, long ino) throws SQLException {
        return t.queryLong("SELECT parent FROM sqlfs_inode WHERE ino = ?", ino);
    }

    /** Deletes an inode and everything it owns: its chunks, its extended attributes and its row. */
    static void delete(Tx t, long ino) throws SQLException {
        t.update("DELETE FROM sqlfs_chunk WHERE ino = ?", ino);
        t.update("DELETE FROM sqlfs_xattr WHERE ino = ?", ino);
        t.update("DELETE FROM sqlfs_inode WHERE ino = ?", ino);
    }
}
