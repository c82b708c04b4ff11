package fuse.runtime.jna;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import fuse.api.Errno;
import fuse.api.Fuse;

/**
 * Answers what a driver forgot: a request still unanswered {@link Fuse#REPLY_TIMEOUT} seconds after its method
 * returned gets EIO and one log line, and at unmount every request still owed an answer gets EIO before the
 * session's memory goes away. Requests answered inside their method (nearly all) never reach it.
 */
final class ReplyWatchdog {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** One daemon thread for every session of the JVM; a look costs a few map reads. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuse-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final MountConfig config;
    /** Unanswered requests and when they expire ({@link System#nanoTime()}). */
    private final Map<Request, Long> unanswered = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    ReplyWatchdog(MountConfig config) {
        this.config = config;
    }

    /** Starts looking, a few times per timeout (at least once a second). */
    synchronized void start() {
        long period = Math.max(1, config.replyTimeoutSeconds() * 1000 / 4);
        task = TIMER.scheduleAtFixedRate(this::expire, period, Math.min(period, 1000), TimeUnit.MILLISECONDS);
    }

    /** The driver returned without answering {@code r} (it answers later, from another thread): watch it. */
    void watch(Request r) {
        unanswered.put(r, System.nanoTime() + TimeUnit.SECONDS.toNanos(config.replyTimeoutSeconds()));
    }

    private void expire() {
        long now = System.nanoTime();
        for (Map.Entry<Request, Long> e : unanswered.entrySet()) {
            Request r = e.getKey();
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

    /** Stops looking (the session is ending). */
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Answers every request still owed an answer with EIO, before the session's memory goes away. */
    void answerAll() {
        for (Request r : unanswered.keySet()) {
            r.tryError(Errno.EIO);
        }
        unanswered.clear();
    }
}
