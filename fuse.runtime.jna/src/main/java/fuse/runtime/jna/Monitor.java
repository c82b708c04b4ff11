package fuse.runtime.jna;

import java.util.concurrent.locks.LockSupport;

import fuse.runtime.jna.natives.DevicePoll;

/**
 * Covers handlers that block, so a slow request delays the others by at most about a {@link #PERIOD_NANOS period}:
 * every period, if no reader is listening, some are busy and no request was received during the whole period, it
 * wakes or starts a reader. It also watches the {@link Spinners}: one inside a request for a whole period is raised
 * to normal priority, and when a request waited untaken twice in a row the readers take over for a while.
 *
 * <p>After {@link #IDLE_PERIODS} periods without any request it sleeps until the next one arrives
 * ({@link #requestArrived()}), so an idle mount costs no wake-ups.
 */
final class Monitor {
    /** How long every reader may be busy, with none listening, before the monitor wakes or starts another. */
    static final long PERIOD_NANOS = 1_000_000;
    /** After this many periods without a request the monitor sleeps until the next request. */
    private static final int IDLE_PERIODS = 100;

    private final FuseSession session;
    private final SessionHandle handle;
    private final ReaderPool pool;
    private final Spinners spinners;
    private volatile Thread thread;
    private volatile boolean asleep;

    Monitor(FuseSession session, SessionHandle handle, ReaderPool pool, Spinners spinners) {
        this.session = session;
        this.handle = handle;
        this.pool = pool;
        this.spinners = spinners;
    }

    void start() {
        Thread t = new Thread(this::loop, "fuse-monitor-" + session.config().driver());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** A request was received: wake the monitor if it sleeps for want of requests. */
    void requestArrived() {
        if (asleep) {
            asleep = false;
            LockSupport.unpark(thread);
        }
    }

    /** Wakes the monitor if it sleeps (a spinner went into a request it must watch, or shutdown). */
    void wake() {
        Thread t = thread;
        if (asleep && t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Unparks the monitor whatever it is doing (shutdown). */
    void wakeNow() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        long lastReceived = -1;
        int idlePeriods = 0;
        DevicePoll device = new DevicePoll(handle.fd());
        boolean spinnersSuspect = false;
        try {
            while (!session.stopping()) {
                if (idlePeriods >= IDLE_PERIODS && !spinners.serving()) {
                    asleep = true;
                    if (pool.receivedCount() == lastReceived && pool.busyCount() == 0
                            && !spinners.anyAtIdleInRequest() && !session.stopping()) {
                        LockSupport.park(this);
                    }
                    asleep = false;
                    idlePeriods = 0;
                } else {
                    LockSupport.parkNanos(this, PERIOD_NANOS);
                }
                long now = pool.receivedCount();
                if (spinners.exist()) {
                    spinners.raiseSlow(System.nanoTime(), PERIOD_NANOS);
                    if (spinners.serving() && now == lastReceived && device.readable(0)) {
                        // Twice in a row a request was waiting and none had been taken for a whole period: the
                        // spinners are starved (a busy machine) or stuck in handlers. The readers take over a while.
                        if (spinnersSuspect) {
                            spinners.starved();
                        }
                        spinnersSuspect = !spinnersSuspect;
                    } else {
                        spinnersSuspect = false;
                    }
                }
                if (now != lastReceived) {
                    idlePeriods = 0;
                } else if (pool.busyCount() > 0) {
                    idlePeriods = 0;
                    if (pool.listeningCount() == 0) {
                        pool.ensureListener(); // all readers stuck in handlers for a whole period
                    }
                } else {
                    idlePeriods++;
                }
                lastReceived = now;
            }
        } finally {
            device.close();
        }
    }
}
