package fuse.runtime.jna.natives;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;

import fuse.linux.LibC;
import fuse.linux.Poll;

/**
 * One thread's {@code struct pollfd} watching {@code /dev/fuse} for a queued request. The descriptor and the events
 * are written once, and {@code revents} is read through a {@code ByteBuffer} view, so a look costs the
 * {@code poll(2)} call and no JNI call per field (JNA's {@code Memory.setInt} and friends are JNI methods).
 */
public final class DevicePoll implements AutoCloseable {
    private final Memory pollFd = new Memory(Poll.SIZEOF);
    private final ByteBuffer view = pollFd.getByteBuffer(0, Poll.SIZEOF).order(ByteOrder.nativeOrder());

    /** A {@code pollfd} for {@code fd}, waiting for input. */
    public DevicePoll(int fd) {
        view.putInt(Poll.FD, fd);
        view.putShort(Poll.EVENTS, Poll.POLLIN);
        view.putShort(Poll.REVENTS, (short) 0);
    }

    /** Whether a request is queued, waiting up to {@code timeoutMillis} for one (0: just look). */
    public boolean readable(int timeoutMillis) {
        // (poll writes revents on every return, so it needs no reset in between)
        return LibC.poll(pollFd, 1, timeoutMillis) > 0 && (view.getShort(Poll.REVENTS) & Poll.POLLIN) != 0;
    }

    @Override
    public void close() {
        pollFd.close();
    }
}
