package fuse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A bounded wait returns as soon as its condition holds and gives up, saying what it waited for, when it never does.
 */
class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        assertTrue(Await.until(Duration.ofMinutes(5), () -> polls.incrementAndGet() == 3));
        assertEquals(3, polls.get(), "polled until it held, not once more");
    }

    @Test
    void aConditionThatNeverHoldsIsReportedWithWhatWasAwaited() {
        assertFalse(Await.until(Duration.ofMillis(50), () -> false));
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("the moon is blue", Duration.ofMillis(50), () -> false, () -> "it stayed grey"));
        assertEquals("timed out after 50 ms waiting until the moon is blue; it stayed grey", e.getMessage());
    }
}
