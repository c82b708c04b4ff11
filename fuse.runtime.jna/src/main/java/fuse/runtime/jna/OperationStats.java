package fuse.runtime.jna;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-operation counters of one mount: requests, errors and a latency histogram with power-of-two buckets (enough
 * for percentiles within a factor of two, at the cost of two atomic increments per request).
 */
public final class OperationStats {
    private static final int BUCKETS = 40; // 2^39 ns is about 9 minutes
    private static final Op[] OPS = Op.values();

    private final LongAdder[] counts = new LongAdder[OPS.length];
    private final LongAdder[] errors = new LongAdder[OPS.length];
    private final AtomicLongArray histogram = new AtomicLongArray(OPS.length * BUCKETS);

    OperationStats() {
        for (int i = 0; i < OPS.length; i++) {
            counts[i] = new LongAdder();
            errors[i] = new LongAdder();
        }
    }

    void record(Op op, long nanos, boolean error) {
        int i = op.ordinal();
        counts[i].increment();
        if (error) {
            errors[i].increment();
        }
        int bucket = Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(Math.max(1, nanos)));
        histogram.incrementAndGet(i * BUCKETS + bucket);
    }

    /** Requests of {@code op} answered so far. */
    public long count(Op op) {
        return counts[op.ordinal()].sum();
    }

    /** Requests of {@code op} answered with an error. */
    public long errors(Op op) {
        return errors[op.ordinal()].sum();
    }

    /** All requests answered so far. */
    public long totalCount() {
        long n = 0;
        for (LongAdder a : counts) {
            n += a.sum();
        }
        return n;
    }

    /** All requests answered with an error. */
    public long totalErrors() {
        long n = 0;
        for (LongAdder a : errors) {
            n += a.sum();
        }
        return n;
    }

    /**
     * The latencies of all operations as one histogram: element {@code b} counts the requests answered in less than
     * 2<sup>b</sup> ns (and at least 2<sup>b-1</sup> ns).
     */
    public long[] latencyBuckets() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < OPS.length; i++) {
            for (int b = 0; b < BUCKETS; b++) {
                out[b] += histogram.get(i * BUCKETS + b);
            }
        }
        return out;
    }

    /**
     * The latency below which {@code percentile} percent of the requests of {@code op} were answered, in nanoseconds
     * (upper bound of the histogram bucket); 0 when there were none.
     */
    public long percentileNanos(Op op, double percentile) {
        long total = 0;
        int base = op.ordinal() * BUCKETS;
        for (int b = 0; b < BUCKETS; b++) {
            total += histogram.get(base + b);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += histogram.get(base + b);
            if (seen >= rank) {
                return 1L << b;
            }
        }
        return 1L << (BUCKETS - 1);
    }
}
