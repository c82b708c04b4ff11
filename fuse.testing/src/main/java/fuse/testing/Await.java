package fuse.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for what happens after a call returned (the kernel's FORGET after an unlink, a log line, another
 * process's mount). The bound only decides when to give up: a wait returns as soon as its condition holds, and the
 * test asserts on the state, never on how long it took.
 */
public final class Await {
    /** How often a condition is polled. */
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds or {@code bound} passes; returns whether it holds (the caller asserts).
     */
    public static boolean until(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return condition.getAsBoolean();
            }
            sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Polls {@code condition} until it holds; fails with "timed out ... waiting until {@code what}" after
     * {@code bound}.
     */
    public static void until(String what, Duration bound, BooleanSupplier condition) {
        until(what, bound, condition, () -> "");
    }

    /** Like {@link #until(String, Duration, BooleanSupplier)}; the failure message ends with {@code detail}. */
    public static void until(String what, Duration bound, BooleanSupplier condition, Supplier<String> detail) {
        if (!until(bound, condition)) {
            String more = detail.get();
            String after = bound.toMillis() < 1000 ? bound.toMillis() + " ms" : bound.toSeconds() + " s";
            throw new AssertionError("timed out after " + after + " waiting until " + what
                    + (more.isEmpty() ? "" : "; " + more));
        }
    }

    /** Sleeps; an interrupt ends the test (the deadline of junit-platform.properties interrupts a stuck test). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
