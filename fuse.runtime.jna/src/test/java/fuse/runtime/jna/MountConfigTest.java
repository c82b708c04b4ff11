package fuse.runtime.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fuse.api.Fuse;

/** What a mount's service properties may say, and the message a bad one gets. */
class MountConfigTest {

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put(Fuse.MOUNTPOINT, "/mnt/x");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String rejected(Object... kv) {
        return assertThrows(IllegalArgumentException.class, () -> MountConfig.from(props(kv))).getMessage();
    }

    @Test
    void defaultsAreThoseTheApiDocuments() {
        MountConfig c = MountConfig.from(props());
        assertEquals(1, c.minThreads());
        assertEquals(16, c.maxThreads());
        assertEquals(120, c.replyTimeoutSeconds());
        assertEquals(1000, c.spinMicros());
        assertEquals(0, c.readaheadKb(), "the kernel's readahead unless asked");
        assertEquals(java.util.List.of("default_permissions"), c.options());
    }

    @Test
    void aMaxReadOptionIsKeptAndWithoutOneTheMountAsksForTheLargestReadThatSplices() {
        MountConfig given = MountConfig.from(props(Fuse.OPTIONS, "default_permissions,max_read=131072"));
        assertEquals(131072, given.maxRead());
        assertEquals(1, given.optionString().split("max_read=", -1).length - 1, given.optionString());
        MountConfig plain = MountConfig.from(props());
        assertEquals(SplicePipes.largestSplicedRead(), plain.maxRead());
        assertEquals(plain.maxRead() > 0, plain.optionString().endsWith(",max_read=" + plain.maxRead()),
                plain.optionString());
        assertEquals(java.util.List.of("default_permissions"), plain.options(), "what the user gave, as given");
    }

    @Test
    void aBlockDeviceMountIsOneWithTheBlkdevOption() {
        assertEquals(false, MountConfig.from(props()).blockDevice());
        assertEquals(true, MountConfig.from(props(Fuse.OPTIONS, "blkdev,blksize=4096")).blockDevice());
        assertEquals(false, MountConfig.from(props(Fuse.OPTIONS, "blksize=4096")).blockDevice());
    }

    @Test
    void theMetatypeDescribesEveryPropertyTheRuntimeReadsFromConfiguration() {
        java.util.Set<String> described = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : fuse.api.MountSettings.class.getDeclaredMethods()) {
            described.add(m.getName().replace('_', '.'));
        }
        assertEquals(new java.util.TreeSet<>(java.util.List.of(Fuse.MOUNTPOINT, Fuse.MOUNTPOINT_CREATE, Fuse.OPTIONS,
                Fuse.FSNAME, Fuse.MIN_THREADS, Fuse.MAX_THREADS, Fuse.REPLY_TIMEOUT, Fuse.SPIN_MICROS,
                Fuse.READAHEAD_KB)), described);
    }

    @Test
    void anEmptyFsnameIsTheDriversNameAndAMissingMountpointIsCreatedOnlyWhenAsked() {
        assertEquals("memfs", MountConfig.from(props(Fuse.DRIVER, "memfs", Fuse.FSNAME, "")).fsname());
        assertEquals(false, MountConfig.from(props()).createMountpoint());
        assertEquals(true, MountConfig.from(props(Fuse.MOUNTPOINT_CREATE, "true")).createMountpoint());
        assertTrue(rejected(Fuse.MOUNTPOINT_CREATE, "yes").contains(Fuse.MOUNTPOINT_CREATE + " must be true or false"));
    }

    @Test
    void spinWindowIsReadFromStringsAndNumbersAndMayBeTurnedOff() {
        assertEquals(0, MountConfig.from(props(Fuse.SPIN_MICROS, "0")).spinMicros());
        assertEquals(200, MountConfig.from(props(Fuse.SPIN_MICROS, 200)).spinMicros());
        assertEquals(1000, MountConfig.from(props(Fuse.SPIN_MICROS, " 1000 ")).spinMicros());
    }

    @Test
    void aBadSpinWindowIsRejectedWithThePropertyAndTheValue() {
        String negative = rejected(Fuse.SPIN_MICROS, "-1");
        assertTrue(negative.contains(Fuse.SPIN_MICROS) && negative.contains("-1"), negative);
        String tooLong = rejected(Fuse.SPIN_MICROS, 500000);
        assertTrue(tooLong.contains("between 0 and 100000") && tooLong.contains("500000"), tooLong);
        String notANumber = rejected(Fuse.SPIN_MICROS, "fast");
        assertTrue(notANumber.contains(Fuse.SPIN_MICROS) && notANumber.contains("'fast'"), notANumber);
    }

    @Test
    void aBadReadaheadWindowIsRejectedWithThePropertyAndTheValue() {
        assertEquals(1024, MountConfig.from(props(Fuse.READAHEAD_KB, "1024")).readaheadKb());
        String negative = rejected(Fuse.READAHEAD_KB, -4);
        assertTrue(negative.contains(Fuse.READAHEAD_KB) && negative.contains("-4"), negative);
        String tooLarge = rejected(Fuse.READAHEAD_KB, "65536");
        assertTrue(tooLarge.contains("between 0 and 16384 KiB") && tooLarge.contains("65536"), tooLarge);
    }

    @Test
    void otherBadSettingsNameTheirProperty() {
        assertTrue(rejected(Fuse.MIN_THREADS, 4, Fuse.MAX_THREADS, 2).contains("1 <= min <= max"));
        assertTrue(rejected(Fuse.REPLY_TIMEOUT, 0).contains(Fuse.REPLY_TIMEOUT));
        assertTrue(rejected(Fuse.OPTIONS, "fsname=x").contains("set by the runtime"));
        assertTrue(rejected(Fuse.MOUNTPOINT, "relative/dir").contains("absolute"));
    }
}
