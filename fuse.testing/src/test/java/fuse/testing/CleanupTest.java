package fuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Everything a test opened is closed, latest first, even when closing one of them fails. */
class CleanupTest {
    @Test
    void closesLatestFirstEveryOneEvenAfterAFailureAndReportsTheFirstFailure() {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        cleanup.add(() -> closed.add("first"));
        IOException second = new IOException("second failed");
        cleanup.add(() -> {
            closed.add("second");
            throw second;
        });
        IOException third = new IOException("third failed");
        cleanup.add(() -> {
            closed.add("third");
            throw third;
        });
        IOException thrown = assertThrows(IOException.class, cleanup::close);
        assertEquals(List.of("third", "second", "first"), closed);
        assertSame(third, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
    }

    @Test
    void closedNowIsNotClosedAgainAndACleanupCanBeReused() throws Exception {
        List<String> closed = new ArrayList<>();
        Cleanup cleanup = new Cleanup();
        AutoCloseable a = cleanup.add(() -> closed.add("a"));
        cleanup.add(() -> closed.add("b"));
        cleanup.closeNow(a);
        cleanup.close();
        cleanup.close();
        assertEquals(List.of("a", "b"), closed);
    }
}
