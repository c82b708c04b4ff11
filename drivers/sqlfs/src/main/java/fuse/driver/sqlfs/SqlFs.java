package fuse.driver.sqlfs;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import fuse.api.ConnectionInfo;
import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;
import fuse.driver.sqlfs.InodeRows.Ino;
import fuse.utils.Permissions;
import fuse.utils.posix.FileRanges;
import fuse.utils.posix.Setattr;

/**
 * A POSIX file system kept in SQL tables: inodes, directory entries, extended attributes and file contents in
 * fixed-size chunks. Every operation is one database transaction, so a crash (of the host or of the database)
 * leaves every rename, link and unlink either done or not done. Usable without OSGi: {@code new SqlFs(config)}.
 * Each part has its own class: {@link Namespace} (names), {@link FileIo} (open files and their contents, kept in
 * chunks by {@link BlockStore}), {@link DirectoryReader} (listings), {@link Xattrs}, {@link Notifications} (other
 * hosts' changes) and {@link Attributes} (an inode row as the kernel sees it); inode rows are read and written by
 * {@link InodeRows}. This class keeps the {@link Operations} surface, the transactions, the lifecycle, inode numbers
 * and orphans, getattr/setattr, statfs and access.
 *
 * <p>What stays in this JVM is only what the kernel of this host holds: lookup counts and open handles
 * ({@link References}), which decide when an unlinked inode's rows are deleted. With a shared (PostgreSQL) database
 * every change is announced with NOTIFY in the transaction that makes it; the other hosts drop the entries and
 * inodes concerned from their kernel's caches ({@link Session#invalidateEntryAsync}, {@link Session#invalidateInode}).
 */
public class SqlFs implements Operations, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("fuse.driver.sqlfs");
    /** Inode numbers taken from the database at a time (a shared counter; unused ones are simply skipped). */
    private static final long INODE_BLOCK = 1024;
    /** Orphans (unlinked, nlink 0) older than this are removed when a shared file system is mounted. */
    private static final long ORPHAN_GRACE_NS = 3600L * 1_000_000_000L;

    private final SqlFsConfig config;
    private final Database db;
    /** File contents, in {@code sqlfs_chunk}. */
    private final BlockStore blocks;
    private final Attributes attrs;
    private final Xattrs xattrs = new Xattrs(this::tx);
    private final DirectoryReader directories;
    private final Namespace namespace;
    private final FileIo files;
    /** What the kernel of this host holds of each inode; an unlinked inode's last reference dropped purges it. */
    private final References refs = new References(this::purgeIfOrphan);
    /** Other hosts' changes (PostgreSQL LISTEN/NOTIFY) and this host's session, whose caches they invalidate. */
    private final Notifications notifications;
    private final AtomicLong nextHandle = new AtomicLong(1);
    private final Object inodeBlock = new Object();
    private long nextIno;
    private long inoLimit;
    /** statfs: bytes stored and inodes, refreshed at most every 2 s. */
    private volatile long[] usage;
    private volatile long usageAt;

    /** Opens (and on first use creates) the file system described by {@code config}. */
    public SqlFs(SqlFsConfig config) {
        this.config = config;
        this.db = new Database(config);
        this.notifications = new Notifications(db, refs);
        this.blocks = new BlockStore(db);
        this.attrs = new Attributes(config);
        this.namespace = new Namespace(this::tx, attrs, refs, this::allocateInode);
        this.files = new FileIo(config, this::tx, blocks, attrs, refs, namespace, nextHandle, this::allocateInode,
                this::freeBytes);
        this.directories = new DirectoryReader(this::tx, attrs, refs, nextHandle);
    }

    /** The configuration this file system runs with. */
    public SqlFsConfig config() {
        return config;
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    // ----- transactions ----------------------------------------------------------------------------------------

    private <T> T tx(String op, long inode, Database.Body<T> body) {
        Database.Schema schema = db.schema();
        notifications.startIfWanted(schema);
        return db.tx(op, inode, t -> {
            T result = body.run(t);
            if (t.wrote()) {
                // What statfs reports must follow this host's own writes at once (df right after rm or dd);
                // other hosts' changes reach it within the cache's 2 s.
                t.onCommit(() -> usage = null);
            }
            return result;
        }, null);
    }

    // ----- inode numbers and orphans ---------------------------------------------------------------------------

    /** Deletes an inode that has neither a name nor a reference of this host. Never throws. */
    private void purgeIfOrphan(long ino) {
        if (db.failing()) {
            return; // do not hold a reader thread (forget, release) for the connection timeout
        }
        try {
            tx("purge", ino, t -> {
                Ino n = InodeRows.find(t, ino, true);
                if (n != null && n.nlink == 0 && !refs.holds(ino)) {
                    InodeRows.delete(t, ino);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the database is away: the orphan stays and is removed when the file system is mounted again
        }
    }

    private long allocateInode() {
        synchronized (inodeBlock) {
            if (nextIno == inoLimit) {
                long first = tx("allocate", 0, t -> {
                    Long n = t.queryLong("SELECT n FROM sqlfs_meta WHERE k = 'next_ino' FOR UPDATE");
                    t.update("UPDATE sqlfs_meta SET n = ? WHERE k = 'next_ino'", n + INODE_BLOCK);
                    return n;
                });
                nextIno = first;
                inoLimit = first + INODE_BLOCK;
            }
            return nextIno++;
        }
    }

    // ----- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void init(Session s, ConnectionInfo connection) {
        notifications.init(s, config.postgresql() && config.notifications());
        if (config.writeback() && connection.isCapable(ConnectionInfo.CAP_WRITEBACK_CACHE)) {
            connection.enable(ConnectionInfo.CAP_WRITEBACK_CACHE);
        }
        try {
            Database.Schema schema = db.schema();
            long cutoff = config.embedded() ? Long.MAX_VALUE : now() - ORPHAN_GRACE_NS;
            int purged = db.tx("purge orphans", 0, t -> {
                List<Long> orphans = new ArrayList<>();
                try (PreparedStatement ps = t.prepare("SELECT ino FROM sqlfs_inode WHERE nlink = 0 AND ino <> 1"
                        + " AND ctime < ?", cutoff); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orphans.add(rs.getLong(1));
                    }
                }
                for (long o : orphans) {
                    InodeRows.delete(t, o);
                }
                return orphans.size();
            }, null);
            if (purged > 0) {
                LOG.log(Level.INFO, "sqlfs: removed " + purged + " unlinked inodes left by an earlier mount of "
                        + config.displayName());
            }
            notifications.start(schema);
        } catch (FuseException e) {
            // unreachable database: logged by Database; the mount stays, requests answer EIO until it is back, and
            // the first one that reaches it starts the listener
        }
    }

    /**
     * The session ended: the kernel dropped every lookup and handle without telling us. Unlinked inodes this host
     * still held are deleted now.
     */
    @Override
    public void destroy() {
        notifications.stop();
        Set<Long> held = refs.dropAll();
        // only the unlinked ones matter: one query instead of a transaction per inode the kernel knew
        try {
            List<Long> orphans = tx("destroy", 0, t -> {
                List<Long> out = new ArrayList<>();
                try (PreparedStatement ps = t.prepare("SELECT ino FROM sqlfs_inode WHERE nlink = 0");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            });
            for (long ino : orphans) {
                if (held.contains(ino)) {
                    purgeIfOrphan(ino);
                }
            }
        } catch (RuntimeException e) {
            // the database is away: the orphans are removed when the file system is mounted again
        }
        notifications.ended();
    }

    /** Closes the connection pool (and so an embedded database). */
    @Override
    public void close() {
        notifications.stop();
        db.close();
    }

    // ----- names -----------------------------------------------------------------------------------------------

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        namespace.lookup(parent, name, reply);
    }

    @Override
    public void forget(List<Forget> forgets) {
        for (Forget f : forgets) {
            refs.drop(f.inode(), f.count(), 0);
        }
    }

    @Override
    public void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        namespace.mknod(ctx, parent, name, mode, rdev, reply);
    }

    @Override
    public void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        namespace.mkdir(ctx, parent, name, mode, reply);
    }

    @Override
    public void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        namespace.symlink(ctx, parent, name, target, reply);
    }

    @Override
    public void readlink(RequestContext ctx, long inode, Reply.Readlink reply) {
        namespace.readlink(inode, reply);
    }

    @Override
    public void link(RequestContext ctx, long inode, long newParent, byte[] newName, Reply.Entry reply) {
        namespace.link(inode, newParent, newName, reply);
    }

    @Override
    public void unlink(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        namespace.unlink(parent, name, reply);
    }

    @Override
    public void rmdir(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        namespace.rmdir(parent, name, reply);
    }

    @Override
    public void rename(RequestContext ctx, long parent, byte[] name, long newParent, byte[] newName, int flags,
            Reply.Empty reply) {
        namespace.rename(parent, name, newParent, newName, flags, reply);
    }

    // ----- attributes ------------------------------------------------------------------------------------------

    @Override
    public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        reply.attr(attrs.of(tx("getattr", inode, t -> InodeRows.need(t, inode, false))));
    }

    @Override
    public void setattr(RequestContext ctx, long inode, EntryAttributes attributes, SetattrFields fields,
            OptionalLong fh, Reply.Attr reply) {
        EntryAttributes result = tx("setattr", inode, t -> {
            Ino n = InodeRows.need(t, inode, true);
            long now = now();
            if (fields.updateSize()) {
                if (!n.isFile()) {
                    throw new FuseException(n.isDir() ? Errno.EISDIR : Errno.EINVAL);
                }
                long size = attributes.size();
                FileRanges.checkTruncate(size);
                blocks.truncate(t, n, size);
                n.changed(now, true);
            }
            EntryAttributes a = Setattr.apply(attrs.of(n), attributes, fields, ctx, now);
            n.mode = a.mode();
            n.uid = a.uid();
            n.gid = a.gid();
            n.atime = a.atimeNs();
            n.mtime = a.mtimeNs();
            n.ctime = a.ctimeNs();
            InodeRows.save(t, n);
            t.changedInode(inode);
            return a;
        });
        reply.attr(result);
    }

    // ----- file data -------------------------------------------------------------------------------------------

    @Override
    public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        files.open(ctx, inode, flags, reply);
    }

    @Override
    public void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        files.create(ctx, parent, name, mode, flags, reply);
    }

    @Override
    public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        files.read(inode, offset, size, reply);
    }

    @Override
    public void write(RequestContext ctx, long inode, long fh, long offset, ByteBuffer data, int flags,
            Reply.Write reply) {
        files.write(ctx, inode, offset, data, reply);
    }

    @Override
    public void flush(RequestContext ctx, long inode, long fh, long lockOwner, Reply.Empty reply) {
        reply.ok();
    }

    @Override
    public void release(RequestContext ctx, long inode, long fh, int flags, long lockOwner, boolean flockRelease,
            Reply.Empty reply) {
        files.release(inode, reply);
    }

    @Override
    public void fsync(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        files.sync("fsync", inode);
        reply.ok();
    }

    @Override
    public void fallocate(RequestContext ctx, long inode, long fh, int mode, long offset, long length,
            Reply.Empty reply) {
        files.fallocate(ctx, inode, mode, offset, length, reply);
    }

    @Override
    public void lseek(RequestContext ctx, long inode, long fh, long offset, int whence, Reply.Lseek reply) {
        files.lseek(inode, offset, whence, reply);
    }

    @Override
    public void copyFileRange(RequestContext ctx, long inodeIn, long fhIn, long offsetIn, long inodeOut, long fhOut,
            long offsetOut, long length, int flags, Reply.Write reply) {
        files.copyFileRange(ctx, inodeIn, offsetIn, inodeOut, offsetOut, length, flags, reply);
    }

    // ----- directories -----------------------------------------------------------------------------------------

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        directories.opendir(inode, reply);
    }

    @Override
    public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        directories.readdir(inode, offset, reply);
    }

    @Override
    public void releasedir(RequestContext ctx, long inode, long fh, Reply.Empty reply) {
        directories.releasedir(inode, reply);
    }

    @Override
    public void fsyncdir(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        files.sync("fsyncdir", inode);
        reply.ok();
    }

    /** Bytes free as statfs reports them: the capacity less what is stored. */
    private long freeBytes() {
        return Math.max(0, config.capacity() - usage()[0]);
    }

    private long[] usage() {
        long[] u = usage;
        long t = System.nanoTime();
        if (u == null || t - usageAt > 2_000_000_000L) {
            u = tx("statfs", 0, tx -> {
                try (PreparedStatement ps = tx.prepare("SELECT COALESCE(SUM(stored), 0), COUNT(*) FROM sqlfs_inode");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] { rs.getLong(1), rs.getLong(2) };
                }
            });
            usage = u;
            usageAt = t;
        }
        return u;
    }

    @Override
    public void statfs(RequestContext ctx, long inode, Reply.Statfs reply) {
        long block = 4096;
        long[] u = usage();
        long free = Math.max(0, config.capacity() - u[0]) / block;
        long files = Math.max(1L << 32, u[1] * 2);
        reply.statfs(new StatvfsData().bsize(block).frsize(block).blocks(config.capacity() / block).bfree(free)
                .bavail(free).files(files).ffree(files - u[1]).favail(files - u[1]).namemax(Fuse.NAME_MAX));
    }

    // ----- extended attributes ---------------------------------------------------------------------------------

    @Override
    public void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        xattrs.setxattr(inode, name, value, flags, reply);
    }

    @Override
    public void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
        xattrs.getxattr(inode, name, reply);
    }

    @Override
    public void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
        xattrs.listxattr(inode, reply);
    }

    @Override
    public void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
        xattrs.removexattr(inode, name, reply);
    }

    // ----- permissions (only without default_permissions) ------------------------------------------------------

    @Override
    public void access(RequestContext ctx, long inode, int mask, Reply.Empty reply) {
        Permissions.answer(reply, attrs.of(tx("access", inode, t -> InodeRows.need(t, inode, false))), ctx, mask);
    }

    // ----- for tests -------------------------------------------------------------------------------------------

    /** Rows of the inode table (the root and unlinked inodes still referenced included). */
    long inodeRows() {
        return tx("count", 0, t -> t.queryLong("SELECT COUNT(*) FROM sqlfs_inode"));
    }

    /** Rows of the chunk table. */
    long chunkRows() {
        return tx("count", 0, t -> t.queryLong("SELECT COUNT(*) FROM sqlfs_chunk"));
    }

    /** Inodes this host holds a lookup or handle of. */
    int referencedInodes() {
        return refs.size();
    }
}
