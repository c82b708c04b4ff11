package fuse.webconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fuse.runtime.management.MountDTO;

class HistoryTest {
    private static final Instant MOUNTED = Instant.parse("2026-01-01T00:00:00Z");

    private static MountDTO mount(String mp, long requests, long[] buckets) {
        return new MountDTO(mp, "memfs", 7, "MOUNTED", null, MOUNTED, List.of(), requests, 0, 0, 1, List.of(),
                buckets);
    }

    private static long[] buckets(int bucket, long n) {
        long[] b = new long[40];
        b[bucket] = n;
        return b;
    }

    @Test
    void aPointDescribesTheRequestsBetweenTwoSamples() {
        History h = new History(10);
        long[] before = buckets(10, 1000); // 1000 requests under 1 us, before the window
        h.sample(0, List.of(mount("/m", 1000, before)));
        long[] after = before.clone();
        after[20] = 99;  // 99 requests under ~1 ms
        after[30] = 1;   // 1 request under ~1 s
        h.sample(2000, List.of(mount("/m", 1100, after)));
        List<History.Point> points = h.points("/m");
        assertEquals(1, points.size());
        assertEquals(50.0, points.get(0).perSecond(), 1e-9);
        assertEquals(1L << 20, points.get(0).p50Nanos(), "the old fast requests do not count");
        assertEquals(1L << 20, points.get(0).p99Nanos());
    }

    @Test
    void anIdleIntervalHasNoLatency() {
        History h = new History(10);
        h.sample(0, List.of(mount("/m", 5, buckets(12, 5))));
        h.sample(2000, List.of(mount("/m", 5, buckets(12, 5))));
        assertEquals(0.0, h.points("/m").get(0).perSecond());
        assertEquals(-1, h.points("/m").get(0).p99Nanos());
    }

    @Test
    void keepsTheLastPointsOnlyAndForgetsUnmountedMounts() {
        History h = new History(3);
        for (int i = 0; i < 6; i++) {
            h.sample(i * 2000L, List.of(mount("/m", i * 10L, buckets(12, i * 10L))));
        }
        assertEquals(3, h.points("/m").size());
        assertEquals(10000L, h.points("/m").get(2).millis());
        h.sample(14000, List.of());
        assertTrue(h.points("/m").isEmpty());
    }

    @Test
    void percentileOfAHistogram() {
        long[] b = new long[40];
        b[3] = 90;
        b[9] = 10;
        assertEquals(8, History.percentile(b, 50));
        assertEquals(8, History.percentile(b, 90));
        assertEquals(512, History.percentile(b, 99));
        assertEquals(-1, History.percentile(new long[40], 50));
    }

    @Test
    void settingsAreOneKeyValueALine() {
        assertEquals(Map.of("capacity", "1g", "fuse.options", "ro,noatime"),
                FusePlugin.settings("capacity = 1g\n\n# a comment\r\nfuse.options=ro,noatime\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusePlugin.settings("capacity"));
        assertEquals("setting 'capacity' is not key=value", e.getMessage());
    }

    @Test
    void jsonStringsCannotCloseAScriptOrBreakOut() {
        assertEquals("\"a\\\"b\\\\c\\u003c/script>\\n\"", Html.json("a\"b\\c</script>\n"));
        assertEquals("&lt;b&gt; &amp; &quot;x&quot;", Html.escape("<b> & \"x\""));
    }
}
