package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import fuse.linux.libfuse.FuseArgs;
import fuse.linux.libfuse.FuseLowlevelOps;
import fuse.runtime.jna.natives.LibFuse;
import fuse.runtime.jna.natives.LowlevelOps;

/**
 * One libfuse session ({@code struct fuse_session *}) and the native memory it points into: the operations table
 * and the callbacks behind it (JNA frees a callback's trampoline with its Java object, so they live as long as this
 * handle), and the argument vector. The pointer never changes and is never cleared: threads that outlive an unmount
 * (a reader leaving its loop, the monitor) may still hold it, and {@link FuseSession} destroys the session only once
 * they are gone.
 */
final class SessionHandle {
    /** The {@code struct fuse_session *}; valid until {@link #destroy()}. */
    final Pointer se;
    /** Kept reachable for the whole session: libfuse calls into them. */
    @SuppressWarnings("unused")
    private final Object[] keepAlive;
    private volatile int fd = -1;
    /** The custom I/O that can extend INIT's answer; set by {@link #mount}. */
    private volatile InitReplyIo initReply;
    private boolean destroyed;

    private SessionHandle(Pointer se, Object... keepAlive) {
        this.se = se;
        this.keepAlive = keepAlive;
    }

    /**
     * Creates the libfuse session (not mounted yet) with {@code callbacks} and the mount options of {@code config}.
     *
     * @throws IOException when libfuse rejects the options or the table's layout does not match
     */
    static SessionHandle create(LowlevelOps callbacks, MountConfig config) throws IOException {
        if (callbacks.size() != FuseLowlevelOps.SIZEOF) {
            throw new IOException("fuse_lowlevel_ops layout mismatch: " + callbacks.size() + " bytes");
        }
        Memory table = callbacks.table();
        String[] argv = { "osgi-fuse", "-o", config.optionString() };
        Memory args = arguments(argv);
        Pointer se = LibFuse.fuse_session_new(args, table, callbacks.size(), null);
        if (se == null) {
            throw new IOException("cannot create a FUSE session for " + config.mountpoint()
                    + ": libfuse rejected the options '" + config.optionString() + "' (see its message on stderr)");
        }
        return new SessionHandle(se, callbacks, table, args);
    }

    /** {@code struct fuse_args { int argc; char **argv; int allocated; }} and the strings it points to. */
    private static Memory arguments(String[] argv) {
        List<Memory> strings = new ArrayList<>();
        Memory array = new Memory((long) (argv.length + 1) * Native.POINTER_SIZE);
        for (int i = 0; i < argv.length; i++) {
            byte[] b = argv[i].getBytes(StandardCharsets.UTF_8);
            Memory s = new Memory(b.length + 1);
            s.write(0, b, 0, b.length);
            s.setByte(b.length, (byte) 0);
            strings.add(s);
            array.setPointer((long) i * Native.POINTER_SIZE, s);
        }
        array.setPointer((long) argv.length * Native.POINTER_SIZE, null);
        ArgsMemory args = new ArgsMemory(array, strings);
        args.setInt(FuseArgs.ARGC, argv.length);
        args.setPointer(FuseArgs.ARGV, array);
        args.setInt(FuseArgs.ALLOCATED, 0);
        return args;
    }

    /** fuse_args plus the memory it points to, kept reachable together. */
    private static final class ArgsMemory extends Memory {
        @SuppressWarnings("unused")
        private final Object[] refs;

        ArgsMemory(Memory array, List<Memory> strings) {
            super(FuseArgs.SIZEOF);
            this.refs = new Object[] { array, strings };
        }
    }

    /**
     * Mounts on {@code mountpoint} ({@code fuse_session_mount}: as root mount(2) itself; {@code /dev/fd/N} adopts
     * an open descriptor). On failure the session is destroyed.
     *
     * @return whether libfuse mounted
     */
    boolean mount(String mountpoint) {
        if (LibFuse.fuse_session_mount(se, mountpoint) != 0) {
            destroy();
            return false;
        }
        fd = LibFuse.fuse_session_fd(se);
        initReply = InitReplyIo.install(se, fd);
        return true;
    }

    /** What may be added to INIT's answer (null before {@link #mount}). */
    InitReplyIo initReply() {
        return initReply;
    }

    /** The {@code /dev/fuse} descriptor of the mounted session (-1 before {@link #mount}). */
    int fd() {
        return fd;
    }

    /** {@code fuse_session_exit}: the session loop ends (a reader blocked in read is not woken by it). */
    void exit() {
        LibFuse.fuse_session_exit(se);
    }

    /** {@code fuse_session_destroy}, once; only when no thread can call into the session any more. */
    synchronized void destroy() {
        if (!destroyed) {
            destroyed = true;
            LibFuse.fuse_session_destroy(se);
        }
    }
}
