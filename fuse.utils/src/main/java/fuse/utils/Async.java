package fuse.utils;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.Reply;

/**
 * The async adapter: lets a driver answer requests later, from another thread, without blocking the runtime's
 * reader threads (platform threads that wait in native code).
 *
 * <h2>pyfuse3 correspondence</h2>
 * pyfuse3's {@code async_wrapper} turns a Cython coroutine into one trio accepts; its purpose is that every handler
 * can be asynchronous. In osgi-fuse a handler is a plain method that may answer its {@link Reply} at any time, from
 * any thread; this class bridges the two styles a driver author may bring:
 * <ul>
 * <li>{@link #complete(CompletionStage, Reply, BiConsumer)}: a backend that returns a {@link CompletionStage} (an
 *     asynchronous HTTP or object-store client). The handler starts the call and returns at once; the reply is
 *     answered when the stage completes, on the thread that completes it.</li>
 * <li>{@link #onVirtualThread(Reply, ThrowingConsumer)}: a backend with a blocking API (JDBC, a synchronous SDK). The
 *     body runs on a new virtual thread, so the reader is free at once and a blocked body costs no platform
 *     thread.</li>
 * </ul>
 * <pre>{@code
 * public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
 *     Async.complete(store.stat(inode), reply, (r, meta) -> r.attr(toAttributes(meta)));
 * }
 *
 * public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
 *     Async.onVirtualThread(reply, r -> r.data(blockingStore.read(inode, offset, size)));
 * }
 * }</pre>
 *
 * <h2>Error mapping (both methods)</h2>
 * A {@link CompletionException} or {@link ExecutionException} is unwrapped to its cause first. Then:
 * {@link FuseException} answers with its errno and is not logged (an errno is an answer, not a fault);
 * {@link ErrnoException} (from {@link FuseUtils} calls on a backing file system) answers with its errno, likewise;
 * anything else (including cancellation of the stage) answers {@link Errno#EIO} and logs one line with the stack
 * trace through {@link System.Logger} {@code fuse.utils.Async}, the same rule the runtime applies to synchronous
 * handlers. If the reply was already answered when the failure arrives, nothing is sent and the failure is logged.
 *
 * <h2>Interrupts</h2>
 * When the kernel interrupts the request (the caller got a signal while waiting; {@link Reply#onInterrupt}), the
 * caller gets {@link Errno#EINTR} at once: {@link #complete} cancels the stage ({@code toCompletableFuture().cancel}),
 * {@link #onVirtualThread} interrupts the body's thread; what they produce afterwards is dropped without a log line.
 *
 * <p>Whatever answers the reply ({@code onValue}, {@code body}) must answer it exactly once, or hand it on; a reply
 * left unanswered is caught by the runtime after {@link fuse.api.Fuse#REPLY_TIMEOUT}. Objects the handler received
 * that are valid only during the call (the {@code ByteBuffer} of {@code write}, the {@code RequestContext} after the
 * reply) must be copied before the handler returns.
 */
public final class Async {
    private static final System.Logger LOG = System.getLogger(Async.class.getName());

    /**
     * A blocking body that answers a reply and may throw.
     *
     * @param <R> the reply type
     */
    @FunctionalInterface
    public interface ThrowingConsumer<R> {
        /**
         * Does the work and answers {@code reply}.
         *
         * @param reply the reply to answer
         * @throws Exception any failure; mapped as described in {@link Async}
         */
        void accept(R reply) throws Exception;
    }

    private Async() {
    }

    /**
     * Answers {@code reply} when {@code stage} completes: with {@code onValue(reply, value)} on success, with an
     * error on failure (see the class documentation for the mapping). Returns at once.
     *
     * <p><b>Errors:</b> none thrown to the caller; failures of the stage, and exceptions thrown by {@code onValue},
     * are answered as described above. {@link NullPointerException} for null arguments.
     *
     * <p><b>Threads:</b> thread-safe. {@code onValue} runs on the thread that completes the stage (or on the calling
     * thread if it is already complete); it must not block for long if that is a client library's I/O thread.
     *
     * @param <R> the reply type
     * @param <T> the value type of the stage
     * @param stage the asynchronous result
     * @param reply the request's reply
     * @param onValue answers {@code reply} with the value
     */
    public static <R extends Reply, T> void complete(CompletionStage<T> stage, R reply, BiConsumer<R, T> onValue) {
        if (stage == null || reply == null || onValue == null) {
            throw new NullPointerException("stage, reply and onValue must not be null");
        }
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        reply.onInterrupt(() -> {
            interrupted.set(true);
            answerInterrupted(reply); // first: cancelling completes the stage, whose failure must not answer EIO
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException minimalStage) {
                // a stage that cannot be cancelled from here: its result will simply be ignored
            }
        });
        stage.whenComplete((value, failure) -> {
            if (interrupted.get() && reply.isAnswered()) {
                return; // the caller was interrupted and has its EINTR
            }
            if (failure != null) {
                fail(reply, failure);
                return;
            }
            try {
                onValue.accept(reply, value);
            } catch (Throwable t) {
                fail(reply, t);
            }
        });
    }

    /**
     * Answers an {@link Reply.Empty} with {@link Reply.Empty#ok()} when {@code stage} completes normally (its value is
     * ignored), or with an error as described in the class documentation. Returns at once.
     *
     * <p><b>Errors:</b> none thrown to the caller. <b>Threads:</b> thread-safe.
     *
     * @param stage the asynchronous result
     * @param reply the request's reply
     */
    public static void complete(CompletionStage<?> stage, Reply.Empty reply) {
        complete(stage, reply, (r, ignored) -> r.ok());
    }

    /**
     * Runs a blocking {@code body} on a new virtual thread and returns at once; the body answers {@code reply}. An
     * exception from the body is answered as described in the class documentation.
     *
     * <p><b>Errors:</b> none thrown to the caller. <b>Threads:</b> thread-safe; each call starts one virtual thread.
     * A body blocked in native code (JNA calls, {@code synchronized} on Java 21-23) pins its carrier thread, which is
     * still not a reader thread.
     *
     * @param <R> the reply type
     * @param reply the request's reply
     * @param body the work; it answers {@code reply}
     */
    public static <R extends Reply> void onVirtualThread(R reply, ThrowingConsumer<R> body) {
        if (reply == null || body == null) {
            throw new NullPointerException("reply and body must not be null");
        }
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread worker = Thread.ofVirtual().name("fuse-async").unstarted(() -> {
            try {
                body.accept(reply);
            } catch (Throwable t) {
                if (!(interrupted.get() && reply.isAnswered())) {
                    fail(reply, t);
                }
            }
        });
        reply.onInterrupt(() -> {
            interrupted.set(true);
            answerInterrupted(reply);
            worker.interrupt();
        });
        worker.start();
    }

    /** The kernel interrupted the request: the caller gets EINTR unless an answer was sent first. */
    private static void answerInterrupted(Reply reply) {
        if (!reply.isAnswered()) {
            try {
                reply.error(Errno.EINTR);
            } catch (IllegalStateException raced) {
                // the answer won the race: it stands
            }
        }
    }

    /** Maps a failure to an errno answer, logging everything that is not an errno. */
    static void fail(Reply reply, Throwable failure) {
        Throwable cause = unwrap(failure);
        int errno;
        boolean fault;
        if (cause instanceof FuseException fuse) {
            errno = fuse.errno();
            fault = false;
        } else if (cause instanceof ErrnoException os) {
            errno = os.errno();
            fault = false;
        } else {
            errno = Errno.EIO;
            fault = true;
        }
        String afterAnswer = "asynchronous handler failed after its reply was sent; nothing more is sent";
        if (reply.isAnswered()) {
            LOG.log(Level.WARNING, afterAnswer, cause);
            return;
        }
        if (fault) {
            // logged before answering, so whoever sees the answer also finds the log line
            LOG.log(Level.ERROR, "asynchronous handler failed, answering EIO", cause);
        }
        try {
            reply.error(errno);
        } catch (IllegalStateException raced) {
            // answered by another thread between the check and here: that answer stands
            if (!fault) {
                LOG.log(Level.WARNING, afterAnswer, cause);
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
