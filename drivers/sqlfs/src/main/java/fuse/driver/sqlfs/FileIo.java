package fuse.driver.sqlfs;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.driver.sqlfs.Database.Tx;
import fuse.driver.sqlfs.InodeRows.Ino;
import fuse.utils.posix.FallocateMode;
import fuse.utils.posix.FileRanges;
import fuse.utils.posix.Names;
import fuse.utils.posix.NewInode;
import fuse.utils.posix.Privileges;

/**
 * Open files and their contents: open and create, read, write, fallocate, lseek and copy_file_range on the chunks
 * ({@link BlockStore}), each in one transaction that also updates the file's inode row (size, times, set-id bits),
 * and fsync.
 */
final class FileIo {
    private final SqlFsConfig config;
    private final Transactions transactions;
    private final BlockStore blocks;
    private final Attributes attrs;
    private final References refs;
    private final Namespace namespace;
    private final AtomicLong nextHandle;
    /** New inode numbers ({@link SqlFs}'s blocks from {@code sqlfs_meta}). */
    private final LongSupplier inodeNumbers;
    /** Bytes free as statfs reports them. */
    private final LongSupplier freeBytes;

    FileIo(SqlFsConfig config, Transactions transactions, BlockStore blocks, Attributes attrs, References refs,
            Namespace namespace, AtomicLong nextHandle, LongSupplier inodeNumbers, LongSupplier freeBytes) {
        this.config = config;
        this.transactions = transactions;
        this.blocks = blocks;
        this.attrs = attrs;
        this.refs = refs;
        this.namespace = namespace;
        this.nextHandle = nextHandle;
        this.inodeNumbers = inodeNumbers;
        this.freeBytes = freeBytes;
    }

    private FileInfo fileInfo(long fh) {
        // keep the page cache across opens: this host's own changes pass through its kernel, other hosts' changes
        // arrive as invalidations (without notifications, drop it on each open instead)
        return new FileInfo(fh).keepCache(config.embedded() || config.notifications());
    }

    /** O_TRUNC of a writable open: the file's row is locked. */
    private void openTruncate(Tx t, RequestContext ctx, Ino f, int flags) throws SQLException {
        if (FileRanges.truncatesOnOpen(flags)) {
            blocks.truncate(t, f, 0);
            f.changed(SqlFs.now(), true);
            f.mode = Privileges.afterTruncate(f.mode, f.gid, ctx);
            InodeRows.save(t, f);
            t.changedInode(f.ino);
        }
    }

    void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        boolean trunc = FileRanges.truncatesOnOpen(flags);
        transactions.tx("open", inode, t -> {
            Ino f = InodeRows.file(t, inode, trunc);
            openTruncate(t, ctx, f, flags);
            return null;
        });
        refs.add(inode, 0, 1);
        reply.open(fileInfo(nextHandle.getAndIncrement()));
    }

    void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        Names.check(name);
        int perm = NewInode.permissions(ctx, mode);
        long ino = inodeNumbers.getAsLong();
        Ino n = transactions.tx("create", parent, t -> {
            if ((flags & Fuse.O_EXCL) == 0) {
                Ino dir = InodeRows.directory(t, parent, true);
                long existing = Namespace.entry(t, parent, name);
                if (existing != 0 && dir.nlink > 0) {
                    // open(O_CREAT) without O_EXCL of a name that appeared since the kernel looked: open it
                    Ino f = InodeRows.need(t, existing, true);
                    if (!f.isFile()) {
                        throw new FuseException(f.isDir() ? Errno.EISDIR : Errno.EEXIST);
                    }
                    openTruncate(t, ctx, f, flags);
                    return f;
                }
            }
            return namespace.make(t, ctx, parent, name, ino, Fuse.S_IFREG | perm, 0, null);
        });
        refs.add(n.ino, 1, 1);
        reply.create(attrs.of(n), fileInfo(nextHandle.getAndIncrement()));
    }

    void read(long inode, long offset, int size, Reply.Data reply) {
        ByteBuffer buffer = transactions.tx("read", inode, t -> {
            Ino f = InodeRows.file(t, inode, false);
            int n = offset >= f.size ? 0 : (int) Math.min(size, f.size - offset);
            ByteBuffer b = reply.buffer(Math.max(n, 1));
            b.clear();
            blocks.read(t, inode, offset, n, b);
            b.flip();
            attrs.touchAtime(t, f);
            return b;
        });
        reply.data(buffer);
    }

    void write(RequestContext ctx, long inode, long offset, ByteBuffer data, Reply.Write reply) {
        int length = data.remaining();
        FileRanges.checkWrite(offset, length);
        int position = data.position();
        transactions.tx("write", inode, t -> {
            data.position(position); // a retried transaction reads the request again
            Ino f = InodeRows.file(t, inode, true);
            blocks.write(t, f, offset, data, length);
            if (offset + length > f.size) {
                f.size = offset + length;
            }
            f.changed(SqlFs.now(), true);
            f.mode = Privileges.afterWrite(f.mode, f.gid, ctx);
            InodeRows.save(t, f);
            t.changedInode(inode);
            return null;
        });
        reply.written(length);
    }

    void release(long inode, Reply.Empty reply) {
        refs.drop(inode, 0, 1);
        reply.ok();
    }

    /**
     * Makes what was committed durable. Every write is already a committed transaction: PostgreSQL made it durable
     * at commit; H2 writes commits to its file within its write delay (about a second), so for fsync it is told to
     * write and sync now ({@code CHECKPOINT SYNC}, about 1.5 ms).
     */
    void sync(String op, long inode) {
        if (config.embedded()) {
            transactions.tx(op, inode, t -> {
                try (java.sql.Statement st = t.connection().createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
                return null;
            });
        }
    }

    void fallocate(RequestContext ctx, long inode, int mode, long offset, long length, Reply.Empty reply) {
        FallocateMode how = FallocateMode.of(mode, offset, length);
        long end = offset + length;
        if (how.allocates() && length > freeBytes.getAsLong()) {
            // sqlfs stores no zeros for an allocation, but a request the file system has no room for is refused
            throw new FuseException(Errno.ENOSPC);
        }
        transactions.tx("fallocate", inode, t -> {
            Ino f = InodeRows.file(t, inode, true);
            if (how.zeroes()) {
                blocks.zero(t, f, offset, length);
            }
            boolean grows = how.mayGrow() && end > f.size;
            if (grows) {
                f.size = end;
            }
            if (how.zeroes() || grows) {
                f.changed(SqlFs.now(), true);
            }
            // any mode, as file_modified in the local file systems' fallocate
            f.mode = Privileges.afterWrite(f.mode, f.gid, ctx);
            InodeRows.save(t, f);
            t.changedInode(inode);
            return null;
        });
        reply.ok();
    }

    void lseek(long inode, long offset, int whence, Reply.Lseek reply) {
        FileRanges.checkLseek(whence, offset);
        long result = transactions.tx("lseek", inode, t -> {
            Ino f = InodeRows.file(t, inode, false);
            if (offset >= f.size) {
                throw new FuseException(Errno.ENXIO);
            }
            if (whence == Fuse.SEEK_DATA) {
                return blocks.seekData(t, f, offset).orElseThrow(() -> new FuseException(Errno.ENXIO));
            }
            return blocks.seekHole(t, f, offset);
        });
        reply.offset(result);
    }

    void copyFileRange(RequestContext ctx, long inodeIn, long offsetIn, long inodeOut, long offsetOut, long length,
            int flags, Reply.Write reply) {
        FileRanges.checkCopyFileRange(flags, offsetIn, offsetOut);
        long copied = transactions.tx("copy_file_range", inodeOut, t -> {
            Ino in;
            Ino out;
            if (inodeIn == inodeOut) {
                in = InodeRows.file(t, inodeIn, true);
                out = in;
            } else if (inodeIn < inodeOut) {
                in = InodeRows.file(t, inodeIn, true);
                out = InodeRows.file(t, inodeOut, true);
            } else {
                out = InodeRows.file(t, inodeOut, true);
                in = InodeRows.file(t, inodeIn, true);
            }
            long n = FileRanges.copyLength(length, in.size, offsetIn, offsetOut, in == out);
            if (n == 0) {
                return 0L;
            }
            // at most 16 MiB per request (the caller loops)
            long todo = Math.min(n, 16L << 20);
            blocks.copy(t, in, offsetIn, out, offsetOut, todo);
            if (offsetOut + todo > out.size) {
                out.size = offsetOut + todo;
            }
            out.changed(SqlFs.now(), true);
            out.mode = Privileges.afterWrite(out.mode, out.gid, ctx);
            InodeRows.save(t, out);
            t.changedInode(out.ino);
            return todo;
        });
        reply.written(copied);
    }
}
