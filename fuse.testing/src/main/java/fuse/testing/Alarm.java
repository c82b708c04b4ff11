package fuse.testing;

import java.nio.file.Path;

/**
 * A caller whose file call is interrupted by a signal while it waits, as a program's timer or a user's Ctrl-C would
 * interrupt it: SIGALRM, in a python3 process of its own. The call is made through ctypes, so its own result and
 * errno are what is reported (Python's file calls retry after a signal whose handler returns, PEP 475); the handler
 * does nothing, and the call is not restarted.
 *
 * <pre>{@code
 * assertEquals("EINTR", Alarm.read(mountpoint.resolve("never-answered"), 1));
 * }</pre>
 */
public final class Alarm {
    /** How long the python process may take in all before the test fails. */
    private static final long TIMEOUT_SECONDS = 30;

    private Alarm() {
    }

    /**
     * Opens {@code file} read-only, then reads up to 10 bytes with one read(2) that SIGALRM interrupts if it still
     * waits after {@code seconds}.
     *
     * @return the name of the errno the read failed with ({@code "EINTR"}: the signal interrupted it, and for a
     *         FUSE file the driver answered the interrupt so), or {@code "read N bytes"} when it returned first
     */
    public static String read(Path file, int seconds) {
        return Cmd.python("""
                import ctypes, errno, os, signal, sys
                libc = ctypes.CDLL(None, use_errno=True)
                signal.signal(signal.SIGALRM, lambda signum, frame: None)
                signal.siginterrupt(signal.SIGALRM, True)
                fd = os.open(sys.argv[1], os.O_RDONLY)
                buf = ctypes.create_string_buffer(10)
                signal.alarm(int(sys.argv[2]))
                n = libc.read(fd, buf, len(buf))
                err = ctypes.get_errno()
                signal.alarm(0)
                print(errno.errorcode.get(err, "errno %d" % err) if n < 0 else "read %d bytes" % n)
                """, file, seconds).timeout(TIMEOUT_SECONDS).ok().trim();
    }
}
