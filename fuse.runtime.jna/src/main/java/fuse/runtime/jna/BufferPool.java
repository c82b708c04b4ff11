package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Memory;

/**
 * Native buffers for read and readdir replies, reused across requests: a request takes one and gives it back when it
 * is answered. Buffers of the standard size (max read + a page) are pooled, up to a bound; others are freed at once.
 * Each buffer comes with its {@link ByteBuffer} view, made once: JNA's {@code Memory.getByteBuffer} registers every
 * view it makes in a global weak map (a lock and a weak reference per call), too much to pay per request.
 */
final class BufferPool {
    static final int STANDARD = (1 << 20) + 4096;
    private static final int MAX_POOLED = 32;

    /** A native buffer, its address and a view of all of it. */
    static final class Buffer {
        final Memory memory;
        final long address;
        final ByteBuffer view;

        Buffer(long size) {
            memory = new Memory(size);
            address = com.sun.jna.Pointer.nativeValue(memory);
            view = memory.getByteBuffer(0, size);
        }
    }

    private final ConcurrentLinkedDeque<Buffer> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /**
     * A buffer of at least {@code capacity} bytes; its view's position, limit and byte order are the caller's to
     * set.
     */
    Buffer acquire(int capacity) {
        if (capacity <= STANDARD) {
            Buffer b = free.pollFirst();
            if (b != null) {
                pooled.decrementAndGet();
                return b;
            }
            return new Buffer(STANDARD);
        }
        return new Buffer(capacity);
    }

    void release(Buffer b) {
        if (b.memory.size() == STANDARD && pooled.incrementAndGet() <= MAX_POOLED) {
            free.addFirst(b);
        } else {
            if (b.memory.size() == STANDARD) {
                pooled.decrementAndGet();
            }
            b.memory.close();
        }
    }

    void clear() {
        Buffer b;
        while ((b = free.pollFirst()) != null) {
            pooled.decrementAndGet();
            b.memory.close();
        }
    }
}
