package fuse.driver.sqlfs;

import java.sql.SQLException;

import fuse.api.EntryAttributes;
import fuse.driver.sqlfs.Database.Tx;
import fuse.driver.sqlfs.InodeRows.Ino;

/** An inode row as the kernel sees it (with the configured timeouts), and the atime policy of reads. */
final class Attributes {
    private final SqlFsConfig config;

    Attributes(SqlFsConfig config) {
        this.config = config;
    }

    EntryAttributes of(Ino n) {
        return new EntryAttributes().inode(n.ino).mode(n.mode).nlink(n.nlink).uid(n.uid).gid(n.gid).rdev(n.rdev)
                .size(n.size).blocks((n.stored + 511) / 512).atimeNs(n.atime).mtimeNs(n.mtime).ctimeNs(n.ctime)
                .timeouts(config.timeout());
    }

    /** A negative entry: the name does not exist (cached for the entry timeout). */
    EntryAttributes negative() {
        return new EntryAttributes().inode(0).timeouts(config.timeout());
    }

    void touchAtime(Tx t, Ino n) throws SQLException {
        long now = SqlFs.now();
        if (config.atime().isDue(n.atime, n.mtime, n.ctime, now)) {
            InodeRows.saveAtime(t, n.ino, now);
            n.atime = now;
        }
    }
}
