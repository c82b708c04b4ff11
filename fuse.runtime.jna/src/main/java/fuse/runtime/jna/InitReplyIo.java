package fuse.runtime.jna;

import java.lang.System.Logger.Level;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import fuse.linux.Iovec;
import fuse.linux.LibC;
import fuse.linux.libfuse.FuseCustomIo;
import fuse.linux.libfuse.FuseInitOut;
import fuse.runtime.jna.natives.LibFuse;

/**
 * Lets the runtime add to INIT's answer what libfuse 3.14 has no capability bit for:
 * {@code FUSE_HANDLE_KILLPRIV_V2} ({@link fuse.api.ConnectionInfo#CAP_HANDLE_KILLPRIV_V2}).
 *
 * <p>After the mount, the session gets libfuse's custom I/O ({@code fuse_session_custom_io}, on the descriptor it
 * already has): {@code read} and {@code splice} are libc's own functions (their extra {@code userdata} argument is
 * ignored by the C calling convention), {@code writev} a Java function. The first answer a session writes is INIT's
 * (the kernel sends nothing else before it); the Java {@code writev} adds the flag to it when the driver asked,
 * then puts libc's {@code writev} in its place, so every later answer is written as without custom I/O. (libfuse
 * copies the structure it is given and does not free the one it replaces: 32 bytes per session stay behind.)
 */
final class InitReplyIo {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    private static final NativeLibrary LIBC = NativeLibrary.getInstance("c");

    /** libfuse's {@code writev} of the custom I/O. */
    interface Writev extends Callback {
        long invoke(int fd, Pointer iov, int count, Pointer userdata);
    }

    private final Pointer se;
    private final int fd;
    private final Writev hook = this::writev;
    private final Memory hooked = io(Pointer.nativeValue(com.sun.jna.CallbackReference.getFunctionPointer(hook)));
    private final Memory plain = io(Pointer.nativeValue(LIBC.getFunction("writev")));
    /** Whether {@code fuse_session_custom_io} took it. */
    private final boolean installed;
    private volatile boolean killprivV2;
    /** {@code max_pages} for INIT's answer; 0: as libfuse has it. */
    private volatile int maxPages;
    private volatile boolean initWritten;

    private InitReplyIo(Pointer se, int fd) {
        this.se = se;
        this.fd = fd;
        int rc = LibFuse.fuse_session_custom_io(se, hooked, fd);
        installed = rc == 0;
        if (!installed) {
            LOG.log(Level.WARNING, "fuse_session_custom_io failed (" + rc + "): "
                    + "CAP_HANDLE_KILLPRIV_V2 is not offered on this mount");
        }
    }

    /** Installs it on the mounted session {@code se} with its descriptor {@code fd}. */
    static InitReplyIo install(Pointer se, int fd) {
        return new InitReplyIo(se, fd);
    }

    private static Memory io(long writev) {
        Memory m = new Memory(FuseCustomIo.SIZEOF);
        m.clear();
        m.setLong(FuseCustomIo.WRITEV, writev);
        m.setLong(FuseCustomIo.READ, Pointer.nativeValue(LIBC.getFunction("read")));
        m.setLong(FuseCustomIo.SPLICE_SEND, Pointer.nativeValue(LIBC.getFunction("splice")));
        return m;
    }

    /** Whether the flag can be added: the I/O is in place and the kernel knows it (protocol 7.33 or later). */
    boolean canAddKillprivV2(int protoMinor) {
        return installed && protoMinor >= 33;
    }

    /** Asks for {@code FUSE_HANDLE_KILLPRIV_V2} in INIT's answer (during {@code init}); false withdraws it. */
    void killprivV2(boolean wanted) {
        killprivV2 = wanted;
    }

    boolean killprivV2() {
        return killprivV2;
    }

    /**
     * Sets {@code max_pages} in INIT's answer (during {@code init}): libfuse derives it from {@code max_write}, but it
     * also bounds READs, which need not shrink with WRITEs (see RequestPipe).
     */
    void maxPages(int pages) {
        maxPages = pages;
    }

    private long writev(int fd, Pointer iov, int count, Pointer userdata) {
        long vector = Pointer.nativeValue(iov);
        if (!initWritten) {
            initWritten = true;
            if ((killprivV2 || maxPages > 0) && count >= 2) {
                Pointer header = iov.getPointer(Iovec.BASE);
                Pointer answer = iov.getPointer(Iovec.SIZEOF + Iovec.BASE);
                long answerLength = iov.getLong(Iovec.SIZEOF + Iovec.LEN);
                boolean ok = header.getInt(FuseInitOut.ERROR) == 0;
                if (ok && killprivV2 && answerLength >= FuseInitOut.FLAGS + 4) {
                    answer.setInt(FuseInitOut.FLAGS,
                            answer.getInt(FuseInitOut.FLAGS) | FuseInitOut.FUSE_HANDLE_KILLPRIV_V2);
                }
                if (ok && maxPages > 0 && answerLength >= FuseInitOut.MAX_PAGES + 2
                        && (answer.getInt(FuseInitOut.FLAGS) & FuseInitOut.FUSE_MAX_PAGES) != 0) {
                    answer.setShort(FuseInitOut.MAX_PAGES, (short) maxPages);
                }
            }
            // from now on libc's writev, as without custom I/O (this.fd is the same descriptor)
            LibFuse.fuse_session_custom_io(se, plain, this.fd);
        }
        long n = LibC.writev(fd, vector, count);
        if (n < 0) {
            Native.setLastError(LibC.errno()); // libfuse reads errno after the call
        }
        return n;
    }
}
