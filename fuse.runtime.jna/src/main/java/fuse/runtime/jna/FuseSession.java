package fuse.runtime.jna;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Session;
import fuse.api.SetattrFields;

/**
 * One libfuse session: a mount, its reader threads, the dispatch of every request to the driver, and the
 * notifications the driver may send.
 *
 * <h2>Dispatch</h2>
 * Reader threads (platform threads: they block in {@code read(/dev/fuse)}) each receive a request and handle it
 * inline. At most one reader waits in {@code read} at a time; the others park, most recently busy first (LIFO).
 * The kernel wakes the readers waiting on /dev/fuse in FIFO order, so two of them waiting there would take turns
 * and every request would wake a thread that had been asleep longest; with one listener, a sequential caller is
 * served by the same warm thread every time (measured: twice the GETATTR round trips per second on 2 cores).
 * Parallelism comes from the queue: a reader that receives a request and sees more pending on /dev/fuse
 * ({@code poll}, no wait) hands the listening over to a parked reader, or starts one, up to
 * {@link MountConfig#maxThreads()}, before it handles its own. A handler that blocks is covered by the
 * {@linkplain #monitorLoop() monitor}: when every reader has been busy for a whole {@link #MONITOR_PERIOD_NANOS
 * period} and none is listening, it wakes or starts one. So a slow handler delays the others by at most about a
 * period, and a fast one pays no hand-off. Parked readers idle for {@link #IDLE_RETIRE_NANOS} retire (down to
 * {@link MountConfig#minThreads()}).
 * <p>
 * While requests come close together ({@link MountConfig#spinMicros()}), {@linkplain Spinner spinners} serve them
 * instead: one {@code SCHED_IDLE} thread per CPU that polls /dev/fuse, so that a sequential caller is answered on its
 * own CPU without any thread or CPU being woken; the readers park meanwhile and come back when two callers take
 * turns, when the spinners seem starved, or when requests stop.
 * <p>
 * Readers and spinners alike claim one of {@link MountConfig#maxThreads()} {@linkplain #places places} before they
 * read a request and give it back when it is done, so the driver never has more requests inside it at once than the
 * maximum, also when a spinner is caught in a slow handler as the readers take over.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} mounts and returns once the driver's {@code init} ran; {@link #close()} unmounts (lazily when
 * busy), waits a bounded time for the readers, aborts the connection if a handler hangs, and destroys the session.
 */
public final class FuseSession implements Session {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** How long every reader may be busy, with none listening, before the monitor wakes or starts another. */
    static final long MONITOR_PERIOD_NANOS = 1_000_000;
    /** After this many monitor periods without a request the monitor sleeps until the next request. */
    private static final int MONITOR_IDLE_PERIODS = 100;
    /** A parked reader idle this long retires (down to the minimum). */
    static final long IDLE_RETIRE_NANOS = 10_000_000_000L;
    /** {@code sizeof(struct fuse_in_header)} and the offset of its {@code pid}. */
    private static final int IN_HEADER_SIZE = 40;
    private static final int IN_HEADER_PID = 32;
    /** Spinners at most, whatever the number of CPUs (one per CPU a sequential caller may run on). */
    private static final int MAX_SPINNERS = 8;
    private static final int RUSAGE_THREAD = 1;
    /** Offset of {@code ru_nivcsw} (involuntary context switches) in {@code struct rusage} on 64-bit Linux. */
    private static final int RU_NIVCSW = 136;
    /** A spinner preempted this recently is taken to be on the caller's CPU. */
    private static final long CALLER_RAN_NANOS = 20_000;
    /** How long a spinner on another CPU leaves a request to the one on the caller's. */
    private static final long DEFER_NANOS = 10_000;
    /** How long spinning stays off after the spinners were first found starved (doubling while it recurs). */
    private static final long SPIN_COOLDOWN_NANOS = 100_000_000;
    private static final long MAX_SPIN_COOLDOWN_NANOS = 5_000_000_000L;
    /** How long spinning stays off after two callers took turns (parallel callers). */
    private static final long PARALLEL_PAUSE_NANOS = 20_000_000;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 04000;
    private static final long INIT_TIMEOUT_SECONDS = 15;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuse-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** The states a session goes through; {@link #FAILED} and {@link #CLOSED} are final. */
    public enum State {
        /** Mounting, waiting for INIT. */
        STARTING,
        /** Serving requests. */
        MOUNTED,
        /** The driver is being replaced; requests wait. */
        SWAPPING,
        /** Unmounting. */
        CLOSING,
        /** Unmounted. */
        CLOSED,
        /** Mounting failed. */
        FAILED
    }

    final MountConfig config;
    final OperationStats stats = new OperationStats();
    final BufferPool buffers = new BufferPool();
    private final Overrides overrides;
    private volatile Operations ops;
    private final Object swapLock = new Object();
    private volatile State state = State.STARTING;
    private volatile String failure;
    private volatile Instant mountedAt;
    private volatile Consumer<FuseSession> onClosed;

    private Pointer se;
    private LowlevelOps llops;
    private Memory opsTable;
    private Memory argsMemory;
    private final List<Object> keepAlive = new ArrayList<>();
    private final CountDownLatch initDone = new CountDownLatch(1);
    private volatile Throwable initFailure;
    private volatile ConnectionSnapshot connection;
    private int connectionId = -1;

    private final AtomicInteger readers = new AtomicInteger();
    /** Readers in (or about to enter) {@code read(/dev/fuse)}: one when idle, more only while work is queued. */
    private final AtomicInteger listening = new AtomicInteger();
    /** Readers inside a request. */
    private final AtomicInteger busy = new AtomicInteger();
    /**
     * Threads listening on /dev/fuse or inside a request, readers and spinners alike, at most
     * {@link MountConfig#maxThreads()}: each claims a place before it reads and gives it back after the request, so a
     * spinner stuck in a slow handler when spinning stopped leaves the readers one place less, and the driver never
     * sees more requests at once than the maximum.
     */
    private final AtomicInteger places = new AtomicInteger();
    /** Requests received so far (the monitor's sign of progress). */
    private final AtomicLong received = new AtomicLong();
    /** Parked readers, most recently parked first. */
    private final java.util.concurrent.ConcurrentLinkedDeque<Thread> parked =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile boolean connectionEnded;
    private volatile Thread monitor;
    private volatile boolean monitorAsleep;
    /** How long spinners go on after the last request ({@link MountConfig#spinMicros()}); 0: no spinners. */
    private final long spinMaxNanos;
    /** When the last request was received (any reader). */
    private volatile long lastArrival;
    /** The thread id of the last request's caller (0: none yet). */
    private volatile int lastCallerPid;
    /** Whether the spinners watch /dev/fuse now (requests come close together) or park. */
    private volatile boolean spinning;
    private final Object spinLock = new Object();
    /** Whether the spinners were made (guarded by {@link #spinLock}); made once per session. */
    private boolean spinnersMade;
    /** The pause after the spinners were last found starved; doubles each time, reset when spinning ends idle. */
    private volatile long starvedCooldown = SPIN_COOLDOWN_NANOS;
    /** Readers parked while the spinners serve. */
    private final Set<Thread> spinHeld = ConcurrentHashMap.newKeySet();
    /** Spinning does not start again before this (after the spinners were found starved). */
    private volatile long spinCooldownUntil;
    private final List<Spinner> spinners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<Thread> readerThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger readerSeq = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<FuseRequest, Long> unanswered = new ConcurrentHashMap<>();
    private ScheduledFuture<?> watchdogTask;
    private volatile ExecutorService notifier;
    private final Map<Long, CompletableFuture<ByteBuffer>> retrieves = new ConcurrentHashMap<>();
    private final AtomicLong retrieveCookie = new AtomicLong();

    /**
     * Creates a session that will mount {@code ops} as {@code config} says. Nothing happens until {@link #start()}.
     */
    public FuseSession(Operations ops, MountConfig config) {
        this.ops = ops;
        this.config = config;
        this.spinMaxNanos = config.spinMicros() * 1000L;
        this.overrides = Overrides.of(ops.getClass());
    }

    // ----- status --------------------------------------------------------------------------------------------

    /** The mount settings. */
    public MountConfig config() {
        return config;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Why mounting failed, or null. */
    public String failure() {
        return failure;
    }

    /** When the mount became live, or null. */
    public Instant mountedAt() {
        return mountedAt;
    }

    /** Per-operation statistics. */
    public OperationStats stats() {
        return stats;
    }

    /** Requests received and not answered yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Reader threads alive. */
    public int readerThreads() {
        return readers.get();
    }

    /** The driver serving this session (null while it is being replaced). */
    public Operations operations() {
        return ops;
    }

    /** Called once when the session has ended, whoever ended it (close, terminate, failure). */
    public void onClosed(Consumer<FuseSession> listener) {
        this.onClosed = listener;
    }

    @Override
    public Path mountpoint() {
        return config.mountpoint();
    }

    // ----- start ---------------------------------------------------------------------------------------------

    /**
     * Mounts and starts serving; returns once the driver's {@code init} has run.
     *
     * @throws IOException with a message naming the mount point and the problem
     */
    public synchronized void start() throws IOException {
        if (state != State.STARTING || se != null) {
            throw new IllegalStateException("session already started");
        }
        Path mp = config.mountpoint();
        try {
            LibFuse.load();
            LibC.ensureFusectl();
            StaleMounts.clearIfStale(mp);
            if (!Files.exists(mp)) {
                throw new IOException("mountpoint " + mp + " does not exist");
            }
            if (!Files.isDirectory(mp)) {
                throw new IOException("mountpoint " + mp + " is not a directory");
            }
            if (StaleMounts.isFuseMount(mp)) {
                throw new IOException("mountpoint " + mp + " is busy: another FUSE file system is mounted there");
            }
            se = newSession();
            if (LibFuse.fuse_session_mount(se, mp.toString()) != 0) {
                LibFuse.fuse_session_destroy(se);
                se = null;
                throw new IOException("cannot mount on " + mp + " (mount(2) failed: not permitted, or /dev/fuse "
                        + "missing; see libfuse's message on stderr)");
            }
            connectionId = StaleMounts.connectionId(mp);
            startMonitor();
            tryStartReader();
            if (!initDone.await(INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the kernel did not initialize the mount on " + mp + " within "
                        + INIT_TIMEOUT_SECONDS + " s");
            }
            if (initFailure != null) {
                throw new IOException("driver " + config.driver() + " failed in init(): " + initFailure, initFailure);
            }
            mountedAt = Instant.now();
            state = State.MOUNTED;
            long period = Math.max(1, config.replyTimeoutSeconds() * 1000 / 4);
            watchdogTask = WATCHDOG.scheduleAtFixedRate(this::expireUnanswered, period, Math.min(period, 1000),
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException | InterruptedException e) {
            failure = e.getMessage();
            if (se != null) {
                shutdown(State.FAILED);
            } else {
                state = State.FAILED;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while mounting " + mp, e);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The libfuse session with this driver's operations (not mounted yet). */
    private Pointer newSession() throws IOException {
        llops = buildOps();
        if (llops.size() != LowlevelOps.EXPECTED_SIZE) {
            throw new IOException("fuse_lowlevel_ops layout mismatch: " + llops.size() + " bytes");
        }
        opsTable = llops.table();
        String[] argv = { "osgi-fuse", "-o", config.optionString() };
        argsMemory = buildArgs(argv);
        Pointer s = LibFuse.fuse_session_new(argsMemory, opsTable, llops.size(), null);
        if (s == null) {
            throw new IOException("cannot create a FUSE session for " + config.mountpoint()
                    + ": libfuse rejected the options '" + config.optionString() + "' (see its message on stderr)");
        }
        return s;
    }

    /**
     * Creates the libfuse session without a kernel mount and without reader threads; replies are written to
     * {@code fd} (libfuse's "/dev/fd/N" mount point), e.g. an open {@code /dev/null}. For the request-path
     * micro-benchmark (module {@code fuse.bench}), which feeds requests, INIT first, to
     * {@code fuse_session_process_buf} itself. {@link #close()} destroys the session (and closes {@code fd}).
     *
     * @return the {@code struct fuse_session *}
     */
    synchronized Pointer startUnmounted(int fd) throws IOException {
        if (state != State.STARTING || se != null) {
            throw new IllegalStateException("session already started");
        }
        LibFuse.load();
        se = newSession();
        if (LibFuse.fuse_session_mount(se, "/dev/fd/" + fd) != 0) {
            LibFuse.fuse_session_destroy(se);
            se = null;
            throw new IOException("libfuse did not accept /dev/fd/" + fd);
        }
        mountedAt = Instant.now();
        state = State.MOUNTED;
        return se;
    }

    private static Memory buildArgs(String[] argv) {
        // struct fuse_args { int argc; char **argv; int allocated; }
        List<Memory> strings = new ArrayList<>();
        Memory array = new Memory((long) (argv.length + 1) * Native.POINTER_SIZE);
        for (int i = 0; i < argv.length; i++) {
            byte[] b = argv[i].getBytes(StandardCharsets.UTF_8);
            Memory s = new Memory(b.length + 1);
            s.write(0, b, 0, b.length);
            s.setByte(b.length, (byte) 0);
            strings.add(s);
            array.setPointer((long) i * Native.POINTER_SIZE, s);
        }
        array.setPointer((long) argv.length * Native.POINTER_SIZE, null);
        ArgsMemory args = new ArgsMemory(array, strings);
        args.setInt(0, argv.length);
        args.setPointer(8, array);
        args.setInt(16, 0);
        return args;
    }

    /** fuse_args plus the memory it points to, kept reachable together. */
    private static final class ArgsMemory extends Memory {
        @SuppressWarnings("unused")
        private final Object[] refs;

        ArgsMemory(Memory array, List<Memory> strings) {
            super(24);
            this.refs = new Object[] { array, strings };
        }
    }

    // ----- readers --------------------------------------------------------------------------------------------

    /**
     * Starts one more reader unless there are {@link MountConfig#maxThreads()} already, or every place is taken (by
     * spinners inside requests).
     */
    private boolean tryStartReader() {
        int n;
        do {
            n = readers.get();
            if (n >= config.maxThreads() || places.get() >= config.maxThreads()) {
                return false;
            }
        } while (!readers.compareAndSet(n, n + 1));
        Thread t = new Thread(this::readLoop, "fuse-reader-" + config.driver() + "-" + readerSeq.incrementAndGet());
        t.setDaemon(true);
        readerThreads.add(t);
        t.start();
        return true;
    }

    /** Makes sure some reader is, or will soon be, listening on /dev/fuse: the most recently parked, or a new one. */
    private void ensureListener() {
        if (listening.get() != 0) {
            return;
        }
        Thread t = parked.pollFirst();
        if (t != null) {
            LockSupport.unpark(t);
        } else if (readers.get() <= busy.get() && (state == State.MOUNTED || state == State.SWAPPING)) {
            tryStartReader(); // (a reader that is neither busy nor parked is on its way to listen)
        }
    }

    private boolean stopping() {
        State s = state;
        return connectionEnded || s == State.CLOSING || s == State.CLOSED || s == State.FAILED;
    }

    /** Claims one of the {@link #places}; false when all are taken. */
    private boolean claimPlace() {
        int p;
        do {
            p = places.get();
            if (p >= config.maxThreads()) {
                return false;
            }
        } while (!places.compareAndSet(p, p + 1));
        return true;
    }

    /**
     * Parks a reader while every place is taken (only possible with spinners inside requests: the readers alone
     * never outnumber the places); a spinner leaving its request, or {@link #ensureListener()}, wakes it.
     */
    private void parkWhilePlacesTaken(Thread me) {
        parked.push(me);
        // (re-checked after the push: a spinner that leaves its place after this sees the reader parked)
        if (places.get() >= config.maxThreads() && !stopping()) {
            LockSupport.parkNanos(this, IDLE_RETIRE_NANOS);
        }
        parked.remove(me);
    }

    /**
     * Parks the calling reader until a listener hands over; returns true if it should retire (idle for
     * {@link #IDLE_RETIRE_NANOS} and more readers than the minimum; the reader count is already lowered).
     */
    private boolean park(Thread me) {
        parked.push(me);
        if (listening.get() == 0 && parked.remove(me)) {
            return false; // the listener left meanwhile
        }
        long t0 = System.nanoTime();
        LockSupport.parkNanos(this, IDLE_RETIRE_NANOS);
        if (parked.remove(me) && System.nanoTime() - t0 >= IDLE_RETIRE_NANOS) {
            int n = readers.get();
            return n > config.minThreads() && readers.compareAndSet(n, n - 1);
        }
        return false;
    }

    private void readLoop() {
        Pointer se = this.se; // the field is cleared at shutdown; a reader that outlives it must not see null
        int fd = LibFuse.fuse_session_fd(se);
        Memory buf = new Memory(NativeLayout.BUF_SIZE);
        buf.clear();
        DevicePoll device = new DevicePoll(fd);
        Thread me = Thread.currentThread();
        RequestHeader header = new RequestHeader(buf);
        boolean retired = false;
        try {
            while (!stopping()) {
                if (spinning) {
                    // The spinners serve: stay off /dev/fuse's wait queue, so that a request wakes nobody.
                    spinHeld.add(me);
                    if (spinning && !stopping()) {
                        LockSupport.parkNanos(this, IDLE_RETIRE_NANOS);
                    }
                    spinHeld.remove(me);
                    continue;
                }
                if (!claimPlace()) {
                    parkWhilePlacesTaken(me);
                    continue;
                }
                if (!listening.compareAndSet(0, 1)) {
                    if (busy.get() > 0 || device.readable(0)) {
                        // Concurrent callers (others are busy) or queued work: read too, as every reader of
                        // libfuse's loop does; turn-taking does not matter under load.
                        listening.incrementAndGet();
                    } else {
                        // Another reader listens and nothing is queued: park until it hands over (or retire after
                        // a long idle time).
                        places.decrementAndGet();
                        if (park(me)) {
                            retired = true;
                            break;
                        }
                        continue;
                    }
                }
                int r = LibFuse.fuse_session_receive_buf(se, buf);
                while (r == -EAGAIN && !stopping()) {
                    if (spinning && !device.readable(0)) {
                        break; // a spinner was first: the spinners serve again
                    }
                    // While spinners spin the descriptor does not block: wait here until a request may be there.
                    device.readable(1000); // (a request, or the connection ended)
                    r = LibFuse.fuse_session_receive_buf(se, buf);
                }
                listening.decrementAndGet();
                if (r <= 0) {
                    places.decrementAndGet();
                }
                if (r == -EINTR || r == -EAGAIN) {
                    continue;
                }
                if (r <= 0) {
                    if (r < 0 && r != -ENODEV) {
                        LOG.log(Level.WARNING, "reading /dev/fuse for " + config.mountpoint() + " failed: "
                                + Errno.name(-r));
                    }
                    connectionEnded = true;
                    wakeAll();
                    break;
                }
                arrived(header.callerPid());
                int working = busy.incrementAndGet();
                try {
                    if (working > 1 || device.readable(0)) {
                        // Concurrent callers (another reader is busy too) or requests queued: have the next one
                        // taken by another reader, already listening when it arrives.
                        ensureListener();
                    }
                    LibFuse.fuse_session_process_buf(se, buf);
                } finally {
                    busy.decrementAndGet();
                    places.decrementAndGet();
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "reader thread of " + config.mountpoint() + " failed", t);
        } finally {
            freeBuffers(buf, device);
            parked.remove(me);
            readerThreads.remove(me);
            if (!retired) {
                readerGone();
            }
        }
    }

    /** The thread ids of this session's spinners that have started (for tests and diagnostics). */
    List<Integer> spinnerTids() {
        List<Integer> tids = new ArrayList<>();
        for (Spinner sp : spinners) {
            if (sp.tid != 0) {
                tids.add(sp.tid);
            }
        }
        return tids;
    }

    /** Frees a reader's request buffer (its memory is libfuse's malloc) and its pollfd. */
    private static void freeBuffers(Memory buf, DevicePoll device) {
        long mem = buf.getLong(NativeLayout.BUF_MEM);
        if (mem != 0) {
            Native.free(mem);
        }
        buf.close();
        device.close();
    }

    /** A reader ended (the reader count is lowered here). */
    private void readerGone() {
        int left = readers.decrementAndGet();
        if (left == 0 && state == State.MOUNTED) {
            // The kernel ended the connection (external umount or abort): shut down on another thread.
            Thread t = new Thread(this::close, "fuse-close-" + config.driver());
            t.setDaemon(true);
            t.start();
        } else if (!stopping()) {
            ensureListener(); // a reader that failed must not leave the mount without a listener
        }
    }

    /** Reads the caller's thread id from the request a reader received (fuse_in_header.pid; 0: the kernel's own). */
    private static final class RequestHeader {
        /** {@code struct fuse_buf} (through a view: a ByteBuffer read is no JNI call, as Pointer.getLong is). */
        private final ByteBuffer buf;
        private long address;
        private ByteBuffer header;

        RequestHeader(Memory buf) {
            this.buf = buf.getByteBuffer(0, NativeLayout.BUF_SIZE).order(ByteOrder.nativeOrder());
        }

        int callerPid() {
            long mem = buf.getLong(NativeLayout.BUF_MEM);
            if (mem != address) { // libfuse allocates the reader's buffer once; this runs once per reader
                address = mem;
                header = new Pointer(mem).getByteBuffer(0, IN_HEADER_SIZE).order(ByteOrder.nativeOrder());
            }
            return header.getInt(IN_HEADER_PID);
        }
    }

    /**
     * Books a received request. Spinning starts when a request came soon after the one before from the same caller,
     * and pauses when two callers take turns: parallel callers need the CPUs themselves and are served better by the
     * readers, one per request at normal priority (the spinners would get idle time only, and there is little).
     */
    private void arrived(int callerPid) {
        received.incrementAndGet();
        if (monitorAsleep) {
            monitorAsleep = false;
            LockSupport.unpark(monitor);
        }
        if (spinMaxNanos > 0) {
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
                    stopSpinning(PARALLEL_PAUSE_NANOS);
                }
            } else if (!spinning && gap < spinMaxNanos && now - spinCooldownUntil > 0) {
                startSpinning();
            }
        }
    }

    // ----- spinners -------------------------------------------------------------------------------------------

    /**
     * A reader that never sleeps in {@code read}: while requests come less than {@link MountConfig#spinMicros()}
     * apart it polls /dev/fuse (the descriptor is non-blocking then) and handles what it finds, at scheduling
     * policy {@code SCHED_IDLE}. Such a thread runs only when its CPU has nothing else to do, so it takes no time
     * from anyone, but it keeps the CPU from halting, and the scheduler counts a CPU that runs only
     * {@code SCHED_IDLE} threads as idle when it places a woken thread: the caller wakes on its own CPU, sends its
     * next request, sleeps, and the spinner on that CPU answers it, without a cross-CPU wake-up either way. The
     * readers park off /dev/fuse meanwhile; the {@linkplain #monitorLoop() monitor} hands the device back to them
     * when a request waited two periods untaken (spinners starved by a busy machine), and raises a spinner that is
     * inside a request for longer than a period to {@code SCHED_OTHER} until it is done, so it never holds a driver
     * lock at idle priority for long.
     */
    private final class Spinner implements Runnable {
        final Thread thread;
        volatile int tid;
        /** When this spinner went to read a request (and then handle it); 0 while polling. */
        volatile long busySince;
        /** Raised to SCHED_OTHER by the monitor. */
        volatile boolean raised;
        private final Memory usage = new Memory(256);
        private final ByteBuffer usageView = usage.getByteBuffer(0, 256).order(ByteOrder.nativeOrder());
        private long lastSwitches;
        private long lastPreempted;
        private long waitingSince;

        /** The CPU this spinner stays on, or -1. */
        final int cpu;

        Spinner(int cpu) {
            this.cpu = cpu;
            thread = new Thread(this, "fuse-spinner-" + config.driver() + "-" + cpu);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            Pointer se = FuseSession.this.se;
            int fd = LibFuse.fuse_session_fd(se);
            Memory buf = new Memory(NativeLayout.BUF_SIZE);
            buf.clear();
            DevicePoll device = new DevicePoll(fd);
            RequestHeader header = new RequestHeader(buf);
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
                if (!setPolicy(tid, SCHED_IDLE)) {
                    return; // not allowed here: no spinning, the readers serve as before
                }
                while (!stopping()) {
                    if (!spinning) {
                        LockSupport.park(FuseSession.this);
                        continue;
                    }
                    long now = System.nanoTime();
                    LibC.getrusage(RUSAGE_THREAD, usage);
                    long switches = usageView.getLong(RU_NIVCSW);
                    if (switches != lastSwitches) {
                        lastSwitches = switches;
                        lastPreempted = now; // the scheduler ran another thread on this CPU since the last lap
                    }
                    if (!device.readable(0)) {
                        waitingSince = 0;
                        if (spinning && now - lastArrival > spinMaxNanos) {
                            starvedCooldown = SPIN_COOLDOWN_NANOS;
                            stopSpinning(0); // requests came too far apart: park until they come closer
                        }
                        continue;
                    }
                    if (now - lastPreempted > CALLER_RAN_NANOS) {
                        // Nothing ran on this CPU just now, so the caller is elsewhere: leave the request for a
                        // moment to the spinner of the caller's CPU, which answers without a cross-CPU wake-up.
                        if (waitingSince == 0) {
                            waitingSince = now;
                        }
                        if (now - waitingSince < DEFER_NANOS) {
                            continue;
                        }
                    }
                    waitingSince = 0;
                    // Not counted as busy (that is the readers' hand-off); the monitor watches busySince instead.
                    // It is set before the read: if spinning just stopped (the descriptor blocks again) and another
                    // thread took the request, this read waits for the next one, and the monitor raises this
                    // spinner meanwhile, so that it never holds a request at idle priority.
                    if (!claimPlace()) {
                        continue; // readers (or the other spinners) inside requests hold every place
                    }
                    busySince = now;
                    if (monitorAsleep) {
                        LockSupport.unpark(monitor); // (it watches spinners inside a read; see spinnerAtIdleInRequest)
                    }
                    int r;
                    try {
                        r = LibFuse.fuse_session_receive_buf(se, buf);
                        if (r > 0) {
                            arrived(header.callerPid());
                            LibFuse.fuse_session_process_buf(se, buf);
                        }
                    } finally {
                        synchronized (this) { // (the monitor raises under the same lock, while busySince is set)
                            busySince = 0;
                            if (raised) {
                                setPolicy(tid, SCHED_IDLE);
                                raised = false;
                            }
                        }
                        places.decrementAndGet();
                        if (!spinning) {
                            ensureListener(); // (a reader may wait for the place this spinner held)
                        }
                    }
                    if (r == -EAGAIN || r == -EINTR) {
                        continue; // another thread took it
                    }
                    if (r <= 0) {
                        connectionEnded = true;
                        wakeAll();
                        break;
                    }
                }
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "spinner of " + config.mountpoint() + " failed", t);
            } finally {
                freeBuffers(buf, device);
                spinners.remove(this);
                if (spinners.isEmpty() && spinning) {
                    stopSpinning(0); // (SCHED_IDLE refused, or a failure): the readers must not wait for us
                }
                readerThreads.remove(thread); // (last: shutdown waits for readerThreads before it frees the session)
            }
        }
    }

    private static final Memory SCHED_PARAM = new Memory(8);

    static {
        SCHED_PARAM.clear(); // struct sched_param { int sched_priority; } = 0, as SCHED_IDLE and SCHED_OTHER need
    }

    private static boolean setPolicy(int tid, int policy) {
        return LibC.sched_setscheduler(tid, policy, SCHED_PARAM) == 0;
    }

    /**
     * Wakes the spinners. They are made on first use, one per CPU up to {@link #MAX_SPINNERS}. They handle requests,
     * so they start only while the threads that may be inside a request (busy and listening readers, the caller
     * among them, and the spinners) stay within {@link MountConfig#maxThreads()}; the readers park meanwhile. When
     * none can be made (fuse.threads.max 1, or SCHED_IDLE refused), the readers serve alone.
     */
    private void startSpinning() {
        synchronized (spinLock) {
            if (spinning || stopping()) {
                return;
            }
            if (!spinnersMade) {
                spinnersMade = true;
                for (int cpu : allowedCpus(MAX_SPINNERS)) {
                    Spinner sp = new Spinner(cpu);
                    spinners.add(sp);
                    readerThreads.add(sp.thread);
                }
                spinners.forEach(sp -> sp.thread.start()); // (they park until spinning starts)
            }
            // (+ 1: the reader calling this, which received a request and is not counted busy yet)
            int handling = busy.get() + listening.get() + 1 + spinners.size();
            if (spinners.isEmpty() || handling > config.maxThreads() || !setNonBlocking(true)) {
                return;
            }
            spinning = true;
            for (Spinner sp : spinners) {
                LockSupport.unpark(sp.thread);
            }
        }
    }

    /**
     * Sets or clears O_NONBLOCK on /dev/fuse (guarded by {@link #spinLock}). Spinners poll and must not sleep in
     * {@code read}; readers must, because a blocking read waits exclusively (a request wakes one reader), while
     * every thread waiting in {@code poll} wakes on every request.
     */
    private boolean setNonBlocking(boolean on) {
        Pointer s = se;
        if (s == null || stopping()) {
            return false; // (shutting down: the descriptor may be closed already)
        }
        int fd = LibFuse.fuse_session_fd(s);
        int flags = LibC.fcntl(fd, F_GETFL, 0);
        if (flags < 0) {
            return false;
        }
        int want = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
        return want == flags || LibC.fcntl(fd, F_SETFL, want) == 0;
    }

    private static final int CPU_SET_BYTES = 128;

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

    /** Hands /dev/fuse back to the readers; spinning starts again on close requests after {@code cooldownNanos}. */
    private void stopSpinning(long cooldownNanos) {
        synchronized (spinLock) {
            if (cooldownNanos > 0) {
                spinCooldownUntil = System.nanoTime() + cooldownNanos;
            }
            if (spinning) {
                spinning = false;
                setNonBlocking(false);
            }
        }
        spinHeld.forEach(LockSupport::unpark);
        ensureListener();
    }

    /**
     * Whether a spinner is inside {@code read} or a request at idle priority: the monitor stays awake to raise it
     * (a spinner can wait in {@code read} when spinning stopped just as it read, and wakes at idle priority).
     */
    private boolean spinnerAtIdleInRequest() {
        for (Spinner sp : spinners) {
            if (sp.busySince != 0 && !sp.raised) {
                return true;
            }
        }
        return false;
    }

    /** Monitor: raises a spinner that has been inside one request (or its read) for a whole period to SCHED_OTHER. */
    private void raiseSlowSpinners(long now) {
        for (Spinner sp : spinners) {
            long since = sp.busySince;
            if (since != 0 && now - since > MONITOR_PERIOD_NANOS && !sp.raised) {
                synchronized (sp) {
                    // (the spinner lowers itself under the same lock once it is out of the request)
                    if (sp.busySince == since && setPolicy(sp.tid, SCHED_OTHER)) {
                        sp.raised = true;
                    }
                }
            }
        }
    }

    /** Unparks every parked reader, spinner and the monitor (shutdown, or the connection ended). */
    private void wakeAll() {
        for (Thread t : List.copyOf(parked)) {
            LockSupport.unpark(t);
        }
        for (Spinner sp : spinners) {
            LockSupport.unpark(sp.thread);
        }
        spinHeld.forEach(LockSupport::unpark);
        Thread m = monitor;
        if (m != null) {
            LockSupport.unpark(m);
        }
    }

    private void startMonitor() {
        Thread t = new Thread(this::monitorLoop, "fuse-monitor-" + config.driver());
        t.setDaemon(true);
        monitor = t;
        t.start();
    }

    /**
     * Covers handlers that block: every {@link #MONITOR_PERIOD_NANOS}, if no reader is listening, some are busy and
     * no request was received during the whole period, it wakes or starts a reader. After
     * {@link #MONITOR_IDLE_PERIODS} periods without any request it sleeps until the next one arrives (the listener
     * wakes it), so an idle mount costs no wake-ups.
     */
    private void monitorLoop() {
        long lastReceived = -1;
        int idlePeriods = 0;
        int fd = LibFuse.fuse_session_fd(se);
        DevicePoll device = new DevicePoll(fd);
        boolean spinnersSuspect = false;
        while (!stopping()) {
            if (idlePeriods >= MONITOR_IDLE_PERIODS && !spinning) {
                monitorAsleep = true;
                if (received.get() == lastReceived && busy.get() == 0 && !spinnerAtIdleInRequest()
                        && !stopping()) {
                    LockSupport.park(this);
                }
                monitorAsleep = false;
                idlePeriods = 0;
            } else {
                LockSupport.parkNanos(this, MONITOR_PERIOD_NANOS);
            }
            long now = received.get();
            if (!spinners.isEmpty()) {
                raiseSlowSpinners(System.nanoTime());
                if (spinning && now == lastReceived && device.readable(0)) {
                    // Twice in a row a request was waiting and none had been taken for a whole period: the
                    // spinners are starved (a busy machine) or stuck in handlers. The readers take over a while.
                    if (spinnersSuspect) {
                        long pause = starvedCooldown;
                        starvedCooldown = Math.min(pause * 2, MAX_SPIN_COOLDOWN_NANOS);
                        stopSpinning(pause);
                    }
                    spinnersSuspect = !spinnersSuspect;
                } else {
                    spinnersSuspect = false;
                }
            }
            if (now != lastReceived) {
                idlePeriods = 0;
            } else if (busy.get() > 0) {
                idlePeriods = 0;
                if (listening.get() == 0) {
                    ensureListener(); // all readers stuck in handlers for a whole period
                }
            } else {
                idlePeriods++;
            }
            lastReceived = now;
        }
    }

    // ----- request bookkeeping -------------------------------------------------------------------------------

    private FuseRequest request(long req, Op op, long inode) {
        inFlight.incrementAndGet();
        return new FuseRequest(this, req, op, inode);
    }

    void requestDone(FuseRequest r, long nanos, boolean error) {
        stats.record(r.op, nanos, error);
        inFlight.decrementAndGet();
    }

    void orphanedOpen(FuseRequest r, long fh) {
        LOG.log(Level.DEBUG, r + ": caller gone before the open reply; handle " + fh + " will not be released");
    }

    private void expireUnanswered() {
        long now = System.nanoTime();
        for (Map.Entry<FuseRequest, Long> e : unanswered.entrySet()) {
            FuseRequest r = e.getKey();
            if (r.isAnswered()) {
                unanswered.remove(r);
            } else if (now - e.getValue() > 0) {
                unanswered.remove(r);
                if (r.tryError(Errno.EIO)) {
                    LOG.log(Level.ERROR, config.driver() + " never answered " + r + " on " + config.mountpoint()
                            + " within " + config.replyTimeoutSeconds() + " s; answered EIO");
                }
            }
        }
    }

    /** A driver method, called with the request that doubles as its reply. */
    @FunctionalInterface
    private interface Call {
        void run(Operations ops, FuseRequest r);
    }

    /** Calls the driver; the failure paths are in their own methods, off the path every request takes. */
    private void dispatch(FuseRequest r, Call call) {
        Operations o = ops;
        if (o == null && (o = currentOps()) == null) {
            r.tryError(Errno.EIO);
            return;
        }
        try {
            call.run(o, r);
        } catch (Throwable t) {
            driverFailed(r, t);
        }
        if (!r.isAnswered()) {
            awaitAnswer(r);
        }
    }

    /** The driver threw: answer with its errno, or EIO, unless it answered already, and log what happened. */
    private void driverFailed(FuseRequest r, Throwable t) {
        if (t instanceof FuseException e) {
            if (!r.tryError(e.errno())) {
                LOG.log(Level.WARNING, config.driver() + " threw " + e.getMessage() + " in " + r
                        + " after answering it");
            }
            return;
        }
        boolean answered = r.tryError(Errno.EIO);
        String what = config.driver() + " failed in " + r + " on " + config.mountpoint()
                + (answered ? "; answered EIO" : " after answering it");
        if (t instanceof StackOverflowError) {
            // A thousand identical frames help nobody: name the error and where the recursion was.
            StackTraceElement[] st = t.getStackTrace();
            LOG.log(Level.ERROR, what + ": StackOverflowError at " + (st.length > 0 ? st[0] : "?"));
        } else {
            LOG.log(Level.ERROR, what, t);
        }
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
    }

    /** The driver returned without answering (it answers later, from another thread): watch the deadline. */
    private void awaitAnswer(FuseRequest r) {
        unanswered.put(r, System.nanoTime() + TimeUnit.SECONDS.toNanos(config.replyTimeoutSeconds()));
    }

    private Operations currentOps() {
        Operations o = ops;
        if (o != null) {
            return o;
        }
        synchronized (swapLock) {
            long deadline = System.nanoTime() + swapWaitNanos;
            while ((o = ops) == null && state == State.SWAPPING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(swapLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return o;
        }
    }

    // ----- hot swap --------------------------------------------------------------------------------------------

    private volatile long swapWaitNanos;

    /**
     * Detaches the driver and holds new requests for up to {@code holdMillis} until {@link #resume} brings a
     * replacement. Used for drivers with stable inode numbers.
     */
    public void suspend(long holdMillis) {
        synchronized (swapLock) {
            if (state != State.MOUNTED) {
                return;
            }
            swapWaitNanos = TimeUnit.MILLISECONDS.toNanos(holdMillis);
            state = State.SWAPPING;
            ops = null;
        }
    }

    /** Attaches a replacement driver after {@link #suspend}, calls its {@code init}, and releases held requests. */
    public void resume(Operations replacement) {
        ConnectionSnapshot conn = connection;
        replacement.init(this, conn);
        synchronized (swapLock) {
            ops = replacement;
            if (state == State.SWAPPING) {
                state = State.MOUNTED;
            }
            swapLock.notifyAll();
        }
    }

    /** Whether {@code candidate} implements the same operations as the current driver (hot swap needs it). */
    public boolean compatible(Operations candidate) {
        return Overrides.of(candidate.getClass()).equals(overrides);
    }

    // ----- close ------------------------------------------------------------------------------------------------

    /** Unmounts and ends the session; idempotent; waits a bounded time for requests in progress. */
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED || state == State.FAILED || state == State.CLOSING) {
                return;
            }
            if (se == null) {
                state = State.CLOSED;
                return;
            }
            shutdown(State.CLOSED);
        }
    }

    private void shutdown(State finalState) {
        state = State.CLOSING;
        wakeAll();
        synchronized (swapLock) {
            swapLock.notifyAll();
        }
        if (watchdogTask != null) {
            watchdogTask.cancel(false);
        }
        LibFuse.fuse_session_exit(se);
        // Detach the mount ourselves rather than with fuse_session_unmount, which closes /dev/fuse under the readers:
        // a mount kept busy by an open file must go on answering until the file is closed (lazy unmount), and the
        // connection ends (readers get ENODEV) once the last user is gone.
        int err = LibC.detach(config.mountpoint().toString());
        if (err != 0 && err != EINVAL && err != 2) {
            LOG.log(Level.WARNING, "cannot unmount " + config.mountpoint() + ": " + Errno.name(err));
        }
        boolean joined = joinReaders(CLOSE_WAIT_MILLIS);
        if (!joined) {
            // Still busy (an open file, a hung handler): end the connection; pending calls get ENOTCONN.
            abortConnection();
            readerThreads.forEach(Thread::interrupt);
            joined = joinReaders(CLOSE_WAIT_MILLIS);
        }
        // Requests a driver still owes an answer: answer them now, before the session memory goes away.
        for (FuseRequest r : unanswered.keySet()) {
            r.tryError(Errno.EIO);
        }
        unanswered.clear();
        waitForInFlight(joined ? CLOSE_WAIT_MILLIS : 0);
        if (joined && inFlight.get() == 0) {
            LibFuse.fuse_session_destroy(se);
        } else {
            LOG.log(Level.ERROR, "handlers of " + config.driver() + " on " + config.mountpoint()
                    + " did not return; the session's native memory is left allocated");
        }
        se = null;
        ExecutorService n = notifier;
        if (n != null) {
            n.shutdownNow();
        }
        retrieves.values().forEach(f -> f.completeExceptionally(new FuseException(Errno.ENOTCONN, "unmounted")));
        buffers.clear();
        state = finalState;
        Consumer<FuseSession> l = onClosed;
        if (l != null) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "close listener failed", e);
            }
        }
    }

    private boolean joinReaders(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : List.copyOf(readerThreads)) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            try {
                t.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return readerThreads.stream().noneMatch(t -> t != Thread.currentThread() && t.isAlive());
    }

    private void waitForInFlight(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void abortConnection() {
        if (connectionId < 0) {
            return;
        }
        Path abort = Path.of("/sys/fs/fuse/connections", Integer.toString(connectionId), "abort");
        try {
            Files.writeString(abort, "1");
            LOG.log(Level.WARNING, "aborted FUSE connection " + connectionId + " of " + config.mountpoint()
                    + ": a handler did not return");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot abort FUSE connection " + connectionId + ": " + e.getMessage());
        }
    }

    // ----- Session: notifications -----------------------------------------------------------------------------

    private Pointer live() {
        Pointer s = se;
        State st = state;
        if (s == null || st == State.CLOSED || st == State.FAILED || st == State.CLOSING) {
            throw new FuseException(Errno.ENOTCONN, "session of " + config.mountpoint() + " has ended");
        }
        return s;
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new FuseException(-rc, what);
        }
    }

    @Override
    public void invalidateInode(long inode, long offset, long length) {
        check(LibFuse.fuse_lowlevel_notify_inval_inode(live(), inode, offset, length), "invalidate inode " + inode);
    }

    @Override
    public void invalidateEntry(long parent, byte[] name) {
        check(LibFuse.fuse_lowlevel_notify_inval_entry(live(), parent, NativeLayout.withNul(name), name.length),
                "invalidate entry " + new String(name, StandardCharsets.UTF_8) + " in " + parent);
    }

    @Override
    public void notifyDelete(long parent, long child, byte[] name) {
        check(LibFuse.fuse_lowlevel_notify_delete(live(), parent, child, NativeLayout.withNul(name), name.length),
                "notify delete " + new String(name, StandardCharsets.UTF_8) + " in " + parent);
    }

    @Override
    public CompletionStage<Void> invalidateEntryAsync(long parent, byte[] name, long deletedChild,
            boolean ignoreEnoent) {
        byte[] copy = name.clone();
        CompletableFuture<Void> done = new CompletableFuture<>();
        notifier().execute(() -> {
            try {
                if (deletedChild != 0) {
                    notifyDelete(parent, deletedChild, copy);
                } else {
                    invalidateEntry(parent, copy);
                }
                done.complete(null);
            } catch (FuseException e) {
                if (ignoreEnoent && e.errno() == Errno.ENOENT) {
                    done.complete(null);
                } else {
                    LOG.log(Level.DEBUG, "queued invalidation failed: " + e.getMessage());
                    done.completeExceptionally(e);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private ExecutorService notifier() {
        ExecutorService n = notifier;
        if (n == null) {
            synchronized (this) {
                n = notifier;
                if (n == null) {
                    n = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "fuse-notify-" + config.driver());
                        t.setDaemon(true);
                        return t;
                    });
                    notifier = n;
                }
            }
        }
        return n;
    }

    @Override
    public void notifyStore(long inode, long offset, ByteBuffer data) {
        int len = data.remaining();
        Memory mem = new Memory(Math.max(1, len));
        mem.getByteBuffer(0, Math.max(1, len)).put(data.duplicate());
        Memory bufv = new Memory(NativeLayout.BUFVEC_SIZE);
        bufv.clear();
        bufv.setLong(0, 1); // count
        bufv.setLong(8, 0); // idx
        bufv.setLong(16, 0); // off
        bufv.setLong(24, len); // buf[0].size
        bufv.setInt(32, 0); // flags
        bufv.setPointer(40, mem); // mem
        bufv.setInt(48, -1); // fd
        bufv.setLong(56, 0); // pos
        try {
            check(LibFuse.fuse_lowlevel_notify_store(live(), inode, offset, bufv, 0), "notify store inode " + inode);
        } finally {
            mem.close();
            bufv.close();
        }
    }

    @Override
    public CompletionStage<ByteBuffer> notifyRetrieve(long inode, long offset, int size) {
        long cookie = retrieveCookie.incrementAndGet();
        CompletableFuture<ByteBuffer> f = new CompletableFuture<>();
        retrieves.put(cookie, f);
        try {
            check(LibFuse.fuse_lowlevel_notify_retrieve(live(), inode, size, offset, new Pointer(cookie)),
                    "notify retrieve inode " + inode);
        } catch (FuseException e) {
            retrieves.remove(cookie);
            f.completeExceptionally(e);
        }
        return f;
    }

    private final java.util.concurrent.ConcurrentMap<String, Object> attachments = new ConcurrentHashMap<>();

    @Override
    public java.util.concurrent.ConcurrentMap<String, Object> attachments() {
        return attachments;
    }

    @Override
    public void terminate() {
        Thread t = new Thread(this::close, "fuse-terminate-" + config.driver());
        t.setDaemon(true);
        t.start();
    }

    // ----- callbacks ----------------------------------------------------------------------------------------------

    private static byte[] name(long address) {
        return NativeLayout.cString(NativeView.at(address));
    }

    /** An {@code int} field of the {@code fuse_file_info} at {@code fi}. */
    private static int fiInt(long fi, long offset) {
        return NativeView.at(nonNullFi(fi)).getInt(offset);
    }

    /** A {@code long} field of the {@code fuse_file_info} at {@code fi}. */
    private static long fiLong(long fi, long offset) {
        return NativeView.at(nonNullFi(fi)).getLong(offset);
    }

    /** libfuse passes NULL only to getattr and setattr ({@link #optFh}); reading at 0 would kill the JVM. */
    private static long nonNullFi(long fi) {
        if (fi == 0) {
            throw new IllegalStateException("libfuse passed no fuse_file_info");
        }
        return fi;
    }

    private static long fh(long fi) {
        return fiLong(fi, NativeLayout.FI_FH);
    }

    private static OptionalLong optFh(long fi) {
        return fi == 0 ? OptionalLong.empty() : OptionalLong.of(fh(fi));
    }

    /**
     * Sets the mount's readahead window to {@code kb} KiB, during INIT, before the reply: the kernel sets the window
     * to the smaller of the backing device's (128 KiB when the mount was made) and the reply's {@code max_readahead},
     * so the device's must be raised first. A failure (not root) is logged and leaves the kernel's window.
     */
    private void widenReadahead(int kb) {
        Path knob = Path.of("/sys/class/bdi/0:" + connectionId + "/read_ahead_kb");
        try {
            Files.writeString(knob, Integer.toString(kb));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot set the readahead window of " + config.mountpoint() + " to " + kb
                    + " KiB (" + Fuse.READAHEAD_KB + "): writing " + knob + " failed: " + e
                    + "; the kernel's window stays");
        }
    }

    private LowlevelOps buildOps() {
        LowlevelOps o = new LowlevelOps();
        Overrides ov = overrides;
        o.init = (userdata, conn) -> {
            ConnInfo info = new ConnInfo(conn);
            try {
                info.maxWrite(1 << 20);
                if (info.isCapable(ConnInfo.CAP_PARALLEL_DIROPS)) {
                    // Lookups and readdirs in one directory run in parallel instead of one at a time.
                    info.enable(ConnInfo.CAP_PARALLEL_DIROPS);
                }
                if (ov.has("readdir")) {
                    info.readdirplus(info.isCapable(ConnInfo.CAP_READDIRPLUS));
                }
                if (ov.has("flock") && info.isCapable(ConnInfo.CAP_FLOCK_LOCKS)) {
                    info.enable(ConnInfo.CAP_FLOCK_LOCKS);
                } else {
                    info.disable(ConnInfo.CAP_FLOCK_LOCKS);
                }
                if ((ov.has("getlk") || ov.has("setlk")) && info.isCapable(ConnInfo.CAP_POSIX_LOCKS)) {
                    info.enable(ConnInfo.CAP_POSIX_LOCKS);
                } else {
                    info.disable(ConnInfo.CAP_POSIX_LOCKS);
                }
                if (config.readaheadKb() > 0) {
                    // Offered before the driver's init, so that a driver may still lower it.
                    info.maxReadahead(config.readaheadKb() * 1024);
                }
                ops.init(this, info);
                if (config.readaheadKb() > 0) {
                    widenReadahead(info.maxReadahead() / 1024);
                }
            } catch (Throwable t) {
                initFailure = t;
                LOG.log(Level.ERROR, "driver " + config.driver() + " failed in init() for " + config.mountpoint(), t);
            } finally {
                connection = ConnectionSnapshot.of(info);
                info.seal();
                initDone.countDown();
            }
        };
        o.destroy = userdata -> {
            Operations d = ops;
            if (d != null) {
                try {
                    d.destroy();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "driver " + config.driver() + " failed in destroy()", t);
                }
            }
        };
        if (ov.has("lookup")) {
            o.lookup = (req, parent, name) -> {
                byte[] n = name(name);
                dispatch(request(req, Op.LOOKUP, parent), (d, r) -> d.lookup(r, parent, n, r));
            };
        }
        if (ov.has("forget")) {
            o.forget = (req, ino, nlookup) -> {
                LibFuse.fuse_reply_none(req);
                forget(List.of(new Forget(ino, nlookup)));
            };
            o.forget_multi = (req, count, forgets) -> {
                List<Forget> list = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    long off = i * NativeLayout.FORGET_DATA_SIZE;
                    list.add(new Forget(forgets.getLong(off), forgets.getLong(off + 8)));
                }
                LibFuse.fuse_reply_none(req);
                forget(list);
            };
        }
        if (ov.has("getattr")) {
            o.getattr = (req, ino, fi) -> {
                OptionalLong fh = optFh(fi);
                dispatch(request(req, Op.GETATTR, ino), (d, r) -> d.getattr(r, ino, fh, r));
            };
        }
        if (ov.has("setattr")) {
            o.setattr = (req, ino, attr, toSet, fi) -> {
                EntryAttributes a = NativeLayout.readStat(attr, new EntryAttributes());
                long now = -1;
                if ((toSet & SetattrFields.ATIME_NOW) != 0) {
                    now = nowNanos();
                    a.atimeNs(now);
                }
                if ((toSet & SetattrFields.MTIME_NOW) != 0) {
                    a.mtimeNs(now >= 0 ? now : nowNanos());
                }
                SetattrFields fields = new SetattrFields(toSet);
                OptionalLong fh = optFh(fi);
                dispatch(request(req, Op.SETATTR, ino), (d, r) -> d.setattr(r, ino, a, fields, fh, r));
            };
        }
        if (ov.has("readlink")) {
            o.readlink = (req, ino) -> dispatch(request(req, Op.READLINK, ino), (d, r) -> d.readlink(r, ino, r));
        }
        if (ov.has("mknod")) {
            o.mknod = (req, parent, name, mode, rdev) -> {
                byte[] n = name(name);
                dispatch(request(req, Op.MKNOD, parent), (d, r) -> d.mknod(r, parent, n, mode, rdev, r));
            };
        }
        if (ov.has("mkdir")) {
            o.mkdir = (req, parent, name, mode) -> {
                byte[] n = name(name);
                int m = mode | fuse.api.Fuse.S_IFDIR;
                dispatch(request(req, Op.MKDIR, parent), (d, r) -> d.mkdir(r, parent, n, m, r));
            };
        }
        if (ov.has("unlink")) {
            o.unlink = (req, parent, name) -> {
                byte[] n = name(name);
                dispatch(request(req, Op.UNLINK, parent), (d, r) -> d.unlink(r, parent, n, r));
            };
        }
        if (ov.has("rmdir")) {
            o.rmdir = (req, parent, name) -> {
                byte[] n = name(name);
                dispatch(request(req, Op.RMDIR, parent), (d, r) -> d.rmdir(r, parent, n, r));
            };
        }
        if (ov.has("symlink")) {
            o.symlink = (req, link, parent, name) -> {
                byte[] target = name(link);
                byte[] n = name(name);
                dispatch(request(req, Op.SYMLINK, parent), (d, r) -> d.symlink(r, parent, n, target, r));
            };
        }
        if (ov.has("rename")) {
            o.rename = (req, parent, name, newParent, newName, flags) -> {
                byte[] n = name(name);
                byte[] nn = name(newName);
                dispatch(request(req, Op.RENAME, parent), (d, r) -> d.rename(r, parent, n, newParent, nn, flags, r));
            };
        }
        if (ov.has("link")) {
            o.link = (req, ino, newParent, newName) -> {
                byte[] nn = name(newName);
                dispatch(request(req, Op.LINK, ino), (d, r) -> d.link(r, ino, newParent, nn, r));
            };
        }
        if (ov.has("open")) {
            o.open = (req, ino, fi) -> {
                FuseRequest rq = request(req, Op.OPEN, ino);
                rq.openFlags = fiInt(fi, NativeLayout.FI_FLAGS);
                int flags = rq.openFlags;
                dispatch(rq, (d, r) -> d.open(r, ino, flags, r));
            };
        }
        if (ov.has("read")) {
            o.read = (req, ino, size, off, fi) -> {
                long fh = fh(fi);
                int n = (int) Math.min(size, Integer.MAX_VALUE);
                dispatch(request(req, Op.READ, ino), (d, r) -> d.read(r, ino, fh, off, n, r));
            };
        }
        if (ov.has("write")) {
            o.write = (req, ino, buf, size, off, fi) -> {
                long fh = fh(fi);
                int flags = fiInt(fi, NativeLayout.FI_FLAGS);
                ByteBuffer data = size == 0 ? ByteBuffer.allocate(0) : buf.getByteBuffer(0, size);
                dispatch(request(req, Op.WRITE, ino), (d, r) -> d.write(r, ino, fh, off, data, flags, r));
            };
        }
        if (ov.has("flush")) {
            o.flush = (req, ino, fi) -> {
                long fh = fh(fi);
                long owner = fiLong(fi, NativeLayout.FI_LOCK_OWNER);
                dispatch(request(req, Op.FLUSH, ino), (d, r) -> d.flush(r, ino, fh, owner, r));
            };
        }
        if (ov.has("release")) {
            o.release = (req, ino, fi) -> {
                long fh = fh(fi);
                int flags = fiInt(fi, NativeLayout.FI_FLAGS);
                long owner = fiLong(fi, NativeLayout.FI_LOCK_OWNER);
                boolean flockRelease = (fiInt(fi, NativeLayout.FI_BITS) & NativeLayout.FI_BIT_FLOCK_RELEASE) != 0;
                dispatch(request(req, Op.RELEASE, ino),
                        (d, r) -> d.release(r, ino, fh, flags, owner, flockRelease, r));
            };
        }
        if (ov.has("fsync")) {
            o.fsync = (req, ino, datasync, fi) -> {
                long fh = fh(fi);
                dispatch(request(req, Op.FSYNC, ino), (d, r) -> d.fsync(r, ino, fh, datasync != 0, r));
            };
        }
        if (ov.has("opendir")) {
            o.opendir = (req, ino, fi) -> {
                FuseRequest rq = request(req, Op.OPENDIR, ino);
                rq.openFlags = fiInt(fi, NativeLayout.FI_FLAGS);
                int flags = rq.openFlags;
                dispatch(rq, (d, r) -> d.opendir(r, ino, flags, r));
            };
        }
        if (ov.has("readdir")) {
            o.readdir = (req, ino, size, off, fi) -> readdir(req, ino, size, off, fi, false);
            o.readdirplus = (req, ino, size, off, fi) -> readdir(req, ino, size, off, fi, true);
        }
        if (ov.has("releasedir")) {
            o.releasedir = (req, ino, fi) -> {
                long fh = fh(fi);
                dispatch(request(req, Op.RELEASEDIR, ino), (d, r) -> d.releasedir(r, ino, fh, r));
            };
        }
        if (ov.has("fsyncdir")) {
            o.fsyncdir = (req, ino, datasync, fi) -> {
                long fh = fh(fi);
                dispatch(request(req, Op.FSYNCDIR, ino), (d, r) -> d.fsyncdir(r, ino, fh, datasync != 0, r));
            };
        }
        if (ov.has("statfs")) {
            o.statfs = (req, ino) -> dispatch(request(req, Op.STATFS, ino), (d, r) -> d.statfs(r, ino, r));
        }
        if (ov.has("setxattr")) {
            o.setxattr = (req, ino, name, value, size, flags) -> {
                byte[] n = name(name);
                byte[] v = size == 0 ? new byte[0] : value.getByteArray(0, (int) size);
                dispatch(request(req, Op.SETXATTR, ino), (d, r) -> d.setxattr(r, ino, n, v, flags, r));
            };
        }
        if (ov.has("getxattr")) {
            o.getxattr = (req, ino, name, size) -> {
                byte[] n = name(name);
                FuseRequest rq = request(req, Op.GETXATTR, ino);
                rq.xattrSize = size;
                dispatch(rq, (d, r) -> d.getxattr(r, ino, n, r));
            };
        }
        if (ov.has("listxattr")) {
            o.listxattr = (req, ino, size) -> {
                FuseRequest rq = request(req, Op.LISTXATTR, ino);
                rq.xattrSize = size;
                dispatch(rq, (d, r) -> d.listxattr(r, ino, r));
            };
        }
        if (ov.has("removexattr")) {
            o.removexattr = (req, ino, name) -> {
                byte[] n = name(name);
                dispatch(request(req, Op.REMOVEXATTR, ino), (d, r) -> d.removexattr(r, ino, n, r));
            };
        }
        if (ov.has("access")) {
            o.access = (req, ino, mask) -> dispatch(request(req, Op.ACCESS, ino), (d, r) -> d.access(r, ino, mask, r));
        }
        if (ov.has("create")) {
            o.create = (req, parent, name, mode, fi) -> {
                byte[] n = name(name);
                FuseRequest rq = request(req, Op.CREATE, parent);
                rq.openFlags = fiInt(fi, NativeLayout.FI_FLAGS);
                int flags = rq.openFlags;
                dispatch(rq, (d, r) -> d.create(r, parent, n, mode, flags, r));
            };
        }
        if (ov.has("getlk") || ov.has("setlk")) {
            o.getlk = (req, ino, fi, lock) -> {
                long fh = fh(fi);
                long owner = fiLong(fi, NativeLayout.FI_LOCK_OWNER);
                fuse.api.FileLock l = NativeLayout.readFlock(lock);
                dispatch(request(req, Op.GETLK, ino), (d, r) -> d.getlk(r, ino, fh, owner, l, r));
            };
            o.setlk = (req, ino, fi, lock, sleep) -> {
                long fh = fh(fi);
                long owner = fiLong(fi, NativeLayout.FI_LOCK_OWNER);
                fuse.api.FileLock l = NativeLayout.readFlock(lock);
                dispatch(request(req, Op.SETLK, ino), (d, r) -> d.setlk(r, ino, fh, owner, l, sleep != 0, r));
            };
        }
        if (ov.has("flock")) {
            o.flock = (req, ino, fi, op) -> {
                long fh = fh(fi);
                long owner = fiLong(fi, NativeLayout.FI_LOCK_OWNER);
                dispatch(request(req, Op.FLOCK, ino), (d, r) -> d.flock(r, ino, fh, owner, op, r));
            };
        }
        if (ov.has("fallocate")) {
            o.fallocate = (req, ino, mode, offset, length, fi) -> {
                long fh = fh(fi);
                dispatch(request(req, Op.FALLOCATE, ino), (d, r) -> d.fallocate(r, ino, fh, mode, offset, length, r));
            };
        }
        if (ov.has("copyFileRange")) {
            o.copy_file_range = (req, inoIn, offIn, fiIn, inoOut, offOut, fiOut, len, flags) -> {
                long fhIn = fh(fiIn);
                long fhOut = fh(fiOut);
                dispatch(request(req, Op.COPY_FILE_RANGE, inoIn),
                        (d, r) -> d.copyFileRange(r, inoIn, fhIn, offIn, inoOut, fhOut, offOut, len, flags, r));
            };
        }
        if (ov.has("lseek")) {
            o.lseek = (req, ino, off, whence, fi) -> {
                long fh = fh(fi);
                dispatch(request(req, Op.LSEEK, ino), (d, r) -> d.lseek(r, ino, fh, off, whence, r));
            };
        }
        o.retrieve_reply = (req, cookie, ino, offset, bufv) -> {
            CompletableFuture<ByteBuffer> f = retrieves.remove(Pointer.nativeValue(cookie));
            try {
                if (f != null) {
                    long count = bufv.getLong(0);
                    ByteBuffer out = ByteBuffer.allocate(0);
                    if (count > 0) {
                        long size = bufv.getLong(24);
                        Pointer mem = bufv.getPointer(40);
                        out = ByteBuffer.wrap(size == 0 || mem == null ? new byte[0] : mem.getByteArray(0, (int) size));
                    }
                    f.complete(out);
                }
            } finally {
                LibFuse.fuse_reply_none(req);
            }
        };
        keepAlive.add(o);
        return o;
    }

    private void readdir(long req, long ino, long size, long off, long fi, boolean plus) {
        long fh = fh(fi);
        FuseRequest rq = request(req, plus ? Op.READDIRPLUS : Op.READDIR, ino);
        rq.startDirectory(size, plus);
        dispatch(rq, (d, r) -> d.readdir(r, ino, fh, off, r));
    }

    private void forget(List<Forget> list) {
        long start = System.nanoTime();
        // During a hot swap a forget waits for the replacement like any request: it took over the lookup counts
        // (the inode table), so dropping the forget would leave those counts too high for good.
        Operations o = currentOps();
        if (o == null) {
            return; // no replacement came: the mount is going away with its counts
        }
        try {
            o.forget(list);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, config.driver() + " failed in forget (must not throw)", t);
        }
        stats.record(Op.FORGET, System.nanoTime() - start, false);
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
        return "FuseSession[" + config.driver() + " on " + config.mountpoint() + ", " + state + "]";
    }
}
