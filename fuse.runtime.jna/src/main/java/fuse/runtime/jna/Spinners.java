package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;

import fuse.api.Errno;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Rusage;
import fuse.linux.Sched;

/**
 * Readers that never sleep in {@code read}: while requests come less than {@link MountConfig#spinMicros()} apart,
 * one thread per CPU polls {@code /dev/fuse} (the descriptor is non-blocking then) and handles what it finds, at
 * scheduling policy {@code SCHED_IDLE}. Such a thread runs only when its CPU has nothing else to do, so it takes no
 * time from anyone, but it keeps the CPU from halting, and the scheduler counts a CPU that runs only
 * {@code SCHED_IDLE} threads as idle when it places a woken thread: the caller wakes on its own CPU, sends its next
 * request, sleeps, and the spinner on that CPU answers it, without a cross-CPU wake-up either way.
 *
 * <p>The {@link ReaderPool}'s readers park off /dev/fuse meanwhile ({@link #holdReader}). Spinning starts when a
 * request came soon after the one before from the same caller, and pauses when two callers take turns: parallel
 * callers need the CPUs themselves and are served better by the readers, one per request at normal priority. The
 * {@link Monitor} hands the device back to the readers when a request waited two periods untaken (spinners starved
 * by a busy machine), and raises a spinner that is inside a request for longer than a period to {@code SCHED_OTHER}
 * until it is done, so it never holds a driver lock at idle priority for long.
 */
final class Spinners {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** Spinners at most, whatever the number of CPUs (one per CPU a sequential caller may run on). */
    private static final int MAX_SPINNERS = 8;
    /** A spinner preempted this recently is taken to be on the caller's CPU. */
    private static final long CALLER_RAN_NANOS = 20_000;
    /** How long a spinner on another CPU leaves a request to the one on the caller's. */
    private static final long DEFER_NANOS = 10_000;
    /** How long spinning stays off after the spinners were first found starved (doubling while it recurs). */
    static final long SPIN_COOLDOWN_NANOS = 100_000_000;
    private static final long MAX_SPIN_COOLDOWN_NANOS = 5_000_000_000L;
    /** How long spinning stays off after two callers took turns (parallel callers). */
    private static final long PARALLEL_PAUSE_NANOS = 20_000_000;
    private static final int CPU_SET_BYTES = Sched.CPU_SET_SIZEOF;
    private static final Memory SCHED_PARAM = new Memory(Sched.PARAM_SIZEOF);

    static {
        SCHED_PARAM.clear(); // struct sched_param { int sched_priority; } = 0, as SCHED_IDLE and SCHED_OTHER need
    }

    private final FuseSession session;
    private final SessionHandle handle;
    private final ReaderPool pool;
    private final MountConfig config;
    private Monitor monitor;
    /** How long spinners go on after the last request ({@link MountConfig#spinMicros()}); 0: no spinners. */
    private final long spinMaxNanos;
    /** When the last request was received (any reader). */
    private volatile long lastArrival;
    /** The thread id of the last request's caller (0: none yet). */
    private volatile int lastCallerPid;
    /** Whether the spinners watch /dev/fuse now (requests come close together) or park. */
    private volatile boolean spinning;
    private final Object lock = new Object();
    /** Whether the spinner threads were made (guarded by {@link #lock}); made once per session. */
    private boolean made;
    /** The pause after the spinners were last found starved; doubles each time, reset when spinning ends idle. */
    private volatile long starvedCooldown = SPIN_COOLDOWN_NANOS;
    /** Spinning does not start again before this (after the spinners were found starved). */
    private volatile long cooldownUntil;
    /** Readers parked while the spinners serve. */
    private final Set<Thread> heldReaders = ConcurrentHashMap.newKeySet();
    private final List<Spinner> spinners = new CopyOnWriteArrayList<>();

    Spinners(FuseSession session, SessionHandle handle, ReaderPool pool) {
        this.session = session;
        this.handle = handle;
        this.pool = pool;
        this.config = session.config();
        this.spinMaxNanos = config.spinMicros() * 1000L;
    }

    void attach(Monitor watcher) {
        this.monitor = watcher;
    }

    /** Whether the spinners serve /dev/fuse now (the readers stay off it). */
    boolean serving() {
        return spinning;
    }

    /** Whether any spinner thread exists (the monitor watches them). */
    boolean exist() {
        return !spinners.isEmpty();
    }

    /** Parks a reader while the spinners serve, so that a request wakes nobody. */
    void holdReader(Thread reader) {
        heldReaders.add(reader);
        if (spinning && !session.stopping()) {
            LockSupport.parkNanos(this, ReaderPool.IDLE_RETIRE_NANOS);
        }
        heldReaders.remove(reader);
    }

    /**
     * The spinning policy, for every received request: start when a request came soon after the one before from the
     * same caller; pause when two callers take turns.
     */
    void arrived(int callerPid) {
        if (spinMaxNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        long gap = now - lastArrival;
        lastArrival = now;
        boolean otherCaller = false;
        if (callerPid != 0) { // (RELEASE, FORGET and the like carry no caller)
            int last = lastCallerPid;
            otherCaller = last != callerPid && last != 0;
            lastCallerPid = callerPid;
        }
        if (otherCaller) {
            if (spinning) {
                stop(PARALLEL_PAUSE_NANOS);
            }
        } else if (!spinning && gap < spinMaxNanos && now - cooldownUntil > 0) {
            start();
        }
    }

    /**
     * Wakes the spinners. They are made on first use, one per CPU up to {@link #MAX_SPINNERS}. They handle requests,
     * so they start only while the threads that may be inside a request (busy and listening readers, the caller
     * among them, and the spinners) stay within {@link MountConfig#maxThreads()}; the readers park meanwhile. When
     * none can be made (fuse.threads.max 1, or SCHED_IDLE refused), the readers serve alone.
     */
    private void start() {
        synchronized (lock) {
            if (spinning || session.stopping()) {
                return;
            }
            if (!made) {
                made = true;
                for (int cpu : allowedCpus(MAX_SPINNERS)) {
                    Spinner sp = new Spinner(cpu);
                    if (!pool.track(sp.thread)) {
                        return; // shutting down
                    }
                    spinners.add(sp);
                }
                spinners.forEach(sp -> sp.thread.start()); // (they park until spinning starts)
            }
            // (+ 1: the reader calling this, which received a request and is not counted busy yet)
            int handling = pool.busyCount() + pool.listeningCount() + 1 + spinners.size();
            if (spinners.isEmpty() || handling > config.maxThreads() || !setNonBlocking(true)) {
                return;
            }
            spinning = true;
            for (Spinner sp : spinners) {
                LockSupport.unpark(sp.thread);
            }
        }
    }

    /** Hands /dev/fuse back to the readers; spinning starts again on close requests after {@code cooldownNanos}. */
    void stop(long cooldownNanos) {
        synchronized (lock) {
            if (cooldownNanos > 0) {
                cooldownUntil = System.nanoTime() + cooldownNanos;
            }
            if (spinning) {
                spinning = false;
                setNonBlocking(false);
            }
        }
        heldReaders.forEach(LockSupport::unpark);
        pool.ensureListener();
    }

    /** The monitor found the spinners starved twice in a row: the readers take over, for longer each time. */
    void starved() {
        long pause = starvedCooldown;
        starvedCooldown = Math.min(pause * 2, MAX_SPIN_COOLDOWN_NANOS);
        stop(pause);
    }

    /**
     * Sets or clears O_NONBLOCK on /dev/fuse (guarded by {@link #lock}). Spinners poll and must not sleep in
     * {@code read}; readers must, because a blocking read waits exclusively (a request wakes one reader), while
     * every thread waiting in {@code poll} wakes on every request.
     */
    private boolean setNonBlocking(boolean on) {
        if (session.stopping()) {
            return false; // (shutting down: the descriptor may be closed already)
        }
        int fd = handle.fd();
        int flags = LibC.fcntl(fd, Fcntl.F_GETFL, 0);
        if (flags < 0) {
            return false;
        }
        int want = on ? flags | Fcntl.O_NONBLOCK : flags & ~Fcntl.O_NONBLOCK;
        return want == flags || LibC.fcntl(fd, Fcntl.F_SETFL, want) == 0;
    }

    /** The first {@code max} CPUs this process may run on (its affinity mask, e.g. from taskset or a cpuset). */
    private static List<Integer> allowedCpus(int max) {
        Memory mask = new Memory(CPU_SET_BYTES);
        mask.clear();
        List<Integer> cpus = new ArrayList<>();
        if (LibC.sched_getaffinity(0, CPU_SET_BYTES, mask) < 0) {
            for (int i = 0; i < Math.min(max, Runtime.getRuntime().availableProcessors()); i++) {
                cpus.add(-1);
            }
            return cpus;
        }
        for (int cpu = 0; cpu < CPU_SET_BYTES * 8 && cpus.size() < max; cpu++) {
            if ((mask.getByte(cpu / 8) & (1 << (cpu % 8))) != 0) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static boolean setPolicy(int tid, int policy) {
        return LibC.sched_setscheduler(tid, policy, SCHED_PARAM) == 0;
    }

    /** The thread ids of the spinners that have started (for tests and diagnostics). */
    List<Integer> tids() {
        List<Integer> tids = new ArrayList<>();
        for (Spinner sp : spinners) {
            if (sp.tid != 0) {
                tids.add(sp.tid);
            }
        }
        return tids;
    }

    /**
     * Whether a spinner is inside {@code read} or a request at idle priority: the monitor stays awake to raise it
     * (a spinner can wait in {@code read} when spinning stopped just as it read, and wakes at idle priority).
     */
    boolean anyAtIdleInRequest() {
        for (Spinner sp : spinners) {
            if (sp.busySince != 0 && !sp.raised) {
                return true;
            }
        }
        return false;
    }

    /** Raises a spinner that has been inside one request (or its read) longer than {@code periodNanos}. */
    void raiseSlow(long now, long periodNanos) {
        for (Spinner sp : spinners) {
            long since = sp.busySince;
            if (since != 0 && now - since > periodNanos && !sp.raised) {
                synchronized (sp) {
                    // (the spinner lowers itself under the same lock once it is out of the request)
                    if (sp.busySince == since && setPolicy(sp.tid, Sched.SCHED_OTHER)) {
                        sp.raised = true;
                    }
                }
            }
        }
    }

    /** Unparks every spinner and held reader (shutdown, or the connection ended). */
    void wakeAll() {
        for (Spinner sp : spinners) {
            LockSupport.unpark(sp.thread);
        }
        heldReaders.forEach(LockSupport::unpark);
    }

    /** One spinner, pinned to one CPU. */
    private final class Spinner implements Runnable {
        final Thread thread;
        volatile int tid;
        /** When this spinner went to read a request (and then handle it); 0 while polling. */
        volatile long busySince;
        /** Raised to SCHED_OTHER by the monitor. */
        volatile boolean raised;
        private final Memory usage = new Memory(Rusage.SIZEOF);
        private final ByteBuffer usageView = usage.getByteBuffer(0, Rusage.SIZEOF).order(ByteOrder.nativeOrder());
        private long lastSwitches;
        private long lastPreempted;
        private long waitingSince;
        /** The CPU this spinner stays on, or -1. */
        private final int cpu;

        Spinner(int cpu) {
            this.cpu = cpu;
            thread = new Thread(this, "fuse-spinner-" + config.driver() + "-" + cpu);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            ReaderPool.RequestBuffer buf = new ReaderPool.RequestBuffer(session, handle);
            try {
                tid = LibC.gettid();
                if (cpu >= 0) {
                    // One per CPU, and staying there: the load balancer would otherwise gather the weightless
                    // SCHED_IDLE threads on one CPU and leave the caller's without one.
                    Memory mask = new Memory(CPU_SET_BYTES);
                    mask.clear();
                    mask.setByte(cpu / 8, (byte) (1 << (cpu % 8)));
                    LibC.sched_setaffinity(tid, CPU_SET_BYTES, mask);
                }
                if (!setPolicy(tid, Sched.SCHED_IDLE)) {
                    return; // not allowed here: no spinning, the readers serve as before
                }
                while (!session.stopping()) {
                    if (!spinning) {
                        LockSupport.park(Spinners.this);
                        continue;
                    }
                    if (!serveOne(buf)) {
                        break;
                    }
                }
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "spinner of " + config.mountpoint() + " failed", t);
            } finally {
                buf.free();
                spinners.remove(this);
                if (spinners.isEmpty() && spinning) {
                    stop(0); // (SCHED_IDLE refused, or a failure): the readers must not wait for us
                }
                pool.untrack(thread); // (last: shutdown waits for these threads before it frees the session)
            }
        }

        /** One lap: look at /dev/fuse and serve a request if this is the spinner to take it; false: it ended. */
        private boolean serveOne(ReaderPool.RequestBuffer buf) {
            long now = System.nanoTime();
            LibC.getrusage(Rusage.RUSAGE_THREAD, usage);
            long switches = usageView.getLong(Rusage.RU_NIVCSW);
            if (switches != lastSwitches) {
                lastSwitches = switches;
                lastPreempted = now; // the scheduler ran another thread on this CPU since the last lap
            }
            if (!buf.device.readable(0)) {
                waitingSince = 0;
                if (spinning && now - lastArrival > spinMaxNanos) {
                    starvedCooldown = SPIN_COOLDOWN_NANOS;
                    stop(0); // requests came too far apart: park until they come closer
                }
                return true;
            }
            if (now - lastPreempted > CALLER_RAN_NANOS) {
                // Nothing ran on this CPU just now, so the caller is elsewhere: leave the request for a moment to
                // the spinner of the caller's CPU, which answers without a cross-CPU wake-up.
                if (waitingSince == 0) {
                    waitingSince = now;
                }
                if (now - waitingSince < DEFER_NANOS) {
                    return true;
                }
            }
            waitingSince = 0;
            // Not counted as busy (that is the readers' hand-off); the monitor watches busySince instead. It is set
            // before the read: if spinning just stopped (the descriptor blocks again) and another thread took the
            // request, this read waits for the next one, and the monitor raises this spinner meanwhile, so that it
            // never holds a request at idle priority.
            if (!pool.claimPlace()) {
                return true; // readers (or the other spinners) inside requests hold every place
            }
            busySince = now;
            monitor.wake(); // (it watches spinners inside a read; see anyAtIdleInRequest)
            int r;
            try {
                r = buf.receive();
                if (r > 0) {
                    pool.arrived(buf.callerPid());
                    buf.process();
                }
            } finally {
                synchronized (this) { // (the monitor raises under the same lock, while busySince is set)
                    busySince = 0;
                    if (raised) {
                        setPolicy(tid, Sched.SCHED_IDLE);
                        raised = false;
                    }
                }
                pool.releasePlace();
                if (!spinning) {
                    pool.ensureListener(); // (a reader may wait for the place this spinner held)
                }
            }
            if (r == -Errno.EAGAIN || r == -Errno.EINTR) {
                return true; // another thread took it
            }
            if (r <= 0) {
                session.connectionEnded();
                return false;
            }
            return true;
        }
    }
}
