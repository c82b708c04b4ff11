package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.linux.libfuse.FuseBuf;
import fuse.linux.libfuse.FuseInHeader;
import fuse.runtime.jna.natives.LibFuse;

/**
 * A {@link FuseSession} of a driver without a kernel mount: requests are built in native memory the way the kernel
 * writes them to {@code /dev/fuse} and handed to libfuse's {@code fuse_session_process_buf} on the caller's thread,
 * so libfuse decodes them, the runtime dispatches them to the driver and encodes the answer, and libfuse writes the
 * reply to {@code /dev/null}. What is left out is exactly the kernel: the system calls on /dev/fuse, the wake-ups
 * and the client.
 */
final class UnmountedSession implements AutoCloseable {
    // fuse_kernel.h opcodes
    static final int LOOKUP = 1;
    static final int GETATTR = 3;
    static final int OPEN = 14;
    static final int READ = 15;
    static final int WRITE = 16;
    static final int RELEASE = 18;
    static final int INIT = 26;
    static final int OPENDIR = 27;
    static final int READDIR = 28;
    static final int READDIRPLUS = 44;
    /** struct fuse_in_header */
    static final int IN_HEADER = FuseInHeader.SIZEOF;
    // fuse_init_in flags offered, as a current kernel does
    private static final int INIT_FLAGS = 1 /* ASYNC_READ */ | (1 << 5) /* BIG_WRITES */ | (1 << 6) /* DONT_MASK */
            | (1 << 13) /* DO_READDIRPLUS */ | (1 << 14) /* READDIRPLUS_AUTO */ | (1 << 18) /* PARALLEL_DIROPS */
            | (1 << 22) /* MAX_PAGES */;

    private static final class Libc {
        static {
            Native.register(Libc.class, NativeLibrary.getInstance("c"));
        }

        static native int open(String path, int flags);
    }

    final FuseSession session;
    private final Pointer se;
    private long unique = 1;

    UnmountedSession(Operations ops) throws IOException {
        MountConfig config = MountConfig.from(Map.of(Fuse.MOUNTPOINT, "/nonexistent/osgi-fuse-bench",
                Fuse.DRIVER, "bench"));
        session = new FuseSession(ops, config);
        int fd = Libc.open("/dev/null", 1 /* O_WRONLY */ | 02000000 /* O_CLOEXEC */);
        if (fd < 0) {
            throw new IOException("cannot open /dev/null");
        }
        se = session.startUnmounted(fd);
        Request init = new Request(INIT, 0, 64);
        init.args().setInt(0, 7); // major
        init.args().setInt(4, 31); // minor
        init.args().setInt(8, 128 * 1024); // max_readahead
        init.args().setInt(12, INIT_FLAGS);
        process(init);
    }

    /** One request in native memory, with the {@code struct fuse_buf} that hands it to libfuse. */
    final class Request {
        final Memory mem;
        final Memory buf = new Memory(FuseBuf.SIZEOF);

        Request(int opcode, long nodeid, int argBytes) {
            int len = IN_HEADER + argBytes;
            mem = new Memory(len);
            mem.clear();
            mem.setInt(0, len);
            mem.setInt(4, opcode);
            mem.setLong(8, unique++);
            mem.setLong(16, nodeid);
            mem.setInt(24, 0); // uid
            mem.setInt(28, 0); // gid
            mem.setInt(FuseInHeader.PID, 4242);
            buf.clear();
            buf.setLong(FuseBuf.SIZE, len);
            buf.setPointer(FuseBuf.MEM, mem);
            buf.setInt(FuseBuf.FD, -1);
        }

        Pointer args() {
            return mem.share(IN_HEADER);
        }
    }

    /** A request whose argument is a NUL-terminated name (lookup). */
    Request named(int opcode, long parent, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        Request r = new Request(opcode, parent, b.length + 1);
        r.args().write(0, b, 0, b.length);
        return r;
    }

    /** GETATTR without a file handle. */
    Request getattr(long inode) {
        return new Request(GETATTR, inode, 16);
    }

    /** READ, READDIR or READDIRPLUS ({@code struct fuse_read_in}). */
    Request read(int opcode, long inode, long fh, long offset, int size) {
        Request r = new Request(opcode, inode, 40);
        r.args().setLong(0, fh);
        r.args().setLong(8, offset);
        r.args().setInt(16, size);
        r.args().setInt(32, Fuse.O_RDWR);
        return r;
    }

    /** WRITE of {@code size} bytes ({@code struct fuse_write_in} followed by the data). */
    Request write(long inode, long fh, long offset, int size) {
        Request r = new Request(WRITE, inode, 40 + size);
        r.args().setLong(0, fh);
        r.args().setLong(8, offset);
        r.args().setInt(16, size);
        r.args().setInt(32, Fuse.O_RDWR);
        for (int i = 0; i < size; i += 8) {
            r.args().setLong(40 + i, 0x0123456789abcdefL ^ i);
        }
        return r;
    }

    /** Lets libfuse decode and dispatch one request on this thread; the reply goes to /dev/null. */
    void process(Request r) {
        LibFuse.fuse_session_process_buf(se, r.buf);
    }

    @Override
    public void close() {
        session.close();
    }
}
