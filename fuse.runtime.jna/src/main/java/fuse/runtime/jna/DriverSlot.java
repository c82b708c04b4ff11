package fuse.runtime.jna;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import fuse.api.ConnectionInfo;
import fuse.api.Operations;

/**
 * The driver a session serves, and the hot swap that replaces it without unmounting (drivers with stable inode
 * numbers, on a bundle update): {@link #suspend} empties the slot, requests that arrive meanwhile wait in
 * {@link #current()} for up to the hold time, and {@link #resume} fills it with the replacement.
 *
 * <p>The operations registered with libfuse are fixed when the session is created, so a replacement must implement
 * exactly the same ones ({@link #compatible}).
 */
final class DriverSlot {
    private final FuseSession session;
    private final Set<Op> implemented;
    private final Object lock = new Object();
    private volatile Operations driver;
    private volatile long holdNanos;

    DriverSlot(FuseSession session, Operations driver) {
        this.session = session;
        this.driver = driver;
        this.implemented = Op.implementedBy(driver.getClass());
    }

    /** The operations the driver implements (registered with libfuse). */
    Set<Op> implemented() {
        return implemented;
    }

    /** The driver now, without waiting (null while it is being replaced). */
    Operations peek() {
        return driver;
    }

    /**
     * The driver to call; during a hot swap, waits for the replacement up to the hold time.
     *
     * @return the driver, or null when no replacement came in time or the session is closing
     */
    Operations current() {
        Operations o = driver;
        if (o != null) {
            return o;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + holdNanos;
            while ((o = driver) == null && session.state() == FuseSession.State.SWAPPING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return o;
        }
    }

    /**
     * Detaches the driver and holds new requests for up to {@code holdMillis} until {@link #resume} brings a
     * replacement.
     *
     * @return false when the session is not serving (nothing to suspend)
     */
    boolean suspend(long holdMillis) {
        synchronized (lock) {
            if (session.state() != FuseSession.State.MOUNTED) {
                return false;
            }
            holdNanos = TimeUnit.MILLISECONDS.toNanos(holdMillis);
            session.setState(FuseSession.State.SWAPPING);
            driver = null;
            return true;
        }
    }

    /** Calls the replacement's {@code init} with the agreed connection, attaches it and releases held requests. */
    void resume(Operations replacement, ConnectionInfo connection) {
        replacement.init(session, connection);
        synchronized (lock) {
            driver = replacement;
            if (session.state() == FuseSession.State.SWAPPING) {
                session.setState(FuseSession.State.MOUNTED);
            }
            lock.notifyAll();
        }
    }

    /** Whether {@code candidate} implements the same operations as this slot's driver. */
    boolean compatible(Operations candidate) {
        return Op.implementedBy(candidate.getClass()).equals(implemented);
    }

    /** Wakes requests waiting for a replacement (the session is closing). */
    void releaseWaiters() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
