package fuse.driver.passthrough;

import static fuse.linux.CStrings.terminated;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Memory;

import fuse.api.FuseException;
import fuse.linux.LibC;
import fuse.linux.Stat;

/**
 * What every part of the driver needs around its {@link LibC} calls: their failures as {@link FuseException}, and the
 * paths and buffers they take.
 */
final class SystemCalls {
    /** A {@code struct stat} per request thread. */
    static final ThreadLocal<Memory> STAT = ThreadLocal.withInitial(() -> new Memory(Stat.SIZEOF));

    /** The empty path, for the {@code AT_EMPTY_PATH} calls. */
    static final byte[] EMPTY_PATH = { 0 };

    private SystemCalls() {
    }

    /** {@code /proc/self/fd/<fd>}: the file an O_PATH descriptor refers to, for calls that take no descriptor. */
    static byte[] procPath(int fd) {
        return terminated(("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII));
    }

    static int check(int rc, String what) {
        if (rc < 0) {
            throw new FuseException(LibC.errno(), what);
        }
        return rc;
    }

    static long check(long rc, String what) {
        if (rc < 0) {
            throw new FuseException(LibC.errno(), what);
        }
        return rc;
    }
}
