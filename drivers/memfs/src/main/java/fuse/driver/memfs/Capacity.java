package fuse.driver.memfs;

import java.util.concurrent.atomic.AtomicLong;

import fuse.api.Errno;
import fuse.api.FuseException;

/**
 * A budget of bytes (or inodes) shared by all files of one mount, and optionally part of a larger budget shared by
 * several mounts (the {@linkplain HeapBudget heap} their metadata takes). Reservations are atomic and lock-free, so
 * writers of different files never wait for each other here; a reservation that would pass either limit fails with
 * ENOSPC and reserves nothing.
 */
final class Capacity {
    private final long limit;
    private volatile Capacity shared;
    private final AtomicLong used = new AtomicLong();

    Capacity(long limit) {
        this(limit, null);
    }

    /** A budget of {@code limit} whose reservations are also taken from {@code shared} (null: none). */
    Capacity(long limit, Capacity shared) {
        this.limit = limit;
        this.shared = shared;
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
        Capacity s = shared;
        if (s != null) {
            try {
                s.reserve(amount);
            } catch (FuseException e) {
                used.addAndGet(-amount);
                throw e;
            }
        }
    }

    /** Gives {@code amount} back. */
    void release(long amount) {
        if (amount != 0) {
            used.addAndGet(-amount);
            Capacity s = shared;
            if (s != null) {
                s.release(amount);
            }
        }
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    /** What may still be reserved: the smaller of this budget's rest and the shared budget's. */
    long free() {
        long own = Math.max(0, limit - used.get());
        Capacity s = shared;
        return s == null ? own : Math.min(own, s.free());
    }

    /**
     * Gives what this budget holds back to the shared one and takes nothing from it any more: its owner is gone (an
     * estimate under concurrent reservations, which a departing mount no longer has).
     */
    void leaveShared() {
        Capacity s = shared;
        if (s != null) {
            shared = null;
            s.release(used.get());
        }
    }
}
