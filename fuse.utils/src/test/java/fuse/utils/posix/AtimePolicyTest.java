package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AtimePolicyTest {
    private static final long DAY = AtimePolicy.RELATIME_MAX_AGE_NS;
    private static final long NOW = 100 * DAY;

    @Test
    void relatimeUpdatesAnAtimeNotNewerThanMtimeOrCtimeOrADayOld() {
        AtimePolicy p = AtimePolicy.RELATIME;
        assertTrue(p.isDue(NOW - 10, NOW - 10, NOW - 20, NOW), "atime == mtime");
        assertTrue(p.isDue(NOW - 10, NOW - 20, NOW - 5, NOW), "ctime newer");
        assertFalse(p.isDue(NOW - 10, NOW - 20, NOW - 20, NOW), "read since the last change");
        assertTrue(p.isDue(NOW - DAY, NOW - 2 * DAY, NOW - 2 * DAY, NOW), "a day old");
        assertFalse(p.isDue(NOW - DAY + 1, NOW - 2 * DAY, NOW - 2 * DAY, NOW));
    }

    @Test
    void noatimeNeverStrictatimeAlways() {
        assertFalse(AtimePolicy.NOATIME.isDue(0, NOW, NOW, NOW));
        assertTrue(AtimePolicy.STRICTATIME.isDue(NOW, 0, 0, NOW));
    }

    @Test
    void theLastAtimeOptionWinsAndRelatimeIsTheDefault() {
        assertEquals(AtimePolicy.RELATIME, AtimePolicy.fromMountOptions(null));
        assertEquals(AtimePolicy.RELATIME, AtimePolicy.fromMountOptions("default_permissions,ro"));
        assertEquals(AtimePolicy.NOATIME, AtimePolicy.fromMountOptions("default_permissions, noatime"));
        assertEquals(AtimePolicy.STRICTATIME, AtimePolicy.fromMountOptions("noatime,strictatime"));
        assertEquals(AtimePolicy.RELATIME, AtimePolicy.fromMountOptions(new String[] { "noatime", " relatime " }));
        assertEquals(AtimePolicy.NOATIME, AtimePolicy.fromMountOptions(List.of("ro", "noatime")));
        assertEquals(AtimePolicy.RELATIME, AtimePolicy.fromMountOptions("noatimes,atime"), "whole options only");
    }
}
