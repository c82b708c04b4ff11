package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.FileLock;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.SetattrFields;
import fuse.linux.CStrings;
import fuse.linux.Flock;
import fuse.linux.Stat;
import fuse.linux.libfuse.FuseFileInfo;
import fuse.linux.libfuse.FuseForgetData;
import fuse.runtime.jna.natives.LibFuse;
import fuse.runtime.jna.natives.LowlevelOps;
import fuse.runtime.jna.natives.NativeView;

/**
 * The opcode table: libfuse's {@code struct fuse_lowlevel_ops} filled with one callback per operation the driver
 * implements ({@link Op#implementedBy}). Each callback decodes libfuse's arguments (names as bytes, the
 * {@code fuse_file_info} fields the operation needs), makes the request with its reply kind ({@link Replies}) and
 * hands both to the {@link Dispatcher}. Operations the driver does not implement stay NULL, so libfuse's and the
 * kernel's defaults apply.
 *
 * <p>Pointer arguments arrive as addresses and are read through this thread's {@link NativeView}: no
 * {@code Pointer} object per call. Everything a request keeps is copied before the callback returns.
 */
final class OpTable {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");

    private final FuseSession session;
    private final Dispatcher dispatcher;
    private final DriverSlot slot;
    private final InitNegotiation init;
    private final Notifier notifier;

    OpTable(FuseSession session, Dispatcher dispatcher, DriverSlot slot, InitNegotiation init, Notifier notifier) {
        this.session = session;
        this.dispatcher = dispatcher;
        this.slot = slot;
        this.init = init;
        this.notifier = notifier;
    }

    // ----- argument decoding ----------------------------------------------------------------------------------------

    private static byte[] name(long address) {
        return CStrings.read(NativeView.at(address));
    }

    /** libfuse passes NULL only to getattr and setattr ({@link #optFh}); reading at 0 would kill the JVM. */
    private static Pointer fi(long fi) {
        if (fi == 0) {
            throw new IllegalStateException("libfuse passed no fuse_file_info");
        }
        return NativeView.at(fi);
    }

    private static long fh(long fi) {
        return fi(fi).getLong(FuseFileInfo.FH);
    }

    private static int flags(long fi) {
        return fi(fi).getInt(FuseFileInfo.FLAGS);
    }

    private static long lockOwner(long fi) {
        return fi(fi).getLong(FuseFileInfo.LOCK_OWNER);
    }

    private static OptionalLong optFh(long fi) {
        return fi == 0 ? OptionalLong.empty() : OptionalLong.of(fh(fi));
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ----- the table ------------------------------------------------------------------------------------------------

    /** The callbacks for the driver's operations (the struct is laid out natively by {@link LowlevelOps#table()}). */
    LowlevelOps build() {
        Set<Op> has = slot.implemented();
        LowlevelOps o = new LowlevelOps();
        o.init = (userdata, conn) -> init.negotiate(conn, slot.peek());
        o.destroy = userdata -> {
            Operations d = slot.peek();
            if (d != null) {
                try {
                    d.destroy();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "driver " + session.config().driver() + " failed in destroy()", t);
                }
            }
        };
        o.retrieve_reply = (req, cookie, ino, offset, bufv) -> {
            try {
                notifier.retrieved(Pointer.nativeValue(cookie), bufv);
            } finally {
                LibFuse.fuse_reply_none(req);
            }
        };
        if (has.contains(Op.FORGET)) {
            o.forget = (req, ino, nlookup) -> {
                LibFuse.fuse_reply_none(req);
                dispatcher.forget(List.of(new Forget(ino, nlookup)));
            };
            o.forget_multi = (req, count, forgets) -> {
                List<Forget> list = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    long off = i * FuseForgetData.SIZEOF;
                    list.add(new Forget(forgets.getLong(off + FuseForgetData.INO),
                            forgets.getLong(off + FuseForgetData.NLOOKUP)));
                }
                LibFuse.fuse_reply_none(req);
                dispatcher.forget(list);
            };
        }
        if (has.contains(Op.IOCTL)) {
            o.ioctl = (req, ino, cmd, arg, fi, flags, inBuf, inSize, outSize) -> {
                long fh = fh(fi);
                byte[] in = inSize == 0 ? new byte[0] : inBuf.getByteArray(0, (int) inSize);
                int out = (int) Math.min(outSize, Integer.MAX_VALUE);
                dispatcher.dispatch(new Replies.Ioctl(session, req, ino, out),
                        (d, r) -> d.ioctl(r, ino, fh, cmd, flags, in, out, r));
            };
        }
        if (has.contains(Op.POLL)) {
            o.poll = (req, ino, fi, ph) -> {
                long fh = fh(fi);
                int events = fi(fi).getInt(FuseFileInfo.POLL_EVENTS);
                NativePollHandle handle = ph == null ? null : new NativePollHandle(session, ph);
                dispatcher.dispatch(new Replies.Poll(session, req, ino),
                        (d, r) -> d.poll(r, ino, fh, events, handle, r));
            };
        }
        if (has.contains(Op.BMAP)) {
            o.bmap = (req, ino, blockSize, index) -> dispatcher.dispatch(new Replies.Bmap(session, req, ino),
                    (d, r) -> d.bmap(r, ino, (int) blockSize, index, r));
        }
        names(o, has);
        attributes(o, has);
        files(o, has);
        directories(o, has);
        xattrs(o, has);
        locks(o, has);
        return o;
    }

    /** lookup, mknod, mkdir, unlink, rmdir, symlink, rename, link. */
    private void names(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.LOOKUP)) {
            o.lookup = (req, parent, name) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Entry(session, req, Op.LOOKUP, parent),
                        (d, r) -> d.lookup(r, parent, n, r));
            };
        }
        if (has.contains(Op.MKNOD)) {
            o.mknod = (req, parent, name, mode, rdev) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Entry(session, req, Op.MKNOD, parent),
                        (d, r) -> d.mknod(r, parent, n, mode, rdev, r));
            };
        }
        if (has.contains(Op.MKDIR)) {
            o.mkdir = (req, parent, name, mode) -> {
                byte[] n = name(name);
                int m = mode | Fuse.S_IFDIR;
                dispatcher.dispatch(new Replies.Entry(session, req, Op.MKDIR, parent),
                        (d, r) -> d.mkdir(r, parent, n, m, r));
            };
        }
        if (has.contains(Op.UNLINK)) {
            o.unlink = (req, parent, name) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.UNLINK, parent),
                        (d, r) -> d.unlink(r, parent, n, r));
            };
        }
        if (has.contains(Op.RMDIR)) {
            o.rmdir = (req, parent, name) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.RMDIR, parent),
                        (d, r) -> d.rmdir(r, parent, n, r));
            };
        }
        if (has.contains(Op.SYMLINK)) {
            o.symlink = (req, link, parent, name) -> {
                byte[] target = name(link);
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Entry(session, req, Op.SYMLINK, parent),
                        (d, r) -> d.symlink(r, parent, n, target, r));
            };
        }
        if (has.contains(Op.RENAME)) {
            o.rename = (req, parent, name, newParent, newName, flags) -> {
                byte[] n = name(name);
                byte[] nn = name(newName);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.RENAME, parent),
                        (d, r) -> d.rename(r, parent, n, newParent, nn, flags, r));
            };
        }
        if (has.contains(Op.LINK)) {
            o.link = (req, ino, newParent, newName) -> {
                byte[] nn = name(newName);
                dispatcher.dispatch(new Replies.Entry(session, req, Op.LINK, ino),
                        (d, r) -> d.link(r, ino, newParent, nn, r));
            };
        }
    }

    /** getattr, setattr, readlink, access, statfs. */
    private void attributes(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.GETATTR)) {
            o.getattr = (req, ino, fi) -> {
                OptionalLong fh = optFh(fi);
                dispatcher.dispatch(new Replies.Attr(session, req, Op.GETATTR, ino),
                        (d, r) -> d.getattr(r, ino, fh, r));
            };
        }
        if (has.contains(Op.SETATTR)) {
            o.setattr = (req, ino, attr, toSet, fi) -> {
                EntryAttributes a = Stat.read(attr, new EntryAttributes());
                long now = -1;
                if ((toSet & SetattrFields.ATIME_NOW) != 0) {
                    now = nowNanos();
                    a.atimeNs(now);
                }
                if ((toSet & SetattrFields.MTIME_NOW) != 0) {
                    a.mtimeNs(now >= 0 ? now : nowNanos());
                }
                SetattrFields fields = new SetattrFields(toSet);
                OptionalLong fh = optFh(fi);
                dispatcher.dispatch(new Replies.Attr(session, req, Op.SETATTR, ino),
                        (d, r) -> d.setattr(r, ino, a, fields, fh, r));
            };
        }
        if (has.contains(Op.READLINK)) {
            o.readlink = (req, ino) -> dispatcher.dispatch(new Replies.Readlink(session, req, ino),
                    (d, r) -> d.readlink(r, ino, r));
        }
        if (has.contains(Op.ACCESS)) {
            o.access = (req, ino, mask) -> dispatcher.dispatch(new Replies.Empty(session, req, Op.ACCESS, ino),
                    (d, r) -> d.access(r, ino, mask, r));
        }
        if (has.contains(Op.STATFS)) {
            o.statfs = (req, ino) -> dispatcher.dispatch(new Replies.Statfs(session, req, ino),
                    (d, r) -> d.statfs(r, ino, r));
        }
    }

    /** open, create, read, write, flush, release, fsync, fallocate, copy_file_range, lseek. */
    private void files(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.OPEN)) {
            o.open = (req, ino, fi) -> {
                int flags = flags(fi);
                dispatcher.dispatch(new Replies.Open(session, req, Op.OPEN, ino, flags),
                        (d, r) -> d.open(r, ino, flags, r));
            };
        }
        if (has.contains(Op.CREATE)) {
            o.create = (req, parent, name, mode, fi) -> {
                byte[] n = name(name);
                int flags = flags(fi);
                dispatcher.dispatch(new Replies.Create(session, req, parent, flags),
                        (d, r) -> d.create(r, parent, n, mode, flags, r));
            };
        }
        if (has.contains(Op.READ)) {
            o.read = (req, ino, size, off, fi) -> {
                long fh = fh(fi);
                int n = (int) Math.min(size, Integer.MAX_VALUE);
                dispatcher.dispatch(new Replies.Data(session, req, ino), (d, r) -> d.read(r, ino, fh, off, n, r));
            };
        }
        if (has.contains(Op.WRITE)) {
            o.write = (req, ino, buf, size, off, fi) -> {
                long fh = fh(fi);
                int flags = flags(fi);
                ByteBuffer data = size == 0 ? ByteBuffer.allocate(0) : buf.getByteBuffer(0, size);
                dispatcher.dispatch(new Replies.Write(session, req, Op.WRITE, ino),
                        (d, r) -> d.write(r, ino, fh, off, data, flags, r));
            };
        }
        if (has.contains(Op.WRITE_BUF)) {
            // libfuse then sends every WRITE here, read or spliced (write is left unused)
            o.write_buf = (req, ino, bufv, off, fi) -> {
                long fh = fh(fi);
                int flags = flags(fi);
                BufvecData data = new BufvecData(bufv);
                ReaderPool.RequestBuffer.writeArrived(data);
                dispatcher.dispatch(new Replies.Write(session, req, Op.WRITE, ino),
                        (d, r) -> d.writeBuf(r, ino, fh, off, data, flags, r));
            };
        }
        if (has.contains(Op.FLUSH)) {
            o.flush = (req, ino, fi) -> {
                long fh = fh(fi);
                long owner = lockOwner(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.FLUSH, ino),
                        (d, r) -> d.flush(r, ino, fh, owner, r));
            };
        }
        if (has.contains(Op.RELEASE)) {
            o.release = (req, ino, fi) -> {
                long fh = fh(fi);
                int flags = flags(fi);
                long owner = lockOwner(fi);
                boolean flockRelease = (fi(fi).getInt(FuseFileInfo.BITS) & FuseFileInfo.BIT_FLOCK_RELEASE) != 0;
                dispatcher.dispatch(new Replies.Empty(session, req, Op.RELEASE, ino),
                        (d, r) -> d.release(r, ino, fh, flags, owner, flockRelease, r));
            };
        }
        if (has.contains(Op.FSYNC)) {
            o.fsync = (req, ino, datasync, fi) -> {
                long fh = fh(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.FSYNC, ino),
                        (d, r) -> d.fsync(r, ino, fh, datasync != 0, r));
            };
        }
        if (has.contains(Op.FALLOCATE)) {
            o.fallocate = (req, ino, mode, offset, length, fi) -> {
                long fh = fh(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.FALLOCATE, ino),
                        (d, r) -> d.fallocate(r, ino, fh, mode, offset, length, r));
            };
        }
        if (has.contains(Op.COPY_FILE_RANGE)) {
            o.copy_file_range = (req, inoIn, offIn, fiIn, inoOut, offOut, fiOut, len, flags) -> {
                long fhIn = fh(fiIn);
                long fhOut = fh(fiOut);
                dispatcher.dispatch(new Replies.Write(session, req, Op.COPY_FILE_RANGE, inoIn),
                        (d, r) -> d.copyFileRange(r, inoIn, fhIn, offIn, inoOut, fhOut, offOut, len, flags, r));
            };
        }
        if (has.contains(Op.LSEEK)) {
            o.lseek = (req, ino, off, whence, fi) -> {
                long fh = fh(fi);
                dispatcher.dispatch(new Replies.Lseek(session, req, ino),
                        (d, r) -> d.lseek(r, ino, fh, off, whence, r));
            };
        }
    }

    /** opendir, readdir, readdirplus, releasedir, fsyncdir. */
    private void directories(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.OPENDIR)) {
            o.opendir = (req, ino, fi) -> {
                int flags = flags(fi);
                dispatcher.dispatch(new Replies.Open(session, req, Op.OPENDIR, ino, flags),
                        (d, r) -> d.opendir(r, ino, flags, r));
            };
        }
        if (has.contains(Op.READDIR)) {
            o.readdir = (req, ino, size, off, fi) -> readdir(req, ino, size, off, fi, false);
            o.readdirplus = (req, ino, size, off, fi) -> readdir(req, ino, size, off, fi, true);
        }
        if (has.contains(Op.RELEASEDIR)) {
            o.releasedir = (req, ino, fi) -> {
                long fh = fh(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.RELEASEDIR, ino),
                        (d, r) -> d.releasedir(r, ino, fh, r));
            };
        }
        if (has.contains(Op.FSYNCDIR)) {
            o.fsyncdir = (req, ino, datasync, fi) -> {
                long fh = fh(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.FSYNCDIR, ino),
                        (d, r) -> d.fsyncdir(r, ino, fh, datasync != 0, r));
            };
        }
    }

    private void readdir(long req, long ino, long size, long off, long fi, boolean plus) {
        long fh = fh(fi);
        dispatcher.dispatch(new Replies.Directory(session, req, ino, size, plus),
                (d, r) -> d.readdir(r, ino, fh, off, r));
    }

    /** setxattr, getxattr, listxattr, removexattr. */
    private void xattrs(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.SETXATTR)) {
            o.setxattr = (req, ino, name, value, size, flags) -> {
                byte[] n = name(name);
                byte[] v = size == 0 ? new byte[0] : value.getByteArray(0, (int) size);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.SETXATTR, ino),
                        (d, r) -> d.setxattr(r, ino, n, v, flags, r));
            };
        }
        if (has.contains(Op.GETXATTR)) {
            o.getxattr = (req, ino, name, size) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Xattr(session, req, Op.GETXATTR, ino, size),
                        (d, r) -> d.getxattr(r, ino, n, r));
            };
        }
        if (has.contains(Op.LISTXATTR)) {
            o.listxattr = (req, ino, size) -> dispatcher.dispatch(
                    new Replies.Xattr(session, req, Op.LISTXATTR, ino, size), (d, r) -> d.listxattr(r, ino, r));
        }
        if (has.contains(Op.REMOVEXATTR)) {
            o.removexattr = (req, ino, name) -> {
                byte[] n = name(name);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.REMOVEXATTR, ino),
                        (d, r) -> d.removexattr(r, ino, n, r));
            };
        }
    }

    /** getlk and setlk (registered together: the kernel needs both for remote POSIX locks), flock. */
    private void locks(LowlevelOps o, Set<Op> has) {
        if (has.contains(Op.GETLK) || has.contains(Op.SETLK)) {
            o.getlk = (req, ino, fi, lock) -> {
                long fh = fh(fi);
                long owner = lockOwner(fi);
                FileLock l = Flock.read(lock);
                dispatcher.dispatch(new Replies.Lock(session, req, ino),
                        (d, r) -> d.getlk(r, ino, fh, owner, l, r));
            };
            o.setlk = (req, ino, fi, lock, sleep) -> {
                long fh = fh(fi);
                long owner = lockOwner(fi);
                FileLock l = Flock.read(lock);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.SETLK, ino),
                        (d, r) -> d.setlk(r, ino, fh, owner, l, sleep != 0, r));
            };
        }
        if (has.contains(Op.FLOCK)) {
            o.flock = (req, ino, fi, op) -> {
                long fh = fh(fi);
                long owner = lockOwner(fi);
                dispatcher.dispatch(new Replies.Empty(session, req, Op.FLOCK, ino),
                        (d, r) -> d.flock(r, ino, fh, owner, op, r));
            };
        }
    }
}
