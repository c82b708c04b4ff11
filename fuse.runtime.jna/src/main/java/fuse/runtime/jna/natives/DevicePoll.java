package fuse.runtime.jna.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;

/**
 * One thread's {@code struct pollfd} watching {@code /dev/fuse} for a queued request. The descriptor and the events
 * are written once, and {@code revents} is read through a {@code ByteBuffer} view, so a look costs the
 * {@code poll(2)} call and no JNI call per field (JNA's {@code Memory.setInt} and friends are JNI methods).
 */
public final class DevicePoll implements AutoCloseable {
    private static final short POLLIN = 1;
    private static final int REVENTS = 6;

    private final Memory pollFd = new Memory(8);
    private final ByteBuffer view = pollFd.getByteBuffer(0, 8).order(ByteOrder.nativeOrder());

    public DevicePoll(int fd) {
        view.putInt(0, fd);
        view.putShort(4, POLLIN);
        view.putShort(REVENTS, (short) 0);
    }

    /** Whether a request is queued, waiting up to {@code timeoutMillis} for one (0: just look). */
    public boolean readable(int timeoutMillis) {
        // (poll writes revents on every return, so it needs no reset in between)
        return LibC.poll(pollFd, 1, timeoutMillis) > 0 && (view.getShort(REVENTS) & POLLIN) != 0;
    }

    @Override
    public void close() {
        pollFd.close();
    }
}
