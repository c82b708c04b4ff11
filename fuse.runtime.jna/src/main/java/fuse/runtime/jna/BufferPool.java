package fuse.runtime.jna;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Memory;

/**
 * Native buffers for read and readdir replies, reused across requests: a request takes one and gives it back when it
 * is answered. Buffers of the standard size (max read + a page) are pooled, up to a bound; others are freed at once.
 */
final class BufferPool {
    static final int STANDARD = (1 << 20) + 4096;
    private static final int MAX_POOLED = 32;

    private final ConcurrentLinkedDeque<Memory> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pooled = new AtomicInteger();

    Memory acquire(int capacity) {
        if (capacity <= STANDARD) {
            Memory m = free.pollFirst();
            if (m != null) {
                pooled.decrementAndGet();
                return m;
            }
            return new Memory(STANDARD);
        }
        return new Memory(capacity);
    }

    void release(Memory m) {
        if (m.size() == STANDARD && pooled.incrementAndGet() <= MAX_POOLED) {
            free.addFirst(m);
        } else {
            if (m.size() == STANDARD) {
                pooled.decrementAndGet();
            }
            m.close();
        }
    }

    void clear() {
        Memory m;
        while ((m = free.pollFirst()) != null) {
            pooled.decrementAndGet();
            m.close();
        }
    }
}
