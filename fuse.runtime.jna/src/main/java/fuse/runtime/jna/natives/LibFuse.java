package fuse.runtime.jna.natives;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped bindings to the installed libfuse3 (the 3.x ABI, checked against 3.14 by {@link #checkVersion()}).
 * Only this class knows libfuse's symbols; the struct layouts are in {@code fuse.linux.libfuse}.
 */
public final class LibFuse {
    /** Lowest libfuse version whose structs this runtime mirrors ({@code fuse_version()} = major*100+minor). */
    public static final int MIN_VERSION = 312;
    /** Highest tested minor series; newer 3.x keep the structs this runtime uses binary compatible. */
    public static final int MAX_VERSION = 399;

    private static volatile Throwable loadFailure;
    private static volatile boolean loaded;

    private LibFuse() {
    }

    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (loadFailure != null) {
            throw new IllegalStateException("libfuse3 is not usable: " + loadFailure.getMessage(), loadFailure);
        }
        try {
            NativeLibrary lib;
            try {
                lib = NativeLibrary.getInstance("fuse3");
            } catch (UnsatisfiedLinkError e) {
                // Only the runtime package (libfuse3-3) may be installed, without the libfuse3.so dev symlink.
                lib = NativeLibrary.getInstance("libfuse3.so.3");
            }
            Native.register(LibFuse.class, lib);
            loaded = true;
            checkVersion();
        } catch (UnsatisfiedLinkError | IllegalStateException e) {
            loaded = false;
            loadFailure = e;
            throw new IllegalStateException("libfuse3 is not usable (install Debian's fuse3 and libfuse3-3): "
                    + e.getMessage(), e);
        }
    }

    public static void checkVersion() {
        int v = fuse_version();
        if (v < MIN_VERSION || v > MAX_VERSION) {
            throw new IllegalStateException("unsupported libfuse version " + fuse_pkgversion() + " (fuse_version() = "
                    + v + "); osgi-fuse supports libfuse 3.12 to 3.x");
        }
    }

    // ----- library ---------------------------------------------------------------------------------------------
    public static native int fuse_version();

    public static native String fuse_pkgversion();

    // ----- session -----------------------------------------------------------------------------------------
    public static native Pointer fuse_session_new(Pointer args, Pointer ops, long opSize, Pointer userdata);

    public static native int fuse_session_mount(Pointer se, String mountpoint);

    public static native void fuse_session_unmount(Pointer se);

    public static native void fuse_session_destroy(Pointer se);

    public static native void fuse_session_exit(Pointer se);

    public static native int fuse_session_exited(Pointer se);

    public static native int fuse_session_fd(Pointer se);

    /** {@code fuse_session_custom_io}: {@code io} a {@code struct fuse_custom_io}, which libfuse copies. */
    public static native int fuse_session_custom_io(Pointer se, Pointer io, int fd);

    public static native int fuse_session_receive_buf(Pointer se, Pointer buf);

    public static native void fuse_session_process_buf(Pointer se, Pointer buf);

    // ----- requests ----------------------------------------------------------------------------------------
    // A request (fuse_req_t, an opaque pointer) is passed as its address: a long costs JNA no Pointer object, neither
    // as a callback's argument nor here.
    public static native Pointer fuse_req_ctx(long req);

    public static native int fuse_req_getgroups(long req, int size, int[] list);

    public static native int fuse_req_interrupted(long req);

    // ----- replies ----------------------------------------------------------------------------------------
    public static native int fuse_reply_err(long req, int err);

    public static native void fuse_reply_none(long req);

    public static native int fuse_reply_entry(long req, Pointer entryParam);

    public static native int fuse_reply_create(long req, Pointer entryParam, Pointer fi);

    public static native int fuse_reply_attr(long req, Pointer stat, double attrTimeout);

    public static native int fuse_reply_readlink(long req, byte[] link);

    public static native int fuse_reply_open(long req, Pointer fi);

    public static native int fuse_reply_write(long req, long count);

    public static native int fuse_reply_buf(long req, Pointer buf, long size);

    public static native int fuse_reply_buf(long req, byte[] buf, long size);

    /** {@code fuse_reply_buf} with the buffer's address as a number (a pooled buffer: no Pointer per reply). */
    public static native int fuse_reply_buf(long req, long buf, long size);

    /** {@code fuse_reply_data}: the answer is a {@code struct fuse_bufvec} at address {@code bufv}. */
    public static native int fuse_reply_data(long req, long bufv, int flags);

    public static native int fuse_reply_statfs(long req, Pointer statvfs);

    public static native int fuse_reply_xattr(long req, long count);

    public static native int fuse_reply_lock(long req, Pointer flock);

    public static native int fuse_reply_lseek(long req, long off);

    public static native int fuse_reply_ioctl(long req, int result, byte[] buf, long size);

    public static native int fuse_reply_poll(long req, int revents);

    public static native int fuse_reply_bmap(long req, long idx);

    /** Registers (or, with a null callback, removes) the interrupt callback of a request; called at once if due. */
    public static native void fuse_req_interrupt_func(long req, LowlevelOps.InterruptCb func, Pointer data);

    public static native long fuse_add_direntry(long req, Pointer buf, long bufsize, byte[] name, Pointer stat,
            long off);

    public static native long fuse_add_direntry_plus(long req, Pointer buf, long bufsize, byte[] name, Pointer entry,
            long off);

    // ----- notifications ----------------------------------------------------------------------------------------
    public static native int fuse_lowlevel_notify_inval_inode(Pointer se, long ino, long off, long len);

    public static native int fuse_lowlevel_notify_inval_entry(Pointer se, long parent, byte[] name, long namelen);

    public static native int fuse_lowlevel_notify_delete(Pointer se, long parent, long child, byte[] name,
            long namelen);

    public static native int fuse_lowlevel_notify_store(Pointer se, long ino, long offset, Pointer bufv, int flags);

    public static native int fuse_lowlevel_notify_retrieve(Pointer se, long ino, long size, long offset,
            Pointer cookie);

    /** {@code fuse_lowlevel_notify_expire_entry} (libfuse 3.12+; flags 1: FUSE_LL_EXPIRE_ONLY). */
    public static native int fuse_lowlevel_notify_expire_entry(Pointer se, long parent, byte[] name, long namelen,
            int flags);

    public static native int fuse_lowlevel_notify_poll(Pointer ph);

    public static native void fuse_pollhandle_destroy(Pointer ph);
}
