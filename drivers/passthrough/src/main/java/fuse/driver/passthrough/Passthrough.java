package fuse.driver.passthrough;

import static fuse.driver.passthrough.Ownership.dropPrivileges;
import static fuse.driver.passthrough.Ownership.dropPrivilegesAfterChown;
import static fuse.driver.passthrough.SystemCalls.EMPTY_PATH;
import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.driver.passthrough.SystemCalls.procPath;
import static fuse.linux.CStrings.terminated;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.sun.jna.Memory;

import fuse.api.ConnectionInfo;
import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileLock;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.SetattrFields;
import fuse.driver.passthrough.Node.Link;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Platform;
import fuse.linux.Stat;
import fuse.linux.Statvfs;
import fuse.linux.Timespec;

/**
 * Mirrors a source directory (pyfuse3's {@code passthroughfs.py}, without its escape hole).
 *
 * <h2>Inodes</h2>
 * The FUSE inode number of a file is its backing {@code st_ino} (the source directory itself is
 * {@link Fuse#ROOT_INODE}); a backing inode that would collide with another device's or with the root gets a
 * synthetic number from a high range. Numbers are therefore stable across driver restarts, which lets the host
 * upgrade this driver while mounted ({@link Fuse#STABLE_INODES}).
 *
 * <p>A file the kernel knows holds no descriptor: an inode remembers the (parent, name) through which it was last
 * seen, and each operation opens the parent chain with {@code openat(O_PATH | O_NOFOLLOW)} from the nearest held
 * directory descriptor (known directories hold an O_PATH one, up to 4,096), then checks that the name still leads to
 * the same (device, inode) — ESTALE otherwise. Every path handed to the
 * kernel is a single name relative to a directory descriptor, so neither {@code ..}, nor symbolic links, nor renames
 * racing with lookups can reach outside the source tree.
 *
 * <p>Each part has its own class: {@code Inodes} (the inode table), {@code Descriptors} (the descriptors that reach
 * the source), {@code Namespace} (names), {@code FileIo} (open files and their locks), {@code DirectoryReader}
 * (listings), {@code Xattrs} and {@code Ownership} (what the caller's credentials would have done); this class keeps
 * the {@link Operations} surface, the lifecycle and hot swap, attributes and statfs.
 *
 * <h2>Caching</h2>
 * Entry and attribute timeouts default to 0 and open files do not keep the page cache, because the source may change
 * underneath the mount.
 */
public class Passthrough implements Operations {
    private static final String STATE_KEY = "fuse.driver.passthrough.inodes";

    private final Path source;
    private final Descriptors descriptors;
    private final Inodes inodes;
    private final Namespace namespace;
    private final FileIo files;
    private final DirectoryReader directories;
    private final Xattrs xattrs;
    private volatile Session session;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Mirrors {@code source} with entry and attribute timeouts of 0.
     *
     * @throws IllegalArgumentException naming the source when it is missing or not a directory
     */
    public Passthrough(Path source) {
        this(source, 0);
    }

    /**
     * Mirrors {@code source}.
     *
     * @param timeout entry and attribute timeout in seconds (0: every access asks the source again)
     * @throws IllegalArgumentException naming the source when it is missing or not a directory
     */
    public Passthrough(Path source, double timeout) {
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("passthrough source must be an absolute path, got '" + source + "'");
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("passthrough source " + source
                    + (Files.exists(source) ? " is not a directory" : " does not exist"));
        }
        this.source = source;
        Platform.requireSupported("passthrough");
        byte[] path = terminated(source.toString().getBytes(StandardCharsets.UTF_8));
        int fd = LibC.openat(Fcntl.AT_FDCWD, path, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalArgumentException("cannot open passthrough source " + source + ": "
                    + Errno.name(LibC.errno()));
        }
        Memory st = STAT.get();
        check(LibC.fstat(fd, st), "fstat source");
        Node root = new Node(Fuse.ROOT_INODE, Stat.dev(st), Stat.ino(st), null);
        this.descriptors = new Descriptors(fd, root);
        this.inodes = new Inodes(root, timeout, descriptors);
        this.namespace = new Namespace(inodes, descriptors);
        this.files = new FileIo(inodes, descriptors);
        this.directories = new DirectoryReader(inodes, descriptors);
        this.xattrs = new Xattrs(inodes, descriptors);
    }

    /** The mirrored directory. */
    public Path source() {
        return source;
    }

    /** Inodes the kernel currently holds references to (besides the root). */
    public int knownInodes() {
        return inodes.count();
    }

    /** Closes the descriptor of the source directory; the instance is unusable afterwards. */
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        descriptors.close(inodes.all());
    }

    // ----- lifecycle ----------------------------------------------------------------------------------------------

    /**
     * The session ended (unmount): the descriptors of the source and of held directories are closed, so nothing
     * keeps the source busy (a mount below it can be unmounted, the directory removed).
     */
    @Override
    public void destroy() {
        close();
    }

    @Override
    public void init(Session session, ConnectionInfo connection) {
        this.session = session;
        if (connection.isCapable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2)) {
            // Set-id bits are cleared by dropPrivileges for callers that are not root, and the backing file system
            // drops security.capability on every write and truncation this process makes: the kernel may skip its
            // GETXATTR before every write(2)
            connection.enable(ConnectionInfo.CAP_HANDLE_KILLPRIV_V2);
        }
        // A predecessor of this driver (before a bundle update) left its inode table: take over its references.
        Object saved = session.attachments().remove(STATE_KEY);
        if (saved instanceof Map<?, ?> table) {
            inodes.restore(table);
        }
    }

    /**
     * Saves the inode table into the session for a replacement driver (hot swap) and closes the source descriptor.
     * Called when the driver service goes away while the mount may stay.
     */
    public void handOver() {
        Session s = session;
        if (s != null) {
            s.attachments().put(STATE_KEY, inodes.snapshot());
        }
        close();
    }

    // ----- names ----------------------------------------------------------------------------------------------------

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        namespace.lookup(parent, name, reply);
    }

    @Override
    public void forget(List<Forget> forgets) {
        inodes.forget(forgets);
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

    // ----- attributes ---------------------------------------------------------------------------------------------

    @Override
    public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        if (fh.isPresent() && inode != Fuse.ROOT_INODE) {
            Memory st = STAT.get();
            if (LibC.fstat((int) fh.getAsLong(), st) == 0) {
                reply.attr(inodes.attributes(st, inode));
                return;
            }
        }
        reply.attr(inodes.attributes(descriptors.stat(inodes.node(inode)), inode));
    }

    @Override
    public void setattr(RequestContext ctx, long inode, EntryAttributes a, SetattrFields f, OptionalLong fh,
            Reply.Attr reply) {
        Node n = inodes.node(inode);
        boolean symlink = Fuse.isSymlink(Stat.mode(descriptors.stat(n)));
        int fd = descriptors.openNode(n, Fcntl.O_PATH);
        try {
            if (f.updateMode()) {
                if (symlink) {
                    throw new FuseException(Errno.EOPNOTSUPP, "chmod of a symlink");
                }
                check(LibC.chmod(procPath(fd), a.mode() & 07777), "chmod");
            }
            if (f.updateUid() || f.updateGid()) {
                Memory st = STAT.get();
                check(LibC.fstat(fd, st), "fstat");
                int group = st.getInt(Stat.ST_GID);
                check(LibC.fchownat(fd, EMPTY_PATH, f.updateUid() ? a.uid() : -1, f.updateGid() ? a.gid() : -1,
                        Fcntl.AT_EMPTY_PATH | Fcntl.AT_SYMLINK_NOFOLLOW), "chown");
                dropPrivilegesAfterChown(ctx, fd, group);
            }
            if (f.updateSize()) {
                if (fh.isPresent()) {
                    check(LibC.ftruncate((int) fh.getAsLong(), a.size()), "ftruncate");
                } else {
                    check(LibC.truncate(procPath(fd), a.size()), "truncate");
                }
                dropPrivileges(ctx, fd);
            }
            if (f.updateAtime() || f.updateMtime()) {
                Memory times = new Memory(2L * Timespec.SIZEOF);
                setTime(times, 0, f.updateAtime(), f.atimeNow(), a.atimeNs());
                setTime(times, Timespec.SIZEOF, f.updateMtime(), f.mtimeNow(), a.mtimeNs());
                if (fh.isPresent()) {
                    check(LibC.futimens((int) fh.getAsLong(), times), "futimens");
                } else if (symlink) {
                    Link l = n.link;
                    int dirFd = descriptors.openDir(l.parent());
                    try {
                        check(LibC.utimensat(dirFd, terminated(l.name()), times, Fcntl.AT_SYMLINK_NOFOLLOW),
                                "utimensat");
                    } finally {
                        descriptors.release(dirFd);
                    }
                } else {
                    check(LibC.utimensat(Fcntl.AT_FDCWD, procPath(fd), times, 0), "utimensat");
                }
            }
        } finally {
            LibC.close(fd);
        }
        reply.attr(inodes.attributes(descriptors.stat(n), inode));
    }

    private static void setTime(Memory times, int off, boolean update, boolean now, long ns) {
        if (!update) {
            Timespec.write(times, off, 0, Timespec.UTIME_OMIT);
        } else if (now) {
            Timespec.write(times, off, 0, Timespec.UTIME_NOW);
        } else {
            Timespec.writeNanos(times, off, ns);
        }
    }

    @Override
    public void readlink(RequestContext ctx, long inode, Reply.Readlink reply) {
        Node n = inodes.node(inode);
        int fd = descriptors.openNode(n, Fcntl.O_PATH);
        try {
            byte[] buf = new byte[4096];
            long len = check(LibC.readlinkat(fd, EMPTY_PATH, buf, buf.length), "readlink");
            reply.target(Arrays.copyOf(buf, (int) len));
        } finally {
            LibC.close(fd);
        }
    }

    // ----- files ----------------------------------------------------------------------------------------------

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
        files.read(fh, offset, size, reply);
    }

    @Override
    public void write(RequestContext ctx, long inode, long fh, long offset, ByteBuffer data, int flags,
            Reply.Write reply) {
        files.write(ctx, fh, offset, data, reply);
    }

    @Override
    public void flush(RequestContext ctx, long inode, long fh, long lockOwner, Reply.Empty reply) {
        files.flush(fh, reply);
    }

    @Override
    public void release(RequestContext ctx, long inode, long fh, int flags, long lockOwner, boolean flockRelease,
            Reply.Empty reply) {
        files.release(inode, fh, reply);
    }

    @Override
    public void fsync(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        files.fsync(fh, datasync, reply);
    }

    @Override
    public void fallocate(RequestContext ctx, long inode, long fh, int mode, long offset, long length,
            Reply.Empty reply) {
        files.fallocate(ctx, fh, mode, offset, length, reply);
    }

    @Override
    public void copyFileRange(RequestContext ctx, long inodeIn, long fhIn, long offsetIn, long inodeOut, long fhOut,
            long offsetOut, long length, int flags, Reply.Write reply) {
        files.copyFileRange(ctx, fhIn, offsetIn, fhOut, offsetOut, length, flags, reply);
    }

    @Override
    public void lseek(RequestContext ctx, long inode, long fh, long offset, int whence, Reply.Lseek reply) {
        files.lseek(fh, offset, whence, reply);
    }

    @Override
    public void flock(RequestContext ctx, long inode, long fh, long lockOwner, int operation, Reply.Empty reply) {
        files.flock(fh, operation, reply);
    }

    @Override
    public void getlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, Reply.Lock reply) {
        files.getlk(fh, lock, reply);
    }

    @Override
    public void setlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, boolean sleep,
            Reply.Empty reply) {
        files.setlk(fh, lock, sleep, reply);
    }

    // ----- directories ----------------------------------------------------------------------------------------

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        directories.opendir(inode, reply);
    }

    @Override
    public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        directories.readdir(inode, fh, offset, reply);
    }

    @Override
    public void releasedir(RequestContext ctx, long inode, long fh, Reply.Empty reply) {
        directories.releasedir(fh, reply);
    }

    @Override
    public void fsyncdir(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        directories.fsyncdir(fh, datasync, reply);
    }

    @Override
    public void statfs(RequestContext ctx, long inode, Reply.Statfs reply) {
        Memory s = new Memory(Statvfs.SIZEOF);
        check(LibC.fstatvfs(descriptors.rootFd(), s), "statfs");
        reply.statfs(Statvfs.read(s));
    }

    // ----- extended attributes --------------------------------------------------------------------------------

    @Override
    public void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
        reply.value(xattrs.get(inode, name));
    }

    @Override
    public void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
        reply.names(xattrs.list(inode));
    }

    @Override
    public void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        xattrs.set(inode, name, value, flags);
        reply.ok();
    }

    @Override
    public void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
        xattrs.remove(inode, name);
        reply.ok();
    }

    @Override
    public String toString() {
        return "Passthrough[" + source + "]";
    }
}
