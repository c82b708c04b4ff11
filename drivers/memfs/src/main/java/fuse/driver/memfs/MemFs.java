package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import fuse.api.ConnectionInfo;
import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.WriteData;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;
import fuse.utils.Permissions;
import fuse.utils.posix.InodeFlags;
import fuse.utils.posix.NewInode;
import fuse.utils.posix.Setattr;

/**
 * An in-memory POSIX file system: files (sparse, chunked), directories, symbolic and hard links, FIFOs, sockets and
 * device nodes, extended attributes, with a fixed capacity. Usable without OSGi: {@code new MemFs(config)}.
 *
 * <p>This class answers the kernel's requests. It keeps the mount's budgets and the life of its inodes (lookup and
 * open counts, freeing a node nothing refers to, the end of a session) and hands the rest to what owns it: the
 * namespace to {@link Tree}, the files' contents to {@link FileContents}, extended attributes to {@link Xattrs},
 * the inode table and what inodes are charged to {@link Inodes}.
 *
 * <h2>Locking</h2>
 * There is no global lock on any request path except cross-directory rename. In the order they may be taken:
 * <ol>
 * <li>{@link Tree}'s rename lock: serializes renames between two directories (the only operation that changes a
 *     directory's parent), so the "moved into its own subtree" check sees a stable tree. Linux has the same lock
 *     ({@code s_vfs_rename_mutex}).</li>
 * <li>Directory locks ({@link Node.Directory#lock}): a reader for lookup and readdir, a writer for changing entries.
 *     When two are held, an ancestor's is taken before its descendant's; two unrelated directories are only locked
 *     together by a rename holding the rename lock.</li>
 * <li>A file's data lock ({@link Node.File#dataLock}): readers for read and lseek, writer for write, truncate,
 *     fallocate. Two files (copy_file_range) are locked in inode order.</li>
 * <li>A node's monitor: metadata, a leaf lock.</li>
 * </ol>
 * Lookup counts are raised under the parent directory's lock, where the entry proves the node is alive, so a node is
 * freed exactly when it has no name, no lookup and no open handle.
 */
public class MemFs implements Operations, AutoCloseable {
    private final MemFsConfig config;

    /** The capacity: file data, xattrs and symlink targets. */
    private final Capacity space;
    private final Capacity inodeSlots;
    /**
     * What this mount holds in the heap all memfs mounts share ({@link HeapBudget}): inodes, xattrs and symlink
     * targets. File data is not here: it lives in {@link #store}, outside the heap.
     */
    private final Capacity heap;
    /** The memory file holding the files' data ({@code memfd_create}), outside the Java heap. */
    private final ChunkStore store = new ChunkStore();
    private final Inodes inodes;
    private final Node.Directory root;
    private final Tree tree;
    private final Xattrs xattrs;
    private final FileContents contents;
    private final AtomicLong nextHandle = new AtomicLong(1);

    /** Creates an empty file system with the default configuration. */
    public MemFs() {
        this(MemFsConfig.defaults());
    }

    /** Creates an empty file system, within the heap budget all memfs mounts share ({@link HeapBudget}). */
    public MemFs(MemFsConfig config) {
        this(config, HeapBudget.SHARED);
    }

    /** Creates an empty file system that takes the heap for its inodes, xattrs and symlinks from {@code heap}. */
    MemFs(MemFsConfig config, Capacity heap) {
        this.config = config;
        this.space = new Capacity(config.capacity());
        this.inodeSlots = new Capacity(config.maxInodes());
        this.heap = new Capacity(Long.MAX_VALUE, heap);
        this.inodes = new Inodes(space, inodeSlots, this.heap);
        inodes.reserveInode();
        root = new Node.Directory(Fuse.ROOT_INODE, Fuse.S_IFDIR | config.rootMode(), config.rootUid(),
                config.rootGid(), Node.now());
        root.parent = root;
        // the root is never forgotten nor removed: a lookup count of one keeps it alive for good
        root.lookups = 1;
        inodes.add(root);
        this.tree = new Tree(inodes, root, config);
        this.xattrs = new Xattrs(inodes);
        this.contents = new FileContents(inodes, xattrs, store, config.atime());
    }

    /** The configuration this file system runs with. */
    public MemFsConfig config() {
        return config;
    }

    /** Bytes of the capacity in use: file data, xattrs and symlink targets. */
    public long usedBytes() {
        return space.used();
    }

    /**
     * Bytes of memory the files' data holds in the mount's memory file (whole pages): what this file system adds to
     * the system's shared memory for data. 0 when every file is gone.
     */
    public long nativeBytes() {
        return store.inUse();
    }

    /** Inodes alive, including the root and inodes that are unlinked but still referenced by the kernel. */
    public long inodeCount() {
        return inodes.count();
    }

    // ----- helpers ---------------------------------------------------------------------------------------------

    private EntryAttributes attributes(Node n) {
        return n.attributes(new EntryAttributes().timeouts(config.timeout()));
    }

    /**
     * Frees a node that lost its last name, lookup or handle: its memory goes back to the capacity. A file without
     * names and handles gives its data back at once, before the kernel's FORGET, as tmpfs does on the last unlink or
     * close: {@code rm big && write again} must find the space free.
     */
    private void releaseIfUnreferenced(Node n) {
        if (n == null) {
            return;
        }
        if (n.claimIfUnreferenced()) {
            inodes.free(n);
        } else if (n instanceof Node.File f && f.unreachable()) {
            inodes.dropData(f);
        }
    }

    // ----- lifecycle -------------------------------------------------------------------------------------------

    @Override
    public void init(Session session, ConnectionInfo connection) {
        if (config.writeback() && connection.isCapable(ConnectionInfo.CAP_WRITEBACK_CACHE)) {
            connection.enable(ConnectionInfo.CAP_WRITEBACK_CACHE);
        }
        if (connection.isCapable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2)) {
            // memfs clears set-user-id and set-group-id on write and truncate itself (FileContents, Setattr) and
            // drops file capabilities (Xattrs.dropFileCapability): the kernel then skips its GETXATTR before every
            // write(2)
            connection.enable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2);
        }
    }

    /**
     * The session ended: the kernel has dropped every lookup and handle without telling us (no forget arrives on
     * unmount). Reset those counts so unlinked-but-referenced files are freed now. The tree itself stays, so the
     * same instance mounted again shows the same files; its memory goes when the instance does.
     */
    @Override
    public void destroy() {
        for (Node n : inodes.all()) {
            if (n == root) {
                continue;
            }
            synchronized (n) {
                n.lookups = 0;
                n.opens = 0;
            }
            releaseIfUnreferenced(n);
        }
    }

    /**
     * Drops the file system: the memory file holding the files' data is closed, so its memory goes back to the
     * system, and the heap it held goes back to the budget of all memfs mounts ({@link HeapBudget}). Call it once
     * nothing is mounted from this instance any more (the component does when it is deactivated, after the runtime
     * has unmounted it): a request still running gets EIO for its data. Without it, the memory stays until the
     * process ends. (No Cleaner does this for an instance dropped otherwise: its thread would keep the bundle's class
     * loader after an update.)
     */
    @Override
    public void close() {
        store.close();
        heap.leaveShared();
    }

    // ----- names -----------------------------------------------------------------------------------------------

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        tree.lookup(parent, name, reply);
    }

    @Override
    public void forget(List<Forget> forgets) {
        for (Forget f : forgets) {
            Node n = inodes.get(f.inode());
            if (n == null || n == root) {
                continue;
            }
            synchronized (n) {
                n.lookups = Math.max(0, n.lookups - f.count());
            }
            releaseIfUnreferenced(n);
        }
    }

    /** Makes regular files with permission bits {@code perm}, their data in this mount's memory file. */
    private Tree.Maker<Node.File> files(int perm) {
        return (ino, uid, gid, t) -> new Node.File(ino, Fuse.S_IFREG | perm, uid, gid, t, space, store);
    }

    @Override
    public void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        int type = NewInode.mknodType(mode);
        int perm = NewInode.permissions(ctx, mode);
        long device = NewInode.rdev(type, rdev);
        Tree.Maker<? extends Node> maker = type == Fuse.S_IFREG
                ? files(perm)
                : (ino, uid, gid, t) -> new Node.Special(ino, type | perm, uid, gid, t, device);
        reply.entry(attributes(tree.make(ctx, parent, name, maker, 0)));
    }

    @Override
    public void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        int perm = NewInode.permissions(ctx, mode);
        reply.entry(attributes(tree.make(ctx, parent, name,
                (ino, uid, gid, t) -> new Node.Directory(ino, Fuse.S_IFDIR | perm, uid, gid, t), 0)));
    }

    @Override
    public void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        byte[] copy = target.clone();
        reply.entry(attributes(tree.make(ctx, parent, name,
                (ino, uid, gid, t) -> new Node.Symlink(ino, uid, gid, t, copy), copy.length)));
    }

    @Override
    public void readlink(RequestContext ctx, long inode, Reply.Readlink reply) {
        if (inodes.node(inode) instanceof Node.Symlink s) {
            reply.target(s.target);
        } else {
            reply.error(Errno.EINVAL);
        }
    }

    @Override
    public void link(RequestContext ctx, long inode, long newParent, byte[] newName, Reply.Entry reply) {
        reply.entry(attributes(tree.link(inode, newParent, newName)));
    }

    @Override
    public void unlink(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        releaseIfUnreferenced(tree.unlink(parent, name));
        reply.ok();
    }

    @Override
    public void rmdir(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        releaseIfUnreferenced(tree.rmdir(parent, name));
        reply.ok();
    }

    @Override
    public void rename(RequestContext ctx, long parent, byte[] name, long newParent, byte[] newName, int flags,
            Reply.Empty reply) {
        releaseIfUnreferenced(tree.rename(parent, name, newParent, newName, flags));
        reply.ok();
    }

    // ----- attributes ------------------------------------------------------------------------------------------

    @Override
    public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        reply.attr(attributes(inodes.node(inode)));
    }

    @Override
    public void setattr(RequestContext ctx, long inode, EntryAttributes attributes, SetattrFields fields,
            OptionalLong fh, Reply.Attr reply) {
        Node n = inodes.node(inode);
        boolean onlyTimesToNow = (fields.updateAtime() || fields.updateMtime()) && !fields.updateSize()
                && !fields.updateMode() && !fields.updateUid() && !fields.updateGid()
                && (!fields.updateAtime() || fields.atimeNow()) && (!fields.updateMtime() || fields.mtimeNow());
        InodeFlags.checkSetattr(n.inodeFlags(), onlyTimesToNow);
        long t = Node.now();
        if (fields.updateSize()) {
            contents.truncate(inode, attributes.size(), t);
        }
        EntryAttributes result = new EntryAttributes().timeouts(config.timeout());
        synchronized (n) {
            Setattr.apply(n.attributes(result), attributes, fields, ctx, t);
            if (fields.updateSize()) {
                xattrs.dropFileCapability(n);
            }
            n.setMetadata(result);
        }
        reply.attr(result);
    }

    // ----- files -----------------------------------------------------------------------------------------------

    private FileInfo fileInfo(long fh) {
        // memfs is the only writer, so the page cache stays valid across opens
        return new FileInfo(fh).keepCache(true);
    }

    @Override
    public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        Node.File f = inodes.file(inode);
        synchronized (f) {
            if (f.freed) {
                throw new FuseException(Errno.ENOENT);
            }
            InodeFlags.checkOpen(f.inodeFlags, flags);
            f.opens++;
        }
        try {
            contents.truncateOnOpen(ctx, f, flags);
            reply.open(fileInfo(nextHandle.getAndIncrement()));
        } catch (RuntimeException e) {
            synchronized (f) {
                f.opens--;
            }
            releaseIfUnreferenced(f);
            throw e;
        }
    }

    @Override
    public void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        Tree.Created c = tree.create(ctx, parent, name, flags, files(NewInode.permissions(ctx, mode)));
        if (!c.isNew()) {
            contents.truncateOnOpen(ctx, c.file(), flags);
        }
        reply.create(attributes(c.file()), fileInfo(nextHandle.getAndIncrement()));
    }

    @Override
    public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        contents.read(inode, offset, size, reply);
    }

    @Override
    public void write(RequestContext ctx, long inode, long fh, long offset, ByteBuffer data, int flags,
            Reply.Write reply) {
        reply.written(contents.write(ctx, inode, offset, data));
    }

    /** Large writes arrive spliced: their pages go from the writer's page cache into the memory file in one copy. */
    @Override
    public void writeBuf(RequestContext ctx, long inode, long fh, long offset, WriteData data, int flags,
            Reply.Write reply) {
        reply.written(contents.write(ctx, inode, offset, data));
    }

    // No flush: memfs has nothing to write back on close(2). Not implementing it lets libfuse answer the first
    // FLUSH with ENOSYS, after which the kernel sends none, which saves a round trip on every close.

    @Override
    public void release(RequestContext ctx, long inode, long fh, int flags, long lockOwner, boolean flockRelease,
            Reply.Empty reply) {
        closeHandle(inode);
        reply.ok();
    }

    private void closeHandle(long inode) {
        Node n = inodes.get(inode);
        if (n != null) {
            synchronized (n) {
                n.opens = Math.max(0, n.opens - 1);
            }
            releaseIfUnreferenced(n);
        }
    }

    @Override
    public void fallocate(RequestContext ctx, long inode, long fh, int mode, long offset, long length,
            Reply.Empty reply) {
        contents.fallocate(ctx, inode, mode, offset, length);
        reply.ok();
    }

    @Override
    public void lseek(RequestContext ctx, long inode, long fh, long offset, int whence, Reply.Lseek reply) {
        reply.offset(contents.lseek(inode, offset, whence));
    }

    @Override
    public void copyFileRange(RequestContext ctx, long inodeIn, long fhIn, long offsetIn, long inodeOut, long fhOut,
            long offsetOut, long length, int flags, Reply.Write reply) {
        reply.written(contents.copyFileRange(ctx, inodeIn, offsetIn, inodeOut, offsetOut, length, flags));
    }

    // ----- directories -----------------------------------------------------------------------------------------

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        Node.Directory d = inodes.directory(inode);
        synchronized (d) {
            if (d.freed) {
                throw new FuseException(Errno.ENOENT);
            }
            d.opens++;
        }
        // memfs is the only writer and every change of a directory passes through the kernel, which then drops its
        // cached listing itself: the kernel may cache listings (cache_readdir) and keep them across opens.
        reply.open(new FileInfo(nextHandle.getAndIncrement()).keepCache(true).cacheReaddir(true));
    }

    @Override
    public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        tree.readdir(inode, offset, reply);
    }

    @Override
    public void releasedir(RequestContext ctx, long inode, long fh, Reply.Empty reply) {
        closeHandle(inode);
        reply.ok();
    }

    // ----- durability ------------------------------------------------------------------------------------------
    // Everything lives in the heap as long as the instance: fsync and fsyncdir have nothing to make durable.

    @Override
    public void fsync(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        reply.ok();
    }

    @Override
    public void fsyncdir(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        reply.ok();
    }

    @Override
    public void statfs(RequestContext ctx, long inode, Reply.Statfs reply) {
        long block = 4096;
        long freeBytes = space.free();
        long free = freeBytes / block;
        long freeInodes = inodeSlots.free();
        reply.statfs(new StatvfsData().bsize(block).frsize(block).blocks(space.limit() / block).bfree(free)
                .bavail(free).files(inodeSlots.limit()).ffree(freeInodes).favail(freeInodes)
                .namemax(Fuse.NAME_MAX));
    }

    // ----- extended attributes ---------------------------------------------------------------------------------

    @Override
    public void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        xattrs.set(inode, name, value, flags);
        reply.ok();
    }

    @Override
    public void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
        reply.value(xattrs.get(inode, name));
    }

    @Override
    public void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
        reply.names(xattrs.list(inode));
    }

    @Override
    public void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
        xattrs.remove(inode, name);
        reply.ok();
    }

    // ----- inode flags ---------------------------------------------------------------------------------------

    @Override
    public void ioctl(RequestContext ctx, long inode, long fh, int cmd, int flags, byte[] in, int outSize,
            Reply.Ioctl reply) {
        if (!InodeFlags.isFlagIoctl(cmd)) {
            throw new FuseException(Errno.ENOTTY);
        }
        Node n = inodes.node(inode);
        if (InodeFlags.isRead(cmd)) {
            reply.result(0, InodeFlags.answer(cmd, n.inodeFlags()));
            return;
        }
        int wanted = InodeFlags.requested(cmd, in);
        synchronized (n) {
            n.inodeFlags = wanted;
            n.changed(Node.now(), false);
        }
        reply.result(0);
    }

    // ----- permissions (only without default_permissions) ------------------------------------------------------

    @Override
    public void access(RequestContext ctx, long inode, int mask, Reply.Empty reply) {
        // Only asked without default_permissions; the same owner / group / other rule the kernel applies.
        Permissions.answer(reply, attributes(inodes.node(inode)), ctx, mask);
    }

    /** For tests: the lookup count of an inode, or -1 when it is gone. */
    long lookupCount(long inode) {
        Node n = inodes.get(inode);
        if (n == null) {
            return -1;
        }
        synchronized (n) {
            return n.lookups;
        }
    }
}
