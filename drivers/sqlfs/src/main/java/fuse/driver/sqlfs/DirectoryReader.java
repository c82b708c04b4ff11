package fuse.driver.sqlfs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.driver.sqlfs.InodeRows.Ino;
import fuse.utils.FuseUtils;

/**
 * Directory listings: pages of {@code sqlfs_dentry} in the order of each entry's sequence number (the offset the
 * kernel is given), with the inode rows joined for readdirplus.
 */
final class DirectoryReader {
    private static final byte[] DOT = { '.' };
    private static final byte[] DOTDOT = { '.', '.' };
    /** Rows of a directory listing fetched per readdir request. */
    private static final int READDIR_ROWS = 128;

    private final Transactions transactions;
    private final Attributes attrs;
    private final References refs;
    private final AtomicLong nextHandle;

    DirectoryReader(Transactions transactions, Attributes attrs, References refs, AtomicLong nextHandle) {
        this.transactions = transactions;
        this.attrs = attrs;
        this.refs = refs;
        this.nextHandle = nextHandle;
    }

    void opendir(long inode, Reply.Open reply) {
        transactions.tx("opendir", inode, t -> InodeRows.directory(t, inode, false));
        refs.add(inode, 0, 1);
        reply.open(new FileInfo(nextHandle.getAndIncrement()).keepCache(false));
    }

    /** One row of a listing. */
    private record Listed(byte[] name, Ino node, long next) {
    }

    void readdir(long inode, long offset, Reply.Directory reply) {
        boolean plus = reply.isPlus();
        List<Listed> page = transactions.tx("readdir", inode, t -> {
            Ino d = InodeRows.directory(t, inode, false);
            List<Listed> out = new ArrayList<>();
            // offsets: "." is followed by 1, ".." by 2, an entry by its sequence number + 2
            if (offset < 1) {
                out.add(new Listed(DOT, d, 1));
            }
            if (offset < 2) {
                Ino up = d.ino == Fuse.ROOT_INODE ? d : InodeRows.find(t, d.parent, false);
                out.add(new Listed(DOTDOT, up == null ? d : up, 2)); // a removed directory's parent may be gone
            }
            try (PreparedStatement ps = t.prepare("SELECT d.name, d.seq, " + InodeRows.JOINED_COLUMNS
                    + " FROM sqlfs_dentry d JOIN sqlfs_inode i ON i.ino = d.ino WHERE d.parent = ? AND d.seq > ?"
                    // "d.parent, " lets H2 see that the (parent, seq) index is already in this order
                    + " ORDER BY d.parent, d.seq LIMIT ?",
                    inode, Math.max(0, offset - 2), READDIR_ROWS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(rs.getBytes(1), new Ino(rs, 3), rs.getLong(2) + 2));
                }
            }
            if (offset == 0) {
                attrs.touchAtime(t, d);
            }
            return out;
        });
        for (Listed e : page) {
            EntryAttributes a = plus ? attrs.of(e.node())
                    : new EntryAttributes().inode(e.node().ino).mode(e.node().mode);
            if (!FuseUtils.readdirReply(reply, e.name(), a, e.next())) {
                break;
            }
            if (plus && e.next() > 2) {
                refs.add(e.node().ino, 1, 0);
            }
        }
        reply.done();
    }

    void releasedir(long inode, Reply.Empty reply) {
        refs.drop(inode, 0, 1);
        reply.ok();
    }
}
