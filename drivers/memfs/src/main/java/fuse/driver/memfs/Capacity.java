package fuse.driver.memfs;

import java.util.concurrent.atomic.AtomicLong;

import fuse.api.Errno;
import fuse.api.FuseException;

/**
 * A budget of bytes (or inodes) shared by all files of one mount. Reservations are atomic and lock-free, so writers of
 * different files never wait for each other here; a reservation that would pass the limit fails with ENOSPC and
 * reserves nothing.
 */
final class Capacity {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    Capacity(long limit) {
        this.limit = limit;
    }

    /** Takes {@code amount} from the budget, or throws ENOSPC and takes nothing. */
    void reserve(long amount) {
        if (amount <= 0) {
            release(-amount);
            return;
        }
        long u;
        do {
            u = used.get();
            if (amount > limit - u) {
                throw new FuseException(Errno.ENOSPC);
            }
        } while (!used.compareAndSet(u, u + amount));
    }

    /** Gives {@code amount} back. */
    void release(long amount) {
        if (amount != 0) {
            used.addAndGet(-amount);
        }
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    long free() {
        return Math.max(0, limit - used.get());
    }
}
