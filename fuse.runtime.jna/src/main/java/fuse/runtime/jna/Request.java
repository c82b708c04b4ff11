package fuse.runtime.jna;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.sun.jna.Pointer;

import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.linux.libfuse.FuseCtx;
import fuse.runtime.jna.natives.LibFuse;

/**
 * One kernel request in flight: who sent it ({@link RequestContext}) and the once-only answer every reply kind
 * shares. Each operation gets the subclass of {@link Replies} that implements exactly its {@code Reply} type, so a
 * request costs one object and cannot be answered with another operation's reply.
 *
 * <p>The first answer wins (a CAS on {@link #state}); it is encoded and sent at once, and {@link #finish(boolean)}
 * settles the statistics and gives back what the request borrowed. A request counts as in flight from its creation
 * to its answer.
 */
abstract class Request implements RequestContext {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Request.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int OPEN = 0;
    private static final int ANSWERED = 1;

    final FuseSession session;
    /** The libfuse request ({@code fuse_req_t}) as its address. */
    final long req;
    final Op op;
    final long inode;
    private final long startNanos;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** What the driver asked to run if the kernel interrupts this request (guarded by this); null: nothing. */
    private List<Runnable> onInterrupt;
    /** The {@link Interrupts} cookie while one is registered, else 0. */
    private volatile long interruptCookie;

    /** Caller credentials, read lazily (most requests never ask). */
    private boolean ctxLoaded;
    private int uid;
    private int gid;
    private int pid;
    private int umask;

    Request(FuseSession session, long req, Op op, long inode) {
        this.session = session;
        this.req = req;
        this.op = op;
        this.inode = inode;
        this.startNanos = System.nanoTime();
        session.requestStarted();
    }

    // ----- the answer ---------------------------------------------------------------------------------------------

    /** Claims the request for an answer; a second answer is a programming error of the driver. */
    final void claim() {
        if (!STATE.compareAndSet(this, OPEN, ANSWERED)) {
            throw new IllegalStateException(op.label() + " request for inode " + inode + " was already answered");
        }
    }

    /**
     * Rejects a malformed answer before the request is claimed, so the caller still gets EIO from the dispatcher
     * instead of a request that is marked answered but was never sent.
     */
    final void nonNull(Object value, String what) {
        if (value == null) {
            throw new NullPointerException(op.label() + " of inode " + inode + " answered with a null " + what);
        }
    }

    /** Answers with an errno unless already answered; returns whether this call answered. */
    final boolean tryError(int errno) {
        if (!STATE.compareAndSet(this, OPEN, ANSWERED)) {
            return false;
        }
        LibFuse.fuse_reply_err(req, errno);
        finish(true);
        return true;
    }

    /** {@code Reply.error}: fails the request with a positive errno. */
    public final void error(int errno) {
        if (errno <= 0) {
            throw new IllegalArgumentException("errno must be positive, was " + errno);
        }
        claim();
        LibFuse.fuse_reply_err(req, errno);
        finish(true);
    }

    /** {@code Reply.isAnswered}. */
    public final boolean isAnswered() {
        return (int) STATE.getVolatile(this) != OPEN;
    }

    /** {@code Reply.onInterrupt}: registered with libfuse on the first action. */
    public final void onInterrupt(Runnable action) {
        Objects.requireNonNull(action, "action");
        boolean first;
        synchronized (this) {
            if (isAnswered()) {
                return;
            }
            first = onInterrupt == null;
            if (first) {
                onInterrupt = new ArrayList<>(1);
            }
            onInterrupt.add(action);
        }
        if (first) {
            interruptCookie = session.interrupts().watch(this);
        }
    }

    /** The kernel interrupted this request: runs the driver's actions unless it is answered already. */
    final void interrupted() {
        List<Runnable> actions;
        synchronized (this) {
            actions = onInterrupt == null ? List.of() : List.copyOf(onInterrupt);
        }
        for (Runnable a : actions) {
            if (isAnswered()) {
                return;
            }
            try {
                a.run();
            } catch (RuntimeException e) {
                System.getLogger("fuse.runtime").log(System.Logger.Level.ERROR,
                        "interrupt action of " + this + " failed", e);
            }
        }
    }

    /** Called once the answer was sent: gives back borrowed buffers and records the request. */
    final void finish(boolean error) {
        long cookie = interruptCookie;
        if (cookie != 0) {
            session.interrupts().forget(cookie);
        }
        releaseBuffers();
        session.requestDone(op, System.nanoTime() - startNanos, error);
    }

    /** Gives back buffers borrowed from the session's pool (reply kinds that borrow them override this). */
    void releaseBuffers() {
    }

    // ----- RequestContext ----------------------------------------------------------------------------------------

    private void checkOpen() {
        if (isAnswered()) {
            throw new IllegalStateException("the request context is gone once the request is answered");
        }
    }

    private void loadCtx() {
        if (!ctxLoaded) {
            checkOpen();
            Pointer ctx = LibFuse.fuse_req_ctx(req);
            uid = ctx.getInt(FuseCtx.UID);
            gid = ctx.getInt(FuseCtx.GID);
            pid = ctx.getInt(FuseCtx.PID);
            umask = ctx.getInt(FuseCtx.UMASK);
            ctxLoaded = true;
        }
    }

    @Override
    public final int uid() {
        loadCtx();
        return uid;
    }

    @Override
    public final int gid() {
        loadCtx();
        return gid;
    }

    @Override
    public final int pid() {
        loadCtx();
        return pid;
    }

    @Override
    public final int umask() {
        loadCtx();
        return umask;
    }

    @Override
    public final int[] groups() {
        checkOpen();
        int[] list = new int[64];
        int n = LibFuse.fuse_req_getgroups(req, list.length, list);
        if (n > list.length) {
            list = new int[n];
            n = LibFuse.fuse_req_getgroups(req, list.length, list);
        }
        if (n < 0) {
            return new int[0];
        }
        return n == list.length ? list : Arrays.copyOf(list, n);
    }

    @Override
    public final boolean isInterrupted() {
        return !isAnswered() && LibFuse.fuse_req_interrupted(req) != 0;
    }

    @Override
    public final Session session() {
        return session;
    }

    @Override
    public String toString() {
        return op.label() + "(inode " + inode + ")";
    }
}
