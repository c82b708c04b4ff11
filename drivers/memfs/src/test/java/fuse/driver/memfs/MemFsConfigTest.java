package fuse.driver.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;
import fuse.utils.settings.ComponentProperties;

/** memfs's settings: their defaults, their parsing, their messages, and the README's table of them. */
class MemFsConfigTest {
    @Test
    void theDefaultsAreAGibibyteRelatimeAndARootOwnedByTheJvmsUser() throws Exception {
        MemFsConfig d = MemFsConfig.defaults();
        assertEquals(1L << 30, d.capacity());
        assertEquals(1L << 20, d.maxInodes());
        assertEquals(300, d.timeout());
        assertFalse(d.writeback());
        assertEquals(AtimePolicy.RELATIME, d.atime());
        assertEquals(0755, d.rootMode());
        assertEquals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"), d.rootUid());
        assertEquals(Files.getAttribute(Path.of("/proc/self"), "unix:gid"), d.rootGid());
    }

    @Test
    void valuesAreParsedAndEmptyOnesMeanTheDefault() {
        MemFsConfig c = MemFsConfig.from(Map.of("capacity", "2g", "timeout", "1.5", "writeback", "TRUE",
                "root.mode", "1777", "root.uid", "1000", Fuse.OPTIONS, "default_permissions,noatime"));
        assertEquals(2L << 30, c.capacity());
        assertEquals(2L << 20, c.maxInodes(), "the inode limit follows the capacity");
        assertEquals(1.5, c.timeout());
        assertTrue(c.writeback());
        assertEquals(01777, c.rootMode());
        assertEquals(1000, c.rootUid());
        assertEquals(AtimePolicy.NOATIME, c.atime());
        Map<String, Object> empty = new HashMap<>();
        ComponentProperties.defaults(MemFsSettings.class).keySet().forEach(k -> empty.put(k, " "));
        assertEquals(MemFsConfig.defaults(), MemFsConfig.from(empty));
    }

    @Test
    void aBadValueOfAnySettingIsReportedWithItsKey() {
        for (String key : ComponentProperties.defaults(MemFsSettings.class).keySet()) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> MemFsConfig.from(Map.of(key, "lots!"))).getMessage();
            assertTrue(message.startsWith(key + " ") && message.contains("lots!"), message);
        }
        Map<String, Object> abc = Map.of("fuse.mountpoint", "/mnt/x", "capacity", "abc");
        assertEquals("capacity must be a size like 512m or 1g, was abc", assertThrows(IllegalArgumentException.class,
                () -> new MemFsComponent(ComponentProperties.of(MemFsSettings.class, abc), abc)).getMessage());
        assertEquals("timeout must be >= 0, was -1.0", assertThrows(IllegalArgumentException.class,
                () -> MemFsConfig.from(Map.of("timeout", "-1"))).getMessage());
    }

    @Test
    void theReadmeDocumentsEverySettingWithItsDefault() throws Exception {
        Map<String, String> documented = Files.readAllLines(Path.of("README.md")).stream()
                .dropWhile(l -> !l.startsWith("## Settings")).skip(1).takeWhile(l -> !l.startsWith("## "))
                .filter(l -> l.startsWith("| `")).map(l -> l.split("\\|"))
                .collect(Collectors.toMap(c -> c[1].trim().replace("`", ""), c -> c[2].trim()));
        Map<String, String> declared = ComponentProperties.defaults(MemFsSettings.class);
        assertEquals(declared.keySet(), documented.keySet());
        declared.forEach((key, d) -> assertTrue(d == null || documented.get(key).equals("`" + d + "`"), key));
    }
}
