package fuse.driver.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.utils.settings.ComponentProperties;

/** The DS component's configuration handling, without a framework: errors name the configuration. */
class PassthroughComponentTest {
    private static final Map<String, Object> PROPS = Map.of("service.pid", "fuse.driver.passthrough~data");

    private static PassthroughSettings config(String source, String timeout) {
        Map<String, Object> properties = new HashMap<>(PROPS);
        if (source != null) {
            properties.put("source", source);
        }
        properties.put("timeout", timeout);
        return ComponentProperties.of(PassthroughSettings.class, properties);
    }

    @Test
    void aMissingOrUnusableSourceIsReportedWithTheConfiguration(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        for (String source : new String[] { null, "", tmp.resolve("missing").toString(), file.toString(), "rel" }) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> new PassthroughComponent(config(source, "0"), PROPS)).getMessage();
            assertTrue(message.contains("fuse.driver.passthrough~data"), message);
            assertTrue(source == null || message.contains(source), message);
        }
    }

    @Test
    void aTimeoutThatIsNotANumberIsReportedWithItsKey(@TempDir Path tmp) {
        assertEquals("timeout must be a number of seconds, was soon", assertThrows(IllegalArgumentException.class,
                () -> new PassthroughComponent(config(tmp.toString(), "soon"), PROPS)).getMessage());
    }

    @Test
    void aGoodConfigurationMirrorsTheSource(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        PassthroughComponent c = new PassthroughComponent(config(tmp.toString(), "2.5"), PROPS);
        try {
            assertEquals(tmp, c.source());
            assertEquals(2.5, new fuse.testing.Calls(c, fuse.testing.Ctx.ROOT).lookup(fuse.api.Fuse.ROOT_INODE, "f")
                    .attrTimeout());
        } finally {
            c.destroy();
        }
    }
}
