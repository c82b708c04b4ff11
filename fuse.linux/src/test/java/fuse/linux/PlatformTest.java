package fuse.linux;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class PlatformTest {
    @Test
    void linuxOnX8664IsVerified() {
        assertNull(Platform.refusal("Linux", "amd64"));
        assertNull(Platform.refusal("Linux", "x86_64"));
    }

    @Test
    void anyOtherPlatformIsRefusedInOneLineNamingItAndWhatIsSupported() {
        for (String[] platform : new String[][] { { "Linux", "aarch64" }, { "Mac OS X", "amd64" },
                { "Linux", "riscv64" }, { "Linux\nx", null } }) {
            String message = Platform.refusal(platform[0], platform[1]);
            assertFalse(message.contains("\n") || message.contains("\r"), message);
            assertTrue(message.contains("os.name=" + platform[0].replace('\n', ' ')), message);
            assertTrue(message.contains("os.arch=" + (platform[1] == null ? "(unset)" : platform[1])), message);
            assertTrue(message.contains("Linux on x86_64"), message);
        }
        assertEquals("unsupported platform os.name=Linux, os.arch=aarch64; the native layouts of fuse.linux are "
                + "verified for Linux on x86_64 (os.arch amd64) only", Platform.refusal("Linux", "aarch64"));
    }

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void thisMachineIsSupported() {
        assertTrue(Platform.isSupported());
        assertDoesNotThrow(() -> Platform.requireSupported("PlatformTest"));
    }
}
