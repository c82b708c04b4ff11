package fuse.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

/** The console's one-line form of an OSGi log entry. */
class ConsoleLogTest {
    @Test
    void oneLineWithTheInnermostCause() {
        Exception e = new RuntimeException("wrapper", new IllegalStateException("java.io.IOException: disk gone"));
        assertEquals("ERROR org.example: cannot save\u0020state: disk gone",
                ConsoleLog.format(LogLevel.ERROR, "org.example", "cannot save\nstate", e));
    }

    @Test
    void aCauseTheMessageAlreadyNamesIsNotRepeated() {
        assertEquals("WARNING org.example: lost connection: timeout",
                ConsoleLog.format(LogLevel.WARN, "org.example", "lost connection: timeout",
                        new RuntimeException("timeout")));
    }

    @Test
    void withoutAnException() {
        assertEquals("ERROR osgi: plain", ConsoleLog.format(LogLevel.ERROR, "osgi", "plain", null));
    }
}
