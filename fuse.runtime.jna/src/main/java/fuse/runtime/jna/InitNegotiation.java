package fuse.runtime.jna;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Pointer;

import fuse.api.ConnectionInfo;
import fuse.api.Fuse;
import fuse.api.Operations;

/**
 * The INIT request: what the runtime asks of the kernel before the driver's {@code init} may change it, and the
 * readahead window of {@link Fuse#READAHEAD_KB}. Runs once, on the first reader thread; {@link #await} lets
 * {@link FuseSession#start()} return only once the kernel has processed INIT's reply (see {@link #requestHandled()}).
 *
 * <p>Defaults: {@code max_write} 1 MiB; parallel directory operations when the kernel offers them; readdirplus (in
 * the kernel's auto mode) when the driver lists directories; POSIX and BSD locks exactly when the driver implements
 * the lock operations (otherwise the kernel keeps locks locally); splice for READ answers from a descriptor that fit
 * the pipes this process may grow ({@link SplicePipes}).
 */
final class InitNegotiation {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    private static final int PAGE = 4096;
    /** The largest WRITE and READ libfuse 3.14 asks for (256 pages). */
    private static final int LARGEST_WRITE = 1 << 20;
    /** Smaller request pipes are not used: WRITEs would be cut into too many pieces. */
    private static final int SMALLEST_REQUEST_PIPE = 256 * 1024;

    private final FuseSession session;
    private final MountConfig config;
    private final Set<Op> implemented;
    /** Open until the driver's {@code init} has run (or thrown). */
    private final CountDownLatch done = new CountDownLatch(1);
    /** Whether libfuse ended the session while answering INIT (written before {@link #answered} opens). */
    private volatile boolean refused;
    /** Open until the kernel has processed INIT's reply. */
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile ConnectionSnapshot agreed;

    InitNegotiation(FuseSession session, Set<Op> implemented) {
        this.session = session;
        this.config = session.config();
        this.implemented = implemented;
    }

    /** The {@code init} callback: negotiates on libfuse's {@code struct fuse_conn_info}, then calls the driver. */
    void negotiate(Pointer conn, Operations driver) {
        ConnInfo info = new ConnInfo(conn, session.initReply());
        try {
            // A driver with writeBuf gets large WRITEs spliced (RequestPipe): each must fit the pipe with its header
            // page and, written at an unaligned offset, one page more. READs keep what max_read allows (max_pages
            // below): by default the largest READ whose answer splices (MountConfig#maxRead), up to 1 MiB if set.
            int requestPipe = implemented.contains(Op.WRITE_BUF) ? SplicePipes.requestPipeBytes() : 0;
            if (requestPipe < SMALLEST_REQUEST_PIPE) {
                requestPipe = 0;
            }
            info.maxWrite(requestPipe == 0 ? LARGEST_WRITE : Math.min(LARGEST_WRITE, requestPipe - 2 * PAGE));
            if (requestPipe > 0) {
                info.disable(ConnectionInfo.CAP_SPLICE_READ); // (the runtime splices, not libfuse: see RequestPipe)
            }
            if (config.maxRead() > 0) {
                info.maxRead(config.maxRead()); // libfuse refuses INIT when this differs from the mount option
            }
            if (info.isCapable(ConnectionInfo.CAP_PARALLEL_DIROPS)) {
                // Lookups and readdirs in one directory run in parallel instead of one at a time.
                info.enable(ConnectionInfo.CAP_PARALLEL_DIROPS);
            }
            if (implemented.contains(Op.READDIR)) {
                info.readdirplus(info.isCapable(ConnectionInfo.CAP_READDIRPLUS));
            }
            if (implemented.contains(Op.FLOCK) && info.isCapable(ConnectionInfo.CAP_FLOCK_LOCKS)) {
                info.enable(ConnectionInfo.CAP_FLOCK_LOCKS);
            } else {
                info.disable(ConnectionInfo.CAP_FLOCK_LOCKS);
            }
            boolean posixLocks = implemented.contains(Op.GETLK) || implemented.contains(Op.SETLK);
            if (posixLocks && info.isCapable(ConnectionInfo.CAP_POSIX_LOCKS)) {
                info.enable(ConnectionInfo.CAP_POSIX_LOCKS);
            } else {
                info.disable(ConnectionInfo.CAP_POSIX_LOCKS);
            }
            if (config.readaheadKb() > 0) {
                // Offered before the driver's init, so that a driver may still lower it.
                info.maxReadahead(config.readaheadKb() * 1024);
            }
            int spliced = info.isCapable(ConnectionInfo.CAP_SPLICE_WRITE) ? SplicePipes.largestSplicedData() : 0;
            if (spliced > 0) {
                // READ answers from a descriptor then move from its file to the kernel without a copy through
                // this process (those that fit libfuse's pipe; see SplicePipes).
                info.enable(ConnectionInfo.CAP_SPLICE_WRITE);
            }
            driver.init(session, info);
            boolean fits = requestPipe > 0 && info.maxWrite() + 2 * PAGE <= requestPipe;
            session.splicedRequestBytes(fits ? requestPipe : 0);
            InitReplyIo io = session.initReply();
            if (fits && info.maxWrite() < LARGEST_WRITE && io != null) {
                io.maxPages(LARGEST_WRITE / PAGE); // (libfuse derives max_pages from max_write, which READs share)
            }
            session.largestSplicedAnswer((info.want() & ConnectionInfo.CAP_SPLICE_WRITE) != 0 ? spliced : 0);
            if (config.readaheadKb() > 0) {
                widenReadahead(info.maxReadahead() / 1024);
            }
        } catch (Throwable t) {
            failure = t;
            LOG.log(Level.ERROR, "driver " + config.driver() + " failed in init() for " + config.mountpoint(), t);
        } finally {
            agreed = ConnectionSnapshot.of(info);
            info.seal();
            done.countDown();
        }
    }

    /**
     * Sets the mount's readahead window to {@code kb} KiB, during INIT, before the reply: the kernel sets the window
     * to the smaller of the backing device's (128 KiB when the mount was made) and the reply's {@code max_readahead},
     * so the device's must be raised first. A failure (not root) is logged and leaves the kernel's window.
     */
    private void widenReadahead(int kb) {
        Path knob = Path.of("/sys/class/bdi", StaleMounts.bdiName(session.connectionId()), "read_ahead_kb");
        try {
            Files.writeString(knob, Integer.toString(kb));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot set the readahead window of " + config.mountpoint() + " to " + kb
                    + " KiB (" + Fuse.READAHEAD_KB + "): writing " + knob + " failed: " + e
                    + "; the kernel's window stays");
        }
    }

    /**
     * Called by a reader after each request it handled, until it returns true: true once INIT has been answered and
     * the kernel has processed the answer. libfuse calls {@code init} while it handles INIT and writes the reply
     * before {@code fuse_session_process_buf} returns; the kernel processes an INIT reply inside that
     * {@code write(2)} (limits, capabilities, then the connection is marked initialized and the requests waiting for
     * it are let through). So once {@code init} has run, the return of the call that ran it means INIT has reached
     * the kernel; and any other request can only have been received after that.
     */
    boolean requestHandled(boolean sessionExited) {
        if (done.getCount() != 0) {
            return false;
        }
        // libfuse itself may refuse the answer after init ran (options and connection disagreeing): it then replies
        // EPROTO, logs why, and ends the session, and the kernel has marked the connection broken
        refused = sessionExited && failure == null;
        answered.countDown();
        return true;
    }

    /**
     * Waits until the kernel has processed INIT: the driver's {@code init} ran and its answer reached the kernel, so
     * the connection is live with the settings {@code init} chose.
     *
     * @throws IOException when that did not happen in time, or the driver's {@code init} threw
     */
    void await(long timeoutSeconds) throws IOException, InterruptedException {
        boolean inTime = answered.await(timeoutSeconds, TimeUnit.SECONDS);
        Throwable t = failure;
        if (t != null) {
            throw new IOException("driver " + config.driver() + " failed in init(): " + t, t);
        }
        if (refused) {
            throw new IOException("libfuse refused the INIT answer for the mount on " + config.mountpoint()
                    + " (its reason is logged just before this; e.g. a max_read option the connection disagrees with)");
        }
        if (!inTime) {
            throw new IOException(done.getCount() == 0
                    ? "the driver's init() ran but INIT's answer did not reach the kernel for the mount on "
                            + config.mountpoint() + " within " + timeoutSeconds + " s"
                    : "the kernel did not initialize the mount on " + config.mountpoint() + " within "
                            + timeoutSeconds + " s");
        }
    }

    /** The parameters agreed at INIT (what a replacement driver sees after a hot swap), or null before INIT. */
    ConnectionSnapshot agreed() {
        return agreed;
    }
}
