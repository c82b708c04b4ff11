package fuse.runtime.jna.natives;

import java.util.List;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Structure;

/**
 * {@code struct fuse_lowlevel_ops} of libfuse 3.14 (44 function pointers, 352 bytes). A field left null is not
 * registered, so libfuse's own default applies. The fields only name the callbacks: {@link #table()} lays them out
 * as JNA direct callbacks in native memory, which {@code fuse_session_new} copies (the Structure itself is never
 * written, so no callback takes JNA's reflective proxy path). The callback objects must stay reachable for the life
 * of the session (JNA frees a trampoline with its object).
 *
 * <p>The request, {@code fuse_file_info} and name arguments are declared {@code long} (their address; the same
 * register on every 64-bit ABI): for a {@code Pointer} argument JNA's trampoline makes a {@code Pointer} object
 * through JNI's {@code NewObject} on every call. The callbacks read them through {@link NativeView}.
 */
@FieldOrder({ "init", "destroy", "lookup", "forget", "getattr", "setattr", "readlink", "mknod", "mkdir", "unlink",
        "rmdir", "symlink", "rename", "link", "open", "read", "write", "flush", "release", "fsync", "opendir",
        "readdir", "releasedir", "fsyncdir", "statfs", "setxattr", "getxattr", "listxattr", "removexattr", "access",
        "create", "getlk", "setlk", "bmap", "ioctl", "poll", "write_buf", "retrieve_reply", "forget_multi", "flock",
        "fallocate", "readdirplus", "copy_file_range", "lseek" })
public final class LowlevelOps extends Structure {

    public InitCb init;
    public DestroyCb destroy;
    public NameCb lookup;
    public ForgetCb forget;
    public InoFiCb getattr;
    public SetattrCb setattr;
    public InoCb readlink;
    public MknodCb mknod;
    public MkdirCb mkdir;
    public NameCb unlink;
    public NameCb rmdir;
    public SymlinkCb symlink;
    public RenameCb rename;
    public LinkCb link;
    public InoFiCb open;
    public ReadCb read;
    public WriteCb write;
    public InoFiCb flush;
    public InoFiCb release;
    public FsyncCb fsync;
    public InoFiCb opendir;
    public ReadCb readdir;
    public InoFiCb releasedir;
    public FsyncCb fsyncdir;
    public InoCb statfs;
    public SetxattrCb setxattr;
    public GetxattrCb getxattr;
    public ListxattrCb listxattr;
    public InoNameCb removexattr;
    public AccessCb access;
    public CreateCb create;
    public GetlkCb getlk;
    public SetlkCb setlk;
    public BmapCb bmap;
    public IoctlCb ioctl;
    public PollCb poll;
    public WriteBufCb write_buf;
    public RetrieveReplyCb retrieve_reply;
    public ForgetMultiCb forget_multi;
    public FlockCb flock;
    public FallocateCb fallocate;
    public ReadCb readdirplus;
    public CopyFileRangeCb copy_file_range;
    public LseekCb lseek;

    /**
     * The struct in native memory, each callback as a JNA direct callback ({@link DirectCallbacks}). Reflection here
     * runs once per session, never per request.
     */
    public Memory table() {
        List<String> fields = getFieldOrder();
        Memory m = new Memory((long) fields.size() * Native.POINTER_SIZE);
        m.clear();
        for (int i = 0; i < fields.size(); i++) {
            Object value;
            try {
                value = LowlevelOps.class.getField(fields.get(i)).get(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("fuse_lowlevel_ops field " + fields.get(i), e);
            }
            if (value instanceof Callback cb) {
                m.setPointer((long) i * Native.POINTER_SIZE, DirectCallbacks.pointer(cb));
            } else if (value instanceof Pointer p) {
                m.setPointer((long) i * Native.POINTER_SIZE, p);
            }
        }
        return m;
    }

    /** init(void *userdata, struct fuse_conn_info *conn). */
    public interface InitCb extends Callback {
        void invoke(Pointer userdata, Pointer conn);
    }

    /** destroy(void *userdata). */
    public interface DestroyCb extends Callback {
        void invoke(Pointer userdata);
    }

    /** lookup / unlink / rmdir (req, parent, name). */
    public interface NameCb extends Callback {
        void invoke(long req, long parent, long name);
    }

    /** removexattr (req, ino, name). */
    public interface InoNameCb extends Callback {
        void invoke(long req, long ino, long name);
    }

    /** forget (req, ino, nlookup). */
    public interface ForgetCb extends Callback {
        void invoke(long req, long ino, long nlookup);
    }

    /** getattr / open / flush / release / opendir / releasedir (req, ino, fi). */
    public interface InoFiCb extends Callback {
        void invoke(long req, long ino, long fi);
    }

    /** readlink / statfs (req, ino). */
    public interface InoCb extends Callback {
        void invoke(long req, long ino);
    }

    /** setattr (req, ino, attr, to_set, fi). */
    public interface SetattrCb extends Callback {
        void invoke(long req, long ino, Pointer attr, int toSet, long fi);
    }

    /** mknod (req, parent, name, mode, rdev). */
    public interface MknodCb extends Callback {
        void invoke(long req, long parent, long name, int mode, long rdev);
    }

    /** mkdir (req, parent, name, mode). */
    public interface MkdirCb extends Callback {
        void invoke(long req, long parent, long name, int mode);
    }

    /** symlink (req, link, parent, name). */
    public interface SymlinkCb extends Callback {
        void invoke(long req, long link, long parent, long name);
    }

    /** rename (req, parent, name, newparent, newname, flags). */
    public interface RenameCb extends Callback {
        void invoke(long req, long parent, long name, long newParent, long newName, int flags);
    }

    /** link (req, ino, newparent, newname). */
    public interface LinkCb extends Callback {
        void invoke(long req, long ino, long newParent, long newName);
    }

    /** read / readdir / readdirplus (req, ino, size, off, fi). */
    public interface ReadCb extends Callback {
        void invoke(long req, long ino, long size, long off, long fi);
    }

    /** write (req, ino, buf, size, off, fi). */
    public interface WriteCb extends Callback {
        void invoke(long req, long ino, Pointer buf, long size, long off, long fi);
    }

    /** write_buf (req, ino, bufv, off, fi). */
    public interface WriteBufCb extends Callback {
        void invoke(long req, long ino, Pointer bufv, long off, long fi);
    }

    /** fsync / fsyncdir (req, ino, datasync, fi). */
    public interface FsyncCb extends Callback {
        void invoke(long req, long ino, int datasync, long fi);
    }

    /** setxattr (req, ino, name, value, size, flags). */
    public interface SetxattrCb extends Callback {
        void invoke(long req, long ino, long name, Pointer value, long size, int flags);
    }

    /** getxattr (req, ino, name, size). */
    public interface GetxattrCb extends Callback {
        void invoke(long req, long ino, long name, long size);
    }

    /** listxattr (req, ino, size). */
    public interface ListxattrCb extends Callback {
        void invoke(long req, long ino, long size);
    }

    /** access (req, ino, mask). */
    public interface AccessCb extends Callback {
        void invoke(long req, long ino, int mask);
    }

    /** create (req, parent, name, mode, fi). */
    public interface CreateCb extends Callback {
        void invoke(long req, long parent, long name, int mode, long fi);
    }

    /** getlk (req, ino, fi, lock). */
    public interface GetlkCb extends Callback {
        void invoke(long req, long ino, long fi, Pointer lock);
    }

    /** setlk (req, ino, fi, lock, sleep). */
    public interface SetlkCb extends Callback {
        void invoke(long req, long ino, long fi, Pointer lock, int sleep);
    }

    /** retrieve_reply (req, cookie, ino, offset, bufv). */
    public interface RetrieveReplyCb extends Callback {
        void invoke(long req, Pointer cookie, long ino, long offset, Pointer bufv);
    }

    /** forget_multi (req, count, forgets). */
    public interface ForgetMultiCb extends Callback {
        void invoke(long req, long count, Pointer forgets);
    }

    /** flock (req, ino, fi, op). */
    public interface FlockCb extends Callback {
        void invoke(long req, long ino, long fi, int op);
    }

    /** fallocate (req, ino, mode, offset, length, fi). */
    public interface FallocateCb extends Callback {
        void invoke(long req, long ino, int mode, long offset, long length, long fi);
    }

    /** copy_file_range (req, ino_in, off_in, fi_in, ino_out, off_out, fi_out, len, flags). */
    public interface CopyFileRangeCb extends Callback {
        void invoke(long req, long inoIn, long offIn, long fiIn, long inoOut, long offOut, long fiOut,
                long len, int flags);
    }

    /** lseek (req, ino, off, whence, fi). */
    public interface LseekCb extends Callback {
        void invoke(long req, long ino, long off, int whence, long fi);
    }

    /** bmap (req, ino, blocksize, idx). */
    public interface BmapCb extends Callback {
        void invoke(long req, long ino, long blocksize, long idx);
    }

    /**
     * ioctl (req, ino, cmd, arg, fi, flags, in_buf, in_bufsz, out_bufsz); cmd is unsigned int (FUSE_USE_VERSION
     * 35+).
     */
    public interface IoctlCb extends Callback {
        void invoke(long req, long ino, int cmd, Pointer arg, long fi, int flags, Pointer inBuf, long inBufSize,
                long outBufSize);
    }

    /** poll (req, ino, fi, ph). */
    public interface PollCb extends Callback {
        void invoke(long req, long ino, long fi, Pointer ph);
    }

    /** The interrupt callback of {@code fuse_req_interrupt_func} (req, data). */
    public interface InterruptCb extends Callback {
        void invoke(long req, Pointer data);
    }
}
