package fuse.driver.sqlfs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.driver.sqlfs.InodeRows.Ino;
import fuse.utils.posix.XattrRules;

/** Extended attributes, rows of {@code sqlfs_xattr}; setting or removing one changes the inode's ctime. */
final class Xattrs {
    private final Transactions transactions;

    Xattrs(Transactions transactions) {
        this.transactions = transactions;
    }

    void setxattr(long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        XattrRules.checkSet(name, value, flags); // POSIX ACLs are refused: see XattrRules
        transactions.tx("setxattr", inode, t -> {
            Ino n = InodeRows.need(t, inode, true);
            boolean present = t.exists("SELECT 1 FROM sqlfs_xattr WHERE ino = ? AND name = ?", inode, name);
            XattrRules.checkPresence(present, flags);
            if (present) {
                t.update("UPDATE sqlfs_xattr SET val = ? WHERE ino = ? AND name = ?", value, inode, name);
            } else {
                t.update("INSERT INTO sqlfs_xattr (ino, name, val) VALUES (?, ?, ?)", inode, name, value);
            }
            n.changed(SqlFs.now(), false);
            InodeRows.save(t, n);
            t.changedInode(inode);
            return null;
        });
        reply.ok();
    }

    void getxattr(long inode, byte[] name, Reply.Xattr reply) {
        byte[] value = transactions.tx("getxattr", inode, t -> {
            byte[] v = t.queryBytes("SELECT val FROM sqlfs_xattr WHERE ino = ? AND name = ?", inode, name);
            if (v == null) {
                InodeRows.need(t, inode, false);
            }
            return v;
        });
        if (value == null) {
            throw new FuseException(Errno.ENODATA);
        }
        reply.value(value);
    }

    void listxattr(long inode, Reply.Xattr reply) {
        List<byte[]> names = transactions.tx("listxattr", inode, t -> {
            InodeRows.need(t, inode, false);
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement ps = t.prepare("SELECT name FROM sqlfs_xattr WHERE ino = ?", inode);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
            }
            return out;
        });
        reply.names(names);
    }

    void removexattr(long inode, byte[] name, Reply.Empty reply) {
        transactions.tx("removexattr", inode, t -> {
            Ino n = InodeRows.need(t, inode, true);
            if (t.update("DELETE FROM sqlfs_xattr WHERE ino = ? AND name = ?", inode, name) == 0) {
                throw new FuseException(Errno.ENODATA);
            }
            n.changed(SqlFs.now(), false);
            InodeRows.save(t, n);
            t.changedInode(inode);
            return null;
        });
        reply.ok();
    }
}
