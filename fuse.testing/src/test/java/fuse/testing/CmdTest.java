package fuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a test relies on when it runs a command: its outputs, its exit status, its end. */
class CmdTest {
    @Test
    void outputsAndExitStatusAreKeptApartAndAFailureShowsBoth() {
        Cmd.Result r = Cmd.sh("echo out; echo err >&2; exit 3").run();
        assertEquals(new Cmd.Result(3, "out\n", "err\n"), r);
        AssertionError e = assertThrows(AssertionError.class, () -> Cmd.sh("echo out; echo err >&2; exit 3").ok());
        assertTrue(e.getMessage().contains("exit 3") && e.getMessage().contains("out")
                && e.getMessage().contains("err"), e.getMessage());
        assertEquals("out\nerr\n", Cmd.sh("echo out; echo err >&2; exit 3").mergeStderr().fails());
        assertThrows(AssertionError.class, () -> Cmd.of("true").fails());
    }

    @Test
    void argumentsDirectoryAndEnvironmentReachTheCommand(@TempDir Path dir) {
        assertEquals("a b|c\n", Cmd.sh("printf '%s|%s\\n' \"$1\" \"$2\"", "a b", "c").ok());
        assertEquals(dir + " yes\n", Cmd.sh("echo \"$(pwd) $FLAG\"").in(dir).env(java.util.Map.of("FLAG", "yes")).ok());
        assertEquals("['x y', '42']\n", Cmd.python("import sys; print(sys.argv[1:])", "x y", 42).ok());
    }

    @Test
    void standardInputIsEmptySoAReaderDoesNotWait() {
        assertEquals("", Cmd.of("cat").timeout(20).ok());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithWhatItStartedAndTheTestFails(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Cmd.sh("sleep 600 & echo $! > \"$1\"; wait", pidFile.toString()).timeout(1).run());
        assertTrue(e.getMessage().startsWith("timed out after 1 s: sh -c"), e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(Await.until(Duration.ofSeconds(10),
                () -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true)),
                "the background sleep " + child + " was killed too");
    }

    @Test
    void commandsThatMustBeRefusedFailWithTheMessageOrTheTestFailsNamingTheOneThatDidNot(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        Cmd.assertRefused(dir, "Permission denied", "echo 'denied by rule: Permission denied' >&2; exit 1",
                "echo 'Permission denied' && false");
        AssertionError succeeded = assertThrows(AssertionError.class,
                () -> Cmd.assertRefused(dir, "Permission denied", "echo Permission denied >&2; exit 1", "cat f"));
        assertTrue(succeeded.getMessage().startsWith("'cat f' in " + dir) && succeeded.getMessage().contains("exit 0"),
                succeeded.getMessage());
        AssertionError otherMessage = assertThrows(AssertionError.class,
                () -> Cmd.assertRefused(dir, "Permission denied", "cat missing"));
        assertTrue(otherMessage.getMessage().contains("No such file or directory"), otherMessage.getMessage());
    }

    @Test
    void asAnotherUserWithExactlyTheGivenGroups() {
        assertEquals("65534 65534\n", Cmd.sh("echo $(id -u) $(id -G)").as(65534, 65534).ok());
        assertEquals("65534 65534 4 27\n", Cmd.sh("echo $(id -u) $(id -G)").as(65534, 65534, 4, 27).ok());
    }
}
