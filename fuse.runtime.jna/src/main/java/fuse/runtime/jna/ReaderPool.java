package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.linux.libfuse.FuseBuf;
import fuse.linux.libfuse.FuseInHeader;
import fuse.runtime.jna.natives.DevicePoll;
import fuse.runtime.jna.natives.LibFuse;

/**
 * The reader threads of one session: platform threads that read a request from {@code /dev/fuse} and handle it
 * inline ({@code fuse_session_process_buf}, which calls the {@link OpTable}).
 *
 * <h2>Who listens</h2>
 * At most one reader waits in {@code read} at a time; the others park, most recently busy first (LIFO). The kernel
 * wakes the readers waiting on /dev/fuse in FIFO order, so two of them waiting there would take turns and every
 * request would wake a thread that had been asleep longest; with one listener, a sequential caller is served by the
 * same warm thread every time (measured: twice the GETATTR round trips per second on 2 cores). Parallelism comes from
 * the queue: a reader that receives a request and sees more pending on /dev/fuse ({@code poll}, no wait) hands the
 * listening over to a parked reader, or starts one, up to {@link MountConfig#maxThreads()}, before it handles its
 * own. A handler that blocks is covered by the {@link Monitor}. Parked readers idle for {@link #IDLE_RETIRE_NANOS}
 * retire (down to {@link MountConfig#minThreads()}).
 *
 * <h2>Places</h2>
 * Readers and {@link Spinners} alike claim one of {@link MountConfig#maxThreads()} places before they read a request
 * and give it back when it is done, so the driver never has more requests inside it at once than the maximum, also
 * when a spinner is caught in a slow handler as the readers take over.
 */
final class ReaderPool {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** A parked reader idle this long retires (down to the minimum). */
    static final long IDLE_RETIRE_NANOS = 10_000_000_000L;
    private static final int EINTR = Errno.EINTR;
    private static final int EAGAIN = Errno.EAGAIN;
    private static final int ENODEV = Errno.ENODEV;

    private final FuseSession session;
    private final SessionHandle handle;
    private final MountConfig config;
    private Spinners spinners;
    private Monitor monitor;

    private final AtomicInteger readers = new AtomicInteger();
    /** Readers in (or about to enter) {@code read(/dev/fuse)}: one when idle, more only while work is queued. */
    private final AtomicInteger listening = new AtomicInteger();
    /** Readers inside a request. */
    private final AtomicInteger busy = new AtomicInteger();
    /** Readers and spinners listening on /dev/fuse or inside a request, at most {@link MountConfig#maxThreads()}. */
    private final AtomicInteger places = new AtomicInteger();
    /** Requests received so far (the monitor's sign of progress). */
    private final AtomicLong received = new AtomicLong();
    /** Parked readers, most recently parked first. */
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    /** Every reader and spinner thread alive: the session is destroyed only once they are gone. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Guards {@link #closed}: no thread joins {@link #threads} after {@link #close()}. */
    private final Object registry = new Object();
    private boolean closed;
    private final AtomicInteger readerSeq = new AtomicInteger();
    /** Set once INIT's answer has reached the kernel ({@link FuseSession#initAnswered()}). */
    private volatile boolean initAnswered;

    ReaderPool(FuseSession session, SessionHandle handle) {
        this.session = session;
        this.handle = handle;
        this.config = session.config();
    }

    /** Completes the wiring: the spinners that may serve instead, and the monitor to wake on a request. */
    void attach(Spinners spinnerSet, Monitor watcher) {
        this.spinners = spinnerSet;
        this.monitor = watcher;
    }

    // ----- accounting the others read ---------------------------------------------------------------------------

    /** Reader threads alive. */
    int readerCount() {
        return readers.get();
    }

    /** Readers inside a request. */
    int busyCount() {
        return busy.get();
    }

    /** Readers listening on /dev/fuse. */
    int listeningCount() {
        return listening.get();
    }

    /** Requests received so far. */
    long receivedCount() {
        return received.get();
    }

    /**
     * Registers a thread the session must wait for before it frees the session; false once the pool is closed (the
     * thread must not start then: the session may already be destroyed).
     */
    boolean track(Thread t) {
        synchronized (registry) {
            if (closed) {
                return false;
            }
            threads.add(t);
            return true;
        }
    }

    /** No thread starts from now on (shutdown: the threads alive are about to be joined). */
    void close() {
        synchronized (registry) {
            closed = true;
        }
    }

    void untrack(Thread t) {
        threads.remove(t);
    }

    /** Claims one of the places; false when all are taken. */
    boolean claimPlace() {
        int p;
        do {
            p = places.get();
            if (p >= config.maxThreads()) {
                return false;
            }
        } while (!places.compareAndSet(p, p + 1));
        return true;
    }

    void releasePlace() {
        places.decrementAndGet();
    }

    /**
     * Books a received request (readers and spinners alike): counts it for the monitor, wakes the monitor if it
     * sleeps, and lets the spinners' policy see who sent it.
     */
    void arrived(int callerPid) {
        received.incrementAndGet();
        monitor.requestArrived();
        spinners.arrived(callerPid);
    }

    // ----- readers ------------------------------------------------------------------------------------------------

    /**
     * Starts one more reader unless there are {@link MountConfig#maxThreads()} already, or every place is taken (by
     * spinners inside requests).
     */
    boolean tryStartReader() {
        int n;
        do {
            n = readers.get();
            if (n >= config.maxThreads() || places.get() >= config.maxThreads()) {
                return false;
            }
        } while (!readers.compareAndSet(n, n + 1));
        Thread t = new Thread(this::readLoop, "fuse-reader-" + config.driver() + "-" + readerSeq.incrementAndGet());
        t.setDaemon(true);
        if (!track(t)) {
            readers.decrementAndGet();
            return false;
        }
        t.start();
        return true;
    }

    /** Makes sure some reader is, or will soon be, listening on /dev/fuse: the most recently parked, or a new one. */
    void ensureListener() {
        if (listening.get() != 0) {
            return;
        }
        Thread t = parked.pollFirst();
        if (t != null) {
            LockSupport.unpark(t);
        } else if (readers.get() <= busy.get() && session.isServing()) {
            tryStartReader(); // (a reader that is neither busy nor parked is on its way to listen)
        }
    }

    /**
     * Parks a reader while every place is taken (only possible with spinners inside requests: the readers alone
     * never outnumber the places); a spinner leaving its request, or {@link #ensureListener()}, wakes it.
     */
    private void parkWhilePlacesTaken(Thread me) {
        parked.push(me);
        // (re-checked after the push: a spinner that leaves its place after this sees the reader parked)
        if (places.get() >= config.maxThreads() && !session.stopping()) {
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
        RequestBuffer buf = new RequestBuffer(session, handle);
        Thread me = Thread.currentThread();
        boolean retired = false;
        try {
            while (!session.stopping()) {
                if (spinners.serving()) {
                    spinners.holdReader(me); // stay off /dev/fuse's wait queue, so that a request wakes nobody
                    continue;
                }
                if (!claimPlace()) {
                    parkWhilePlacesTaken(me);
                    continue;
                }
                if (!listening.compareAndSet(0, 1)) {
                    if (busy.get() > 0 || buf.device.readable(0)) {
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
                int r = buf.receive();
                while (r == -EAGAIN && !session.stopping()) {
                    if (spinners.serving() && !buf.device.readable(0)) {
                        break; // a spinner was first: the spinners serve again
                    }
                    // While spinners spin the descriptor does not block: wait here until a request may be there.
                    buf.device.readable(1000); // (a request, or the connection ended)
                    r = buf.receive();
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
                    session.connectionEnded();
                    break;
                }
                arrived(buf.callerPid());
                int working = busy.incrementAndGet();
                try {
                    if (working > 1 || buf.device.readable(0)) {
                        // Concurrent callers (another reader is busy too) or requests queued: have the next one
                        // taken by another reader, already listening when it arrives.
                        ensureListener();
                    }
                    buf.process();
                    if (!initAnswered) {
                        initAnswered = session.initAnswered(); // (INIT's reply is written inside process)
                    }
                } finally {
                    busy.decrementAndGet();
                    places.decrementAndGet();
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "reader thread of " + config.mountpoint() + " failed", t);
        } finally {
            buf.free();
            parked.remove(me);
            threads.remove(me);
            if (!retired) {
                readerGone();
            }
        }
    }

    /** A reader ended (the reader count is lowered here). */
    private void readerGone() {
        int left = readers.decrementAndGet();
        if (left == 0 && session.state() == FuseSession.State.MOUNTED) {
            // The kernel ended the connection (external umount or abort): shut down on another thread.
            Thread t = new Thread(session::close, "fuse-close-" + config.driver());
            t.setDaemon(true);
            t.start();
        } else if (!session.stopping()) {
            ensureListener(); // a reader that failed must not leave the mount without a listener
        }
    }

    /** Unparks every parked reader (shutdown, or the connection ended). */
    void wakeAll() {
        for (Thread t : List.copyOf(parked)) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Waits up to {@code millis} for every reader and spinner to end.
     *
     * @return whether they all did (the calling thread excepted: a reader may close its own session)
     */
    boolean join(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : List.copyOf(threads)) {
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
        return threads.stream().noneMatch(t -> t != Thread.currentThread() && t.isAlive());
    }

    /** Interrupts every reader and spinner (handlers that hang, after the connection was aborted). */
    void interruptAll() {
        threads.forEach(Thread::interrupt);
    }

    /**
     * One thread's request buffer: libfuse's {@code struct fuse_buf} (whose memory libfuse allocates on the first
     * read), a {@code pollfd} on the device, a view of the request header for the caller's thread id (a
     * {@code ByteBuffer} read is no JNI call, as {@code Pointer.getLong} is), and the pipe that large WRITEs are
     * spliced into when the session does that ({@link RequestPipe}).
     */
    static final class RequestBuffer {
        private final FuseSession session;
        private final SessionHandle handle;
        /** The buffer of the thread handling a request, for {@link #writeArrived}. */
        private static final ThreadLocal<RequestBuffer> CURRENT = new ThreadLocal<>();
        private final RequestPipe pipe = new RequestPipe();
        /** Whether the request received last is in the pipe, and its size. */
        private boolean inPipe;
        private int received;
        /** The data of the request being handled when it is a WRITE ({@link #writeArrived}), else null. */
        private BufvecData write;
        private final Memory buf = new Memory(FuseBuf.SIZEOF);
        private final ByteBuffer bufView = buf.getByteBuffer(0, FuseBuf.SIZEOF).order(ByteOrder.nativeOrder());
        final DevicePoll device;
        private long headerAddress;
        private ByteBuffer header;

        /** Made on the thread that uses it. */
        RequestBuffer(FuseSession session, SessionHandle handle) {
            this.session = session;
            this.handle = handle;
            CURRENT.set(this);
            buf.clear();
            device = new DevicePoll(handle.fd());
        }

        /**
         * Receives the next request: spliced into the pipe while large WRITEs are coming and the session splices,
         * else read into memory ({@code fuse_session_receive_buf}). Returns its size, or a negative errno.
         */
        int receive() {
            write = null;
            int pipeBytes = session.splicedRequestBytes();
            if (pipeBytes > 0 && session.inWriteStream() && pipe.open(pipeBytes)) {
                int n = pipe.receive(handle.fd());
                inPipe = n > 0;
                received = n;
                if (inPipe) {
                    bufView.putLong(FuseBuf.SIZE, n);
                    bufView.putInt(FuseBuf.FLAGS, FuseBuf.FUSE_BUF_IS_FD);
                    bufView.putInt(FuseBuf.FD, pipe.readEnd());
                    bufView.putLong(FuseBuf.POS, 0);
                }
                return n;
            }
            inPipe = false;
            bufView.putInt(FuseBuf.FLAGS, 0); // (libfuse's read leaves the flags as they were)
            received = LibFuse.fuse_session_receive_buf(handle.se, buf);
            return received;
        }

        /** {@code fuse_session_process_buf}: decodes the request and calls its callback on this thread. */
        void process() {
            LibFuse.fuse_session_process_buf(handle.se, buf);
            if (inPipe && (write == null || !write.allTaken())) {
                // (a WRITE whose data was all taken left the pipe empty: no need to ask)
                pipe.settle();
            }
            if (session.splicedRequestBytes() > 0) {
                if (write != null) {
                    if (received >= RequestPipe.SPLICE_FROM) {
                        session.largeWriteArrived();
                    }
                } else {
                    session.otherRequestArrived();
                }
            }
        }

        /** Called by {@code write_buf} on the thread handling the request: it is a WRITE carrying {@code data}. */
        static void writeArrived(BufvecData data) {
            RequestBuffer current = CURRENT.get();
            if (current != null) {
                current.write = data;
            }
        }

        /**
         * The caller's thread id of the request just received ({@code fuse_in_header.pid}; 0: the kernel's own, or
         * not known: the header of a spliced request is still in the pipe, so a stream of large writes counts as
         * one caller's).
         */
        int callerPid() {
            if (inPipe) {
                return 0;
            }
            long mem = bufView.getLong(FuseBuf.MEM);
            if (mem != headerAddress) { // libfuse allocates the buffer once; this runs once per thread
                headerAddress = mem;
                header = new Pointer(mem).getByteBuffer(0, FuseInHeader.SIZEOF).order(ByteOrder.nativeOrder());
            }
            return header.getInt(FuseInHeader.PID);
        }

        /** Frees the request memory (libfuse's malloc) and the pollfd. */
        void free() {
            long mem = buf.getLong(FuseBuf.MEM);
            if (mem != 0) {
                Native.free(mem);
            }
            buf.close();
            device.close();
            pipe.close();
            CURRENT.remove();
        }
    }
}
