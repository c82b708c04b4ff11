package fuse.runtime.jna;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Session;
import fuse.linux.Platform;
import fuse.runtime.jna.natives.LibFuse;
import fuse.runtime.jna.natives.MountCalls;

/**
 * One mount: its lifecycle and status, and the {@link Session} a driver sees. The work is done by the parts it
 * wires together (see the package documentation for the path of a request):
 * {@link SessionHandle} (the libfuse session), {@link OpTable} (callbacks), {@link Dispatcher} with
 * {@link DriverSlot} (calling the driver, hot swap) and {@link ReplyWatchdog}, {@link ReaderPool},
 * {@link Spinners} and {@link Monitor} (threads), {@link InitNegotiation} and {@link Notifier}.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} mounts and returns once the kernel has processed INIT (the driver's {@code init} ran and its
 * answer reached the kernel: the connection is live); {@link #close()} unmounts (lazily when
 * busy), waits a bounded time for the readers, aborts the connection if a handler hangs, and destroys the session.
 * The states are {@link State}; {@code FAILED} and {@code CLOSED} are final.
 */
public final class FuseSession implements Session {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    private static final long INIT_TIMEOUT_SECONDS = 15;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

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
    private final DriverSlot slot;
    private final ReplyWatchdog watchdog;
    private final Dispatcher dispatcher;
    private final Notifier notifier = new Notifier(this);
    private final Interrupts interrupts = new Interrupts();
    private final InitNegotiation init;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentMap<String, Object> attachments = new ConcurrentHashMap<>();
    /** Open until the session has ended (closed, failed, or ended by the kernel). */
    private final CountDownLatch ended = new CountDownLatch(1);

    private volatile State state = State.STARTING;
    private volatile String failure;
    private volatile Instant mountedAt;
    private volatile Consumer<FuseSession> onClosed;
    /** Set when the kernel ended the connection (a reader read ENODEV or an error). */
    private volatile boolean connectionEnded;
    private volatile int connectionId = -1;
    /** Bytes of the largest READ answer from a descriptor that goes out with splice; 0: none (see SplicePipes). */
    private volatile int largestSplicedAnswer;
    /** The capacity of the pipes large WRITEs are spliced into; 0: requests are read (see RequestPipe). */
    private volatile int splicedRequestBytes;
    /**
     * How many more requests that are not WRITEs may come before the readers stop splicing; set by each large WRITE.
     * (A stream of writes is interleaved with other requests, e.g. the kernel's GETXATTR of security.capability
     * before each write(2) where the driver has not taken over that check; see RequestPipe.)
     */
    private volatile int writeStreamCredit;
    private static final int WRITE_STREAM_CREDIT = 8;

    private SessionHandle handle;
    private volatile ReaderPool readers;
    private volatile Spinners spinners;
    private volatile Monitor monitor;

    /**
     * Creates a session that will mount {@code ops} as {@code config} says. Nothing happens until {@link #start()}.
     */
    public FuseSession(Operations ops, MountConfig config) {
        this.config = config;
        this.slot = new DriverSlot(this, ops);
        this.watchdog = new ReplyWatchdog(config);
        this.dispatcher = new Dispatcher(config, slot, watchdog, stats);
        this.init = new InitNegotiation(this, slot.implemented());
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

    void setState(State s) {
        state = s;
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
        ReaderPool r = readers;
        return r == null ? 0 : r.readerCount();
    }

    /** The thread ids of this session's spinners that have started (for tests and diagnostics). */
    List<Integer> spinnerTids() {
        Spinners s = spinners;
        return s == null ? List.of() : s.tids();
    }

    /** The driver serving this session (null while it is being replaced). */
    public Operations operations() {
        return slot.peek();
    }

    /**
     * Waits until the session has ended, whoever ended it.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Called once when the session has ended, whoever ended it (close, terminate, failure). */
    public void onClosed(Consumer<FuseSession> listener) {
        this.onClosed = listener;
    }

    @Override
    public Path mountpoint() {
        return config.mountpoint();
    }

    /**
     * The FUSE connection number of the mount (/sys/fs/fuse/connections/N: {@link StaleMounts#connectionId}), or -1.
     */
    int connectionId() {
        return connectionId;
    }

    /**
     * Bytes of the largest READ answer from a descriptor libfuse splices ({@code FUSE_CAP_SPLICE_WRITE} agreed and
     * its pipe large enough); 0 when it splices none.
     */
    int largestSplicedAnswer() {
        return largestSplicedAnswer;
    }

    void largestSplicedAnswer(int bytes) {
        largestSplicedAnswer = bytes;
    }

    /** The capacity of the pipes large WRITEs are spliced into; 0 while requests are only read. */
    int splicedRequestBytes() {
        return splicedRequestBytes;
    }

    void splicedRequestBytes(int bytes) {
        splicedRequestBytes = bytes;
    }

    /** Whether large WRITEs are coming: readers splice while they are (see RequestPipe). */
    boolean inWriteStream() {
        return writeStreamCredit > 0;
    }

    void largeWriteArrived() {
        if (writeStreamCredit != WRITE_STREAM_CREDIT) { // (no write to the shared field while it stays)
            writeStreamCredit = WRITE_STREAM_CREDIT;
        }
    }

    void otherRequestArrived() {
        int credit = writeStreamCredit;
        if (credit > 0) {
            writeStreamCredit = credit - 1; // (racy between readers: a request more or less spliced)
        }
    }

    /** Whether requests are being served (mounted, or held for a hot swap). */
    boolean isServing() {
        State s = state;
        return s == State.MOUNTED || s == State.SWAPPING;
    }

    /** Whether the threads must leave: the session is ending or the kernel ended the connection. */
    boolean stopping() {
        State s = state;
        return connectionEnded || s == State.CLOSING || s == State.CLOSED || s == State.FAILED;
    }

    /** The kernel ended the connection: every thread of the session is woken to leave. */
    void connectionEnded() {
        connectionEnded = true;
        wakeAll();
    }

    // ----- request bookkeeping -------------------------------------------------------------------------------

    /** What the runtime may add to INIT's answer for this session (null when not mounted through libfuse's I/O). */
    InitReplyIo initReply() {
        SessionHandle h = handle;
        return h == null ? null : h.initReply();
    }

    /** Called by a reader after each request it handled until it returns true: INIT's answer reached the kernel. */
    boolean initAnswered() {
        return init.requestHandled(LibFuse.fuse_session_exited(handle.se) != 0);
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestDone(Op op, long nanos, boolean error) {
        stats.record(op, nanos, error);
        inFlight.decrementAndGet();
    }

    Interrupts interrupts() {
        return interrupts;
    }

    void orphanedOpen(Request r, long fh) {
        LOG.log(Level.DEBUG, r + ": caller gone before the open reply; handle " + fh + " will not be released");
    }

    // ----- start ---------------------------------------------------------------------------------------------

    /**
     * Mounts and starts serving; returns once the kernel has processed INIT: the driver's {@code init} ran, its
     * answer reached the kernel, and the connection is live (requests are sent, and the limits {@code init} chose
     * show in /sys/fs/fuse/connections/N).
     *
     * @throws IOException with a message naming the mount point and the problem
     */
    public synchronized void start() throws IOException {
        if (state != State.STARTING || handle != null) {
            throw new IllegalStateException("session already started");
        }
        Path mp = config.mountpoint();
        try {
            Platform.requireSupported("osgi-fuse runtime");
            LibFuse.load();
            MountCalls.ensureFusectl();
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
            SessionHandle h = newHandle();
            if (!h.mount(mp.toString())) {
                throw new IOException("cannot mount on " + mp + " (mount(2) failed: not permitted, or /dev/fuse "
                        + "missing; see libfuse's message on stderr)");
            }
            handle = h;
            connectionId = StaleMounts.connectionId(mp);
            startThreads(h);
            init.await(INIT_TIMEOUT_SECONDS);
            mountedAt = Instant.now();
            state = State.MOUNTED;
            watchdog.start();
        } catch (IOException | RuntimeException | InterruptedException e) {
            failure = e.getMessage();
            if (handle != null) {
                shutdown(State.FAILED);
            } else {
                state = State.FAILED;
                ended.countDown();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while mounting " + mp, e);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The libfuse session with this driver's operations (not mounted yet). */
    private SessionHandle newHandle() throws IOException {
        return SessionHandle.create(new OpTable(this, dispatcher, slot, init, notifier).build(), config);
    }

    /** Wires and starts the threads: the monitor, then the first reader (which will receive INIT). */
    private void startThreads(SessionHandle h) {
        ReaderPool pool = new ReaderPool(this, h);
        Spinners spin = new Spinners(this, h, pool);
        Monitor watcher = new Monitor(this, h, pool, spin);
        pool.attach(spin, watcher);
        spin.attach(watcher);
        readers = pool;
        spinners = spin;
        monitor = watcher;
        watcher.start();
        pool.tryStartReader();
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
        if (state != State.STARTING || handle != null) {
            throw new IllegalStateException("session already started");
        }
        Platform.requireSupported("osgi-fuse runtime");
        LibFuse.load();
        SessionHandle h = newHandle();
        if (!h.mount("/dev/fd/" + fd)) {
            throw new IOException("libfuse did not accept /dev/fd/" + fd);
        }
        handle = h;
        mountedAt = Instant.now();
        state = State.MOUNTED;
        return h.se;
    }

    // ----- hot swap --------------------------------------------------------------------------------------------

    /**
     * Detaches the driver and holds new requests for up to {@code holdMillis} until {@link #resume} brings a
     * replacement. Used for drivers with stable inode numbers.
     */
    public void suspend(long holdMillis) {
        slot.suspend(holdMillis);
    }

    /** Attaches a replacement driver after {@link #suspend}, calls its {@code init}, and releases held requests. */
    public void resume(Operations replacement) {
        slot.resume(replacement, init.agreed());
    }

    /** Whether {@code candidate} implements the same operations as the current driver (hot swap needs it). */
    public boolean compatible(Operations candidate) {
        return slot.compatible(candidate);
    }

    // ----- close ------------------------------------------------------------------------------------------------

    /** Unmounts and ends the session; idempotent; waits a bounded time for requests in progress. */
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED || state == State.FAILED || state == State.CLOSING) {
                return;
            }
            if (handle == null) {
                state = State.CLOSED;
                ended.countDown();
                return;
            }
            shutdown(State.CLOSED);
        }
    }

    private void shutdown(State finalState) {
        boolean blockDevice = config.blockDevice();
        if (blockDevice) {
            // fuseblk: the unmount itself sends DESTROY and waits for the answer, so detach while the readers serve
            detach();
        }
        state = State.CLOSING;
        ReaderPool pool = readers;
        if (pool != null) {
            pool.close(); // no reader or spinner starts after this: the ones alive are joined below
        }
        wakeAll();
        slot.releaseWaiters();
        watchdog.stop();
        handle.exit();
        // Detach the mount ourselves rather than with fuse_session_unmount, which closes /dev/fuse under the readers:
        // a mount kept busy by an open file must go on answering until the file is closed (lazy unmount), and the
        // connection ends (readers get ENODEV) once the last user is gone.
        if (!blockDevice) {
            detach();
        }
        boolean joined = pool == null || pool.join(CLOSE_WAIT_MILLIS);
        if (!joined) {
            // Still busy (a hung handler, or an open file keeping the lazily detached mount alive): end the
            // connection; pending calls get ENOTCONN. The log names which of the two it was.
            abortConnection(pool.busyCount() > 0 || inFlight.get() > 0
                    ? "a handler had not returned " + CLOSE_WAIT_MILLIS / 1000 + " s after the unmount"
                    : "the mount was still in use (an open file or a working directory) " + CLOSE_WAIT_MILLIS / 1000
                            + " s after it was detached");
            pool.interruptAll();
            joined = pool.join(CLOSE_WAIT_MILLIS);
        }
        if (blockDevice && joined && Files.exists(connectionDirectory())) {
            // a busy fuseblk mount sends DESTROY at its last close, and nobody would answer it: end it now
            abortConnection("a file on the block device mount was still open");
        }
        // Requests a driver still owes an answer: answer them now, before the session memory goes away.
        watchdog.answerAll();
        waitForInFlight(joined ? CLOSE_WAIT_MILLIS : 0);
        if (joined && inFlight.get() == 0) {
            handle.destroy();
        } else {
            LOG.log(Level.ERROR, "handlers of " + config.driver() + " on " + config.mountpoint()
                    + " did not return; the session's native memory is left allocated");
        }
        notifier.close();
        buffers.clear();
        state = finalState;
        ended.countDown();
        Consumer<FuseSession> l = onClosed;
        if (l != null) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "close listener failed", e);
            }
        }
    }

    /** Unparks every parked reader, spinner and the monitor (shutdown, or the connection ended). */
    private void wakeAll() {
        ReaderPool pool = readers;
        if (pool != null) {
            pool.wakeAll();
        }
        Spinners spin = spinners;
        if (spin != null) {
            spin.wakeAll();
        }
        Monitor m = monitor;
        if (m != null) {
            m.wakeNow();
        }
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

    private void detach() {
        int err = MountCalls.detach(config.mountpoint().toString());
        if (err != 0 && err != Errno.EINVAL && err != Errno.ENOENT) {
            LOG.log(Level.WARNING, "cannot unmount " + config.mountpoint() + ": " + Errno.name(err));
        }
    }

    private Path connectionDirectory() {
        return Path.of("/sys/fs/fuse/connections", Integer.toString(connectionId));
    }

    private void abortConnection(String why) {
        if (connectionId < 0) {
            return;
        }
        Path abort = connectionDirectory().resolve("abort");
        try {
            Files.writeString(abort, "1");
            LOG.log(Level.WARNING, "aborted FUSE connection " + connectionId + " of " + config.mountpoint() + ": "
                    + why);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot abort FUSE connection " + connectionId + ": " + e.getMessage());
        }
    }

    // ----- Session ---------------------------------------------------------------------------------------------

    /** The session pointer for a notification, or ENOTCONN once the session is ending. */
    Pointer live() {
        SessionHandle h = handle;
        State st = state;
        if (h == null || st == State.CLOSED || st == State.FAILED || st == State.CLOSING) {
            throw new FuseException(Errno.ENOTCONN, "session of " + config.mountpoint() + " has ended");
        }
        return h.se;
    }

    @Override
    public void invalidateInode(long inode, long offset, long length) {
        notifier.invalidateInode(inode, offset, length);
    }

    @Override
    public void invalidateEntry(long parent, byte[] name) {
        notifier.invalidateEntry(parent, name);
    }

    @Override
    public void expireEntry(long parent, byte[] name) {
        notifier.expireEntry(parent, name);
    }

    @Override
    public void notifyDelete(long parent, long child, byte[] name) {
        notifier.notifyDelete(parent, child, name);
    }

    @Override
    public CompletionStage<Void> invalidateEntryAsync(long parent, byte[] name, long deletedChild,
            boolean ignoreEnoent) {
        return notifier.invalidateEntryAsync(parent, name, deletedChild, ignoreEnoent);
    }

    @Override
    public void notifyStore(long inode, long offset, ByteBuffer data) {
        notifier.notifyStore(inode, offset, data);
    }

    @Override
    public CompletionStage<ByteBuffer> notifyRetrieve(long inode, long offset, int size) {
        return notifier.notifyRetrieve(inode, offset, size);
    }

    @Override
    public ConcurrentMap<String, Object> attachments() {
        return attachments;
    }

    @Override
    public void terminate() {
        Thread t = new Thread(this::close, "fuse-terminate-" + config.driver());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public String toString() {
        return "FuseSession[" + config.driver() + " on " + config.mountpoint() + ", " + state + "]";
    }
}
