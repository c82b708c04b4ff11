package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.util.List;

import fuse.api.Errno;
import fuse.api.Forget;
import fuse.api.FuseException;
import fuse.api.Operations;

/**
 * Calls the driver for one request and enforces the contract of {@code Operations}: a {@link FuseException} is
 * answered with its errno, any other exception with EIO and one log line, and a request the method returned without
 * answering is handed to the {@link ReplyWatchdog}. The failure paths are in their own methods, off the path every
 * request takes.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");

    /** A driver method, called with the request that doubles as its reply. */
    @FunctionalInterface
    interface Call<R extends Request> {
        void run(Operations driver, R request);
    }

    private final MountConfig config;
    private final DriverSlot slot;
    private final ReplyWatchdog watchdog;
    private final OperationStats stats;

    Dispatcher(MountConfig config, DriverSlot slot, ReplyWatchdog watchdog, OperationStats stats) {
        this.config = config;
        this.slot = slot;
        this.watchdog = watchdog;
        this.stats = stats;
    }

    /** Calls the driver with {@code r}; answers EIO when no driver is there (a hot swap that found no successor). */
    <R extends Request> void dispatch(R r, Call<R> call) {
        Operations driver = slot.current();
        if (driver == null) {
            r.tryError(Errno.EIO);
            return;
        }
        try {
            call.run(driver, r);
        } catch (Throwable t) {
            driverFailed(r, t);
        }
        if (!r.isAnswered()) {
            watchdog.watch(r);
        }
    }

    /** The driver threw: answer with its errno, or EIO, unless it answered already, and log what happened. */
    private void driverFailed(Request r, Throwable t) {
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

    /**
     * FORGET and BATCH_FORGET (already acknowledged; nothing to answer). During a hot swap a forget waits for the
     * replacement like any request: it took over the lookup counts (the inode table), so dropping the forget would
     * leave those counts too high for good.
     */
    void forget(List<Forget> list) {
        long start = System.nanoTime();
        Operations driver = slot.current();
        if (driver == null) {
            return; // no replacement came: the mount is going away with its counts
        }
        try {
            driver.forget(list);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, config.driver() + " failed in forget (must not throw)", t);
        }
        stats.record(Op.FORGET, System.nanoTime() - start, false);
    }
}
