package fuse.webconsole;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fuse.runtime.management.MountDTO;

/**
 * The recent past of each live mount, for the FUSE page's chart: one point per sample with the requests per second
 * and the 50th and 99th percentile latency of the requests answered since the sample before. Percentiles come from
 * the difference of two cumulative latency histograms, so they describe those seconds only, not the mount's whole
 * life. A mount that is gone, or was mounted anew, starts a new series.
 */
final class History {
    /** One sample: time, requests per second, and the latency percentiles in ns (-1 when no request came). */
    record Point(long millis, double perSecond, long p50Nanos, long p99Nanos) {
    }

    private record Series(String identity, long lastMillis, long lastRequests, long[] lastBuckets,
            ArrayDeque<Point> points) {
    }

    private final int capacity;
    private final Map<String, Series> series = new HashMap<>();

    /** Keeps the last {@code capacity} points of each mount. */
    History(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a sample of every mount taken at {@code millis}. */
    synchronized void sample(long millis, List<MountDTO> mounts) {
        Set<String> live = new HashSet<>();
        for (MountDTO m : mounts) {
            if (!m.mounted()) {
                continue;
            }
            live.add(m.mountpoint());
            String identity = m.serviceId() + "@" + m.mountedAt();
            Series s = series.get(m.mountpoint());
            ArrayDeque<Point> points;
            if (s == null || !s.identity().equals(identity)) {
                points = new ArrayDeque<>();
            } else {
                points = s.points();
                double seconds = Math.max(0.001, (millis - s.lastMillis()) / 1000.0);
                long[] delta = new long[m.latencyBuckets().length];
                for (int b = 0; b < delta.length; b++) {
                    delta[b] = m.latencyBuckets()[b] - (b < s.lastBuckets().length ? s.lastBuckets()[b] : 0);
                }
                points.addLast(new Point(millis, Math.max(0, m.requests() - s.lastRequests()) / seconds,
                        percentile(delta, 50), percentile(delta, 99)));
                while (points.size() > capacity) {
                    points.removeFirst();
                }
            }
            series.put(m.mountpoint(), new Series(identity, millis, m.requests(), m.latencyBuckets().clone(),
                    points));
        }
        series.keySet().retainAll(live);
    }

    /** The points of the mount on {@code mountpoint}, oldest first; empty for an unknown mount. */
    synchronized List<Point> points(String mountpoint) {
        Series s = series.get(mountpoint);
        return s == null ? List.of() : List.copyOf(s.points());
    }

    /**
     * The latency below which {@code percent} percent of the requests counted in {@code buckets} were answered (the
     * upper bound of its power-of-two bucket, in ns), or -1 when the histogram is empty.
     */
    static long percentile(long[] buckets, double percent) {
        long total = 0;
        for (long n : buckets) {
            total += Math.max(0, n);
        }
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percent / 100.0));
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += Math.max(0, buckets[b]);
            if (seen >= rank) {
                return 1L << b;
            }
        }
        return 1L << (buckets.length - 1);
    }
}
