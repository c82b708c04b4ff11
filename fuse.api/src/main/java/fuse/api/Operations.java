package fuse.api;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A FUSE file system driver: one method per request of libfuse 3's low-level, inode-based API.
 *
 * <h2>Publishing</h2>
 * Register an implementation as an OSGi service with the property {@value Fuse#MOUNTPOINT}; the runtime mounts it
 * there and unmounts it when the service goes away. Other properties: {@link Fuse#OPTIONS}, {@link Fuse#FSNAME},
 * {@link Fuse#DRIVER}, {@link Fuse#STABLE_INODES}, {@link Fuse#MIN_THREADS}, {@link Fuse#MAX_THREADS},
 * {@link Fuse#REPLY_TIMEOUT}. One service instance is one mount.
 *
 * <h2>The request contract (every method)</h2>
 * <ul>
 * <li><b>Exactly one reply.</b> Each method gets a reply handle (a {@link Reply} subtype) and must answer it once,
 *     with one of its success methods or with {@link Reply#error(int)}; see {@link Reply} for the rules. Throwing
 *     {@link FuseException} answers with its errno; any other exception answers {@link Errno#EIO} and is logged.</li>
 * <li><b>Threads.</b> Methods are called concurrently from several reader threads, for the same or different inodes;
 *     a driver must be thread-safe. A method may block (the runtime starts another reader when none is left
 *     waiting), but a driver built on an asynchronous client should return at once and answer later from its own
 *     thread: {@code fuse.utils.Async} adapts a {@code CompletionStage}.</li>
 * <li><b>Defaults.</b> Every method except {@link #init}, {@link #destroy} and {@link #forget} answers
 *     {@link Errno#ENOSYS} by default, and the runtime registers with libfuse only the methods a driver overrides,
 *     so libfuse's and the kernel's own defaults apply to the rest (each method says what they are).</li>
 * <li><b>Lookup counts.</b> Every successful reply of {@link #lookup}, {@link #mknod}, {@link #mkdir},
 *     {@link #symlink}, {@link #link} and {@link #create}, and every entry added to a READDIRPLUS page (except
 *     {@code .} and {@code ..}), increments the kernel's lookup count of that inode by one. {@link #forget} decrements
 *     it. A driver must keep an inode (and its number) valid while its lookup count is above zero, even after
 *     {@link #unlink} or {@link #rmdir} removed its last name.</li>
 * <li><b>Names</b> are raw bytes without NUL, at most {@link Fuse#NAME_MAX} bytes. The {@code name} array is the
 *     driver's to keep.</li>
 * <li><b>Permissions.</b> With the {@code default_permissions} mount option (the default) the kernel checks mode bits
 *     before calling; otherwise the driver must check them, see {@link #access}.</li>
 * </ul>
 *
 * <p>Operations of libfuse's low-level API that are not methods here: {@code write_buf} (the runtime serves
 * {@link #write}; see the README for the measurement behind that) and {@code retrieve_reply} (the answer to
 * {@link Session#notifyRetrieve}); {@code tmpfile} and {@code statx} need libfuse 3.17/3.18.
 */
@ConsumerType
public interface Operations {

    /**
     * Initializes the file system, before the first request (synchronous, on the session's first reader thread).
     * The connection parameters may be changed here and only here; the session may be kept for notifications.
     * Throwing fails the mount: the runtime reports the exception and unmounts.
     *
     * @param session the mount, for notifications
     * @param connection the negotiated parameters, writable during this call
     */
    default void init(Session session, ConnectionInfo connection) {
    }

    /** Called once when the session ends (unmount or terminate), after the last request. Must not throw. */
    default void destroy() {
    }

    /**
     * Looks up {@code name} in directory {@code parent} and answers its attributes.
     * Valid replies: {@link Reply.Entry#entry} (adds one lookup unless the inode is 0), {@code error}
     * (typically ENOENT). {@code .} and {@code ..} are asked only with {@link ConnectionInfo#CAP_EXPORT_SUPPORT}.
     * ENOSYS: the lookup fails with ENOSYS.
     */
    default void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * The kernel drops references to inodes: FORGET and BATCH_FORGET both arrive here. There is no reply (the
     * runtime has already acknowledged it) and the method must not throw. When an inode's lookup count reaches zero
     * and it has no names left, its resources can be freed. On unmount the kernel may not forget every inode.
     */
    default void forget(List<Forget> forgets) {
    }

    /**
     * Answers the attributes of an inode.
     * Valid replies: {@link Reply.Attr#attr}, {@code error}. {@code fh} is present when the kernel asked through an
     * open file ({@code fstat}). ENOSYS: stat(2) fails with ENOSYS.
     */
    default void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Changes attributes (chmod, chown, truncate, utimens). {@code fields} says which of {@code attributes}' values
     * to apply; {@code fh} is present for calls through an open file (ftruncate, fchmod).
     * Valid replies: {@link Reply.Attr#attr} with the complete new attributes, {@code error}.
     * ENOSYS: the change fails with ENOSYS.
     */
    default void setattr(RequestContext ctx, long inode, EntryAttributes attributes, SetattrFields fields,
            OptionalLong fh, Reply.Attr reply) {
        reply.error(Errno.ENOSYS);
    }

    /** Reads a symbolic link. Valid replies: {@link Reply.Readlink#target}, {@code error}. ENOSYS: fails. */
    default void readlink(RequestContext ctx, long inode, Reply.Readlink reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Creates a file node: a regular file, FIFO, socket or device ({@code mode} carries the type bits).
     * Valid replies: {@link Reply.Entry#entry} (adds one lookup), {@code error} (EEXIST, …). ENOSYS: mknod(2) fails
     * with ENOSYS, and so does create(2) when {@link #create} is not implemented either.
     */
    default void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Creates a directory ({@code mode} includes {@link Fuse#S_IFDIR}).
     * Valid replies: {@link Reply.Entry#entry} (adds one lookup), {@code error}. ENOSYS: fails.
     */
    default void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Removes a name that is not a directory. The inode stays alive while its lookup count is above zero or it is
     * open. Valid replies: {@link Reply.Empty#ok}, {@code error} (ENOENT, EISDIR, …). ENOSYS: fails.
     */
    default void unlink(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Removes an empty directory. Valid replies: {@link Reply.Empty#ok}, {@code error} (ENOTEMPTY, ENOTDIR, …).
     * ENOSYS: fails.
     */
    default void rmdir(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Creates a symbolic link {@code name} in {@code parent} pointing to {@code target}.
     * Valid replies: {@link Reply.Entry#entry} (adds one lookup), {@code error}. ENOSYS: fails.
     */
    default void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Renames {@code name} in {@code parent} to {@code newName} in {@code newParent}, replacing an existing target
     * as rename(2) does. {@code flags}: 0, {@link Fuse#RENAME_NOREPLACE} (EEXIST if the target exists) or
     * {@link Fuse#RENAME_EXCHANGE} (swap; ENOENT if the target is missing). Unknown flags: answer EINVAL.
     * Valid replies: {@link Reply.Empty#ok}, {@code error}. ENOSYS: fails.
     */
    default void rename(RequestContext ctx, long parent, byte[] name, long newParent, byte[] newName, int flags,
            Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Creates a hard link {@code newName} in {@code newParent} to {@code inode}.
     * Valid replies: {@link Reply.Entry#entry} (adds one lookup), {@code error}. ENOSYS: fails.
     */
    default void link(RequestContext ctx, long inode, long newParent, byte[] newName, Reply.Entry reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Opens a file. {@code flags} are the open(2) flags except O_CREAT, O_EXCL and O_NOCTTY (and O_TRUNC unless
     * {@link ConnectionInfo#CAP_ATOMIC_O_TRUNC}). Valid replies: {@link Reply.Open#open}, {@code error}.
     * Not implemented: libfuse answers success with handle 0.
     */
    default void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Reads up to {@code size} bytes at {@code offset}. Answer exactly {@code size} bytes except at end of file or
     * with direct I/O. Valid replies: {@link Reply.Data}, {@code error}. ENOSYS: read(2) fails.
     */
    default void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Writes the remaining bytes of {@code data} at {@code offset}. {@code data} is a view of the request buffer,
     * valid only until this method returns: copy what you keep (an asynchronous driver must copy before returning).
     * Answer the full length unless the file is open with direct I/O. {@code flags} are the file's open flags
     * (libfuse's {@code fi->flags}; the WRITE request's own flags do not reach a driver through libfuse 3.14). Valid
     * replies: {@link Reply.Write#written}, {@code error} (ENOSPC, EFBIG, …). ENOSYS: write(2) fails.
     */
    default void write(RequestContext ctx, long inode, long fh, long offset, ByteBuffer data, int flags,
            Reply.Write reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Writes {@code data} at {@code offset}, like {@link #write}, for a driver that stores into a file descriptor
     * (libfuse's {@code write_buf}): {@link WriteData#transferTo} moves the data there without bringing it into
     * Java, and for large writes without copying it through this process at all (the runtime splices such requests
     * from {@code /dev/fuse} into a pipe when the driver implements this method). The rules, replies and errors are
     * those of {@link #write}. A driver that implements this method gets every WRITE here and none in {@link #write}.
     * The default hands {@link WriteData#buffer} to {@link #write}.
     */
    default void writeBuf(RequestContext ctx, long inode, long fh, long offset, WriteData data, int flags,
            Reply.Write reply) {
        write(ctx, inode, fh, offset, data.buffer(), flags, reply);
    }

    /**
     * Called on each close(2) of a file descriptor of this open file (possibly several per open, after dup).
     * Valid replies: {@link Reply.Empty#ok}, {@code error} (close(2) returns it).
     * ENOSYS: treated as success, and no further flush is sent.
     */
    default void flush(RequestContext ctx, long inode, long fh, long lockOwner, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * The last reference to the open file is gone; free the handle. Exactly one release per successful open or
     * create. Errors are not passed to anyone. {@code flockRelease} is true when flock locks of {@code lockOwner}
     * must be dropped. Valid replies: {@link Reply.Empty#ok}, {@code error}. Not implemented: nothing happens.
     */
    default void release(RequestContext ctx, long inode, long fh, int flags, long lockOwner, boolean flockRelease,
            Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Writes the file's data (and metadata unless {@code datasync}) to stable storage. Valid replies:
     * {@link Reply.Empty#ok}, {@code error}. ENOSYS: treated as success, and no further fsync is sent.
     */
    default void fsync(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Opens a directory. Valid replies: {@link Reply.Open#open} (only {@code fh}, {@code keepCache} and
     * {@code cacheReaddir} are used), {@code error}. Not implemented: libfuse answers success with handle 0.
     */
    default void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Lists a directory page by page, starting after {@code offset} (0 at first, otherwise a {@code nextOffset} given
     * earlier). Add entries with {@link Reply.Directory#add} until it returns false or no entries are left, then
     * {@link Reply.Directory#done}; a page with no entries ends the listing. Serves both READDIR and READDIRPLUS
     * ({@link Reply.Directory#isPlus}). Valid replies: {@code done}, {@code error}. ENOSYS: listing fails.
     */
    default void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Closes a directory opened by {@link #opendir}. Valid replies: {@link Reply.Empty#ok}, {@code error} (ignored).
     * Not implemented: nothing happens.
     */
    default void releasedir(RequestContext ctx, long inode, long fh, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Syncs a directory's contents. Valid replies: {@link Reply.Empty#ok}, {@code error}. ENOSYS: treated as success
     * from then on.
     */
    default void fsyncdir(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * File system statistics (statfs(2), {@code df}). Valid replies: {@link Reply.Statfs#statfs}, {@code error}.
     * Not implemented: libfuse answers {@code f_namemax} 255 and {@code f_bsize} 512, all else 0.
     */
    default void statfs(RequestContext ctx, long inode, Reply.Statfs reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Sets an extended attribute. {@code flags}: {@link Fuse#XATTR_CREATE} (EEXIST if present),
     * {@link Fuse#XATTR_REPLACE} (ENODATA if absent), or 0. Valid replies: {@link Reply.Empty#ok}, {@code error}.
     * ENOSYS: this and all later setxattr calls fail with EOPNOTSUPP without reaching the driver.
     */
    default void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Answers an extended attribute's value (the runtime handles size probes and ERANGE). Valid replies:
     * {@link Reply.Xattr#value}, {@code error} ({@link Errno#ENODATA} when absent). ENOSYS: this and all later
     * getxattr calls fail with EOPNOTSUPP without reaching the driver.
     */
    default void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Answers the names of an inode's extended attributes. Valid replies: {@link Reply.Xattr#names}, {@code error}.
     * ENOSYS: this and later listxattr calls fail with EOPNOTSUPP.
     */
    default void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Removes an extended attribute. Valid replies: {@link Reply.Empty#ok}, {@code error} (ENODATA when absent).
     * ENOSYS: this and later removexattr calls fail with EOPNOTSUPP.
     */
    default void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Checks access permissions ({@code mask} of {@link Fuse#R_OK}, {@link Fuse#W_OK}, {@link Fuse#X_OK} or
     * {@link Fuse#F_OK}). Not called with {@code default_permissions}. Valid replies: {@link Reply.Empty#ok},
     * {@code error} (EACCES). ENOSYS: treated as success from then on.
     */
    default void access(RequestContext ctx, long inode, int mask, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Creates and opens a regular file atomically. Valid replies: {@link Reply.Create#create} (adds one lookup),
     * {@code error}. ENOSYS: the kernel falls back to {@link #mknod} and {@link #open} from then on.
     */
    default void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Tests for a POSIX lock ({@code fcntl(F_GETLK)}). Valid replies: {@link Reply.Lock#lock}, {@code error}.
     * Not implemented (and not {@link #setlk}): the kernel handles POSIX locks locally.
     */
    default void getlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, Reply.Lock reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Acquires, changes or releases a POSIX lock ({@code fcntl(F_SETLK/F_SETLKW)}); {@code sleep} is true for
     * F_SETLKW. Valid replies: {@link Reply.Empty#ok}, {@code error} (EAGAIN when the lock is held and not
     * sleeping). Not implemented: the kernel handles POSIX locks locally.
     */
    default void setlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, boolean sleep,
            Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Acquires or releases a BSD lock ({@code flock(2)}): {@code operation} is {@link Fuse#LOCK_SH},
     * {@link Fuse#LOCK_EX} or {@link Fuse#LOCK_UN}, possibly with {@link Fuse#LOCK_NB}. Valid replies:
     * {@link Reply.Empty#ok}, {@code error} (EWOULDBLOCK). Not implemented: the kernel handles flock locally.
     */
    default void flock(RequestContext ctx, long inode, long fh, long lockOwner, int operation, Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Allocates or deallocates space ({@code fallocate(2)}, {@code mode} of {@code FALLOC_FL_*} bits).
     * Valid replies: {@link Reply.Empty#ok}, {@code error} (EOPNOTSUPP for an unsupported mode, ENOSPC).
     * ENOSYS: this and later fallocate calls fail with EOPNOTSUPP.
     */
    default void fallocate(RequestContext ctx, long inode, long fh, int mode, long offset, long length,
            Reply.Empty reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Copies a range between two open files without passing the data through the caller.
     * Valid replies: {@link Reply.Write#written}, {@code error}. ENOSYS: the kernel falls back to a copy through
     * read and write, from then on.
     */
    default void copyFileRange(RequestContext ctx, long inodeIn, long fhIn, long offsetIn, long inodeOut,
            long fhOut, long offsetOut, long length, int flags, Reply.Write reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Finds data or holes ({@code whence} is {@link Fuse#SEEK_DATA} or {@link Fuse#SEEK_HOLE}). Valid replies:
     * {@link Reply.Lseek#offset}, {@code error} (ENXIO past the end). ENOSYS: the kernel uses its generic
     * implementation (the whole file is data) from then on.
     */
    default void lseek(RequestContext ctx, long inode, long fh, long offset, int whence, Reply.Lseek reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * An ioctl(2) on an open file, or on a directory when {@code flags} has {@link Fuse#IOCTL_DIR}. A mount gets
     * restricted ioctls only: the kernel decodes the argument's direction and size from {@code cmd} (its
     * {@code _IOR}/{@code _IOW} encoding), copies {@code in} from the caller and returns up to {@code outSize} bytes
     * of the answer. {@code lsattr} and {@code chattr} arrive as {@link Fuse#FS_IOC_GETFLAGS} (answer 4 bytes, the
     * {@code FS_*_FL} flags in native byte order) and {@link Fuse#FS_IOC_SETFLAGS} (4 bytes in), and {@code chattr}
     * is preceded by {@link Fuse#FS_IOC_FSGETXATTR}, without which it fails; the kernel checked the caller's right to
     * change {@link Fuse#FS_IMMUTABLE_FL} and {@link Fuse#FS_APPEND_FL}, and enforcing them is the driver's
     * ({@code fuse.utils.posix.InodeFlags} answers all four and has the rules). Valid replies:
     * {@link Reply.Ioctl#result}, {@code error} (ENOTTY for an unknown command). ENOSYS: the caller gets ENOTTY,
     * from then on without asking.
     */
    default void ioctl(RequestContext ctx, long inode, long fh, int cmd, int flags, byte[] in, int outSize,
            Reply.Ioctl reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Which of {@code events} ({@link Fuse#POLLIN}, {@link Fuse#POLLOUT}, …) an open file is ready for now. When
     * {@code handle} is not null a caller will wait: keep it and call {@link PollHandle#notifyReady()} when the
     * readiness changes (the kernel then asks again). Valid replies: {@link Reply.Poll#ready}, {@code error}.
     * ENOSYS: the file counts as always ready for reading and writing, from then on without asking.
     */
    default void poll(RequestContext ctx, long inode, long fh, int events, PollHandle handle, Reply.Poll reply) {
        reply.error(Errno.ENOSYS);
    }

    /**
     * Maps block {@code index} of a file (in units of {@code blockSize}) to a block of the device, for
     * {@code FIBMAP}. Only asked on mounts of a block device ({@code blkdev} mount option, type {@code fuseblk}).
     * Valid replies: {@link Reply.Bmap#block}, {@code error}. ENOSYS: FIBMAP fails, from then on without asking.
     */
    default void bmap(RequestContext ctx, long inode, int blockSize, long index, Reply.Bmap reply) {
        reply.error(Errno.ENOSYS);
    }
}
