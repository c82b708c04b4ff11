package fuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read interrupted by SIGALRM reports EINTR; one that returns first reports what it read. */
class AlarmTest {
    @Test
    void aReadThatWaitsPastTheAlarmFailsWithEintr(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Cmd.of("mkfifo", fifo.toString()).ok();
        // a writer that keeps the pipe open and writes nothing: the read waits until the alarm
        Process writer = new ProcessBuilder("sh", "-c", "exec sleep 60 > \"$1\"", "sh", fifo.toString()).start();
        try {
            assertEquals("EINTR", Alarm.read(fifo, 1));
        } finally {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReadThatReturnsFirstSaysHowMuchItRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "four");
        assertEquals("read 4 bytes", Alarm.read(file, 5));
    }
}
