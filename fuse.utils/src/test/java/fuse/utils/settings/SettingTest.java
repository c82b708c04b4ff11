package fuse.utils.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SettingTest {
    private static String message(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    void blankOrAbsentMeansNotSet() {
        assertFalse(Setting.isSet(null));
        assertFalse(Setting.isSet(" "));
        assertTrue(Setting.isSet("0"));
        assertNull(Setting.text(""));
        assertEquals("a b", Setting.text(" a b "));
        assertEquals(7, Setting.size("k", null, 7));
        assertEquals(7, Setting.size("k", "  ", 7));
        assertEquals(3, Setting.count("k", "", 3));
        assertEquals(1.5, Setting.seconds("k", null, 1.5));
        assertEquals(0755, Setting.octalMode("k", null, 0755));
        assertTrue(Setting.flag("k", "", true));
    }

    @Test
    void sizesTakeBinarySuffixesInAnyCase() {
        assertEquals(12345, Setting.size("capacity", "12345", 0));
        assertEquals(64L << 10, Setting.size("capacity", "64k", 0));
        assertEquals(64L << 20, Setting.size("capacity", " 64m ", 0));
        assertEquals(1L << 30, Setting.size("capacity", "1G", 0));
        assertEquals(1L << 30, Setting.size("capacity", "1GiB", 0));
        assertEquals(1L << 30, Setting.size("capacity", "1gb", 0));
        assertEquals(2L << 40, Setting.size("capacity", "2T", 0));
        assertEquals(100, Setting.size("capacity", "100b", 0));
    }

    @Test
    void aBadSizeNamesKeyAndValue() {
        assertEquals("capacity must be a size like 512m or 1g, was abc", message(() -> Setting.size("capacity",
                "abc", 0)));
        assertEquals("chunk.size must be a size like 512m or 1g, was 1.5m", message(() -> Setting.size("chunk.size",
                "1.5m", 0)));
        assertEquals("capacity is out of range: -1", message(() -> Setting.size("capacity", "-1", 0)));
        assertEquals("capacity is out of range: 9000000t", message(() -> Setting.size("capacity", "9000000t", 0)));
    }

    @Test
    void countsAreWholeNonNegativeNumbers() {
        assertEquals(8, Setting.count("pool.size", " 8 ", 1));
        assertEquals("pool.size must be a whole number, was 8k", message(() -> Setting.count("pool.size", "8k", 1)));
        assertEquals("pool.size must be a whole number, was -1", message(() -> Setting.count("pool.size", "-1", 1)));
    }

    @Test
    void secondsMayHaveFractions() {
        assertEquals(1.5, Setting.seconds("timeout", "1.5", 0));
        assertEquals(30, Setting.seconds("timeout", " 30 ", 0));
        assertEquals("timeout must be a number of seconds, was soon", message(() -> Setting.seconds("timeout",
                "soon", 0)));
    }

    @Test
    void modesAreOctalPermissionBits() {
        assertEquals(0755, Setting.octalMode("root.mode", "755", 0));
        assertEquals(01777, Setting.octalMode("root.mode", "01777", 0));
        assertEquals(0755, Setting.octalMode("root.mode", "100755", 0), "type bits are dropped");
        assertEquals("root.mode must be octal, was 9z", message(() -> Setting.octalMode("root.mode", "9z", 0)));
        assertEquals("root.mode must be octal, was 8", message(() -> Setting.octalMode("root.mode", "8", 0)));
    }

    @Test
    void flagsAreTrueOrFalseNothingElse() {
        assertTrue(Setting.flag("writeback", " TRUE ", false));
        assertFalse(Setting.flag("writeback", "false", true));
        assertEquals("writeback must be true or false, was yes", message(() -> Setting.flag("writeback", "yes",
                false)));
    }

    @Test
    void idsDefaultToTheUserAndGroupOfThisJvm() throws Exception {
        Path self = Path.of("/proc/self");
        assertEquals(Files.getAttribute(self, "unix:uid"), Setting.uid("root.uid", null));
        assertEquals(Files.getAttribute(self, "unix:gid"), Setting.gid("root.gid", " "));
        assertEquals(1000, Setting.uid("root.uid", "1000"));
        assertEquals("root.gid must be a number, was staff", message(() -> Setting.gid("root.gid", "staff")));
    }
}
