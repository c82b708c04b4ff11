package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.testing.Calls;

class AsyncTest {
    /** A write reply that records its one answer and rejects a second one, as the runtime does. */
    static final class RecordingWrite implements Reply.Write {
        final CountDownLatch answered = new CountDownLatch(1);
        volatile Long written;
        volatile int errno;
        volatile Thread answeredOn;

        private void checkUnanswered() {
            if (answered.getCount() == 0) {
                throw new IllegalStateException("already answered");
            }
        }

        /** Called after recording the answer: the latch publishes it to the waiting test. */
        private void publish() {
            answeredOn = Thread.currentThread();
            answered.countDown();
        }

        @Override
        public synchronized void written(long count) {
            checkUnanswered();
            written = count;
            publish();
        }

        @Override
        public synchronized void error(int errno) {
            checkUnanswered();
            this.errno = errno;
            publish();
        }

        @Override
        public boolean isAnswered() {
            return answered.getCount() == 0;
        }

        void await() throws InterruptedException {
            assertTrue(answered.await(30, TimeUnit.SECONDS), "the reply was never answered");
        }
    }

    /** Log records of the adapter's logger (System.Logger goes to java.util.logging by default). */
    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstLog = new CountDownLatch(1);
    private final Logger julLogger = Logger.getLogger(Async.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
            firstLog.countDown();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
        julLogger.setUseParentHandlers(false);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
        julLogger.setUseParentHandlers(true);
    }

    @Test
    void answersWithTheValueWhenTheStageCompletesLater() throws Exception {
        CompletableFuture<Long> backend = new CompletableFuture<>();
        RecordingWrite reply = new RecordingWrite();
        Async.complete(backend, reply, (r, n) -> r.written(n));
        assertFalse(reply.isAnswered(), "nothing is answered before the backend completes");

        Thread completer = Thread.ofPlatform().start(() -> backend.complete(42L));
        completer.join();
        reply.await();
        assertEquals(42L, reply.written);
        assertEquals(completer, reply.answeredOn);
        assertEquals(List.of(), logged);
    }

    @Test
    void answersAtOnceForAnAlreadyCompletedStage() {
        RecordingWrite reply = new RecordingWrite();
        Async.complete(CompletableFuture.completedFuture(7L), reply, (r, n) -> r.written(n));
        assertEquals(7L, reply.written);
    }

    @Test
    void fuseExceptionAnswersItsErrnoWithoutLogging() throws Exception {
        RecordingWrite reply = new RecordingWrite();
        Async.complete(CompletableFuture.<Long>failedFuture(new FuseException(Errno.ENOSPC)), reply,
                (r, n) -> r.written(n));
        reply.await();
        assertEquals(Errno.ENOSPC, reply.errno);
        assertNull(reply.written);
        assertEquals(List.of(), logged);
    }

    @Test
    void completionExceptionIsUnwrapped() throws Exception {
        CompletableFuture<Long> chained = CompletableFuture.supplyAsync(() -> {
            throw new FuseException(Errno.EROFS);
        });
        RecordingWrite reply = new RecordingWrite();
        Async.complete(chained.thenApply(n -> n + 1), reply, (r, n) -> r.written(n));
        reply.await();
        assertEquals(Errno.EROFS, reply.errno);

        RecordingWrite wrapped = new RecordingWrite();
        Async.complete(CompletableFuture.<Long>failedFuture(new CompletionException(new FuseException(Errno.EDQUOT))),
                wrapped, (r, n) -> r.written(n));
        assertEquals(Errno.EDQUOT, wrapped.errno);
        assertEquals(List.of(), logged);
    }

    @Test
    void errnoExceptionOfAUtilityAnswersItsErrno() throws Exception {
        RecordingWrite reply = new RecordingWrite();
        Async.onVirtualThread(reply, r -> FuseUtils.listdir(java.nio.file.Path.of("/nonexistent-fuse-utils")));
        reply.await();
        assertEquals(Errno.ENOENT, reply.errno);
        assertEquals(List.of(), logged);
    }

    @Test
    void anyOtherFailureAnswersEioAndLogsOneLine() throws Exception {
        RecordingWrite reply = new RecordingWrite();
        IllegalStateException bug = new IllegalStateException("backend bug");
        Async.complete(CompletableFuture.<Long>failedFuture(bug), reply, (r, n) -> r.written(n));
        reply.await();
        assertEquals(Errno.EIO, reply.errno);
        assertEquals(1, logged.size());
        assertEquals(bug, logged.get(0).getThrown());
    }

    @Test
    void exceptionFromOnValueIsMapped() throws Exception {
        RecordingWrite reply = new RecordingWrite();
        Async.complete(CompletableFuture.completedFuture(1L), reply, (r, n) -> {
            throw new FuseException(Errno.EFBIG);
        });
        assertEquals(Errno.EFBIG, reply.errno);

        RecordingWrite crashed = new RecordingWrite();
        Async.complete(CompletableFuture.completedFuture(1L), crashed, (r, n) -> {
            throw new ArithmeticException("oops");
        });
        assertEquals(Errno.EIO, crashed.errno);
        assertEquals(1, logged.size());
    }

    @Test
    void cancelledStageAnswersEio() throws Exception {
        CompletableFuture<Long> backend = new CompletableFuture<>();
        RecordingWrite reply = new RecordingWrite();
        Async.complete(backend, reply, (r, n) -> r.written(n));
        backend.cancel(false);
        reply.await();
        assertEquals(Errno.EIO, reply.errno);
    }

    @Test
    void emptyReplyVariantAnswersOk() {
        Calls.Answer ok = new Calls.Answer();
        Async.complete(CompletableFuture.completedFuture("ignored"), ok);
        assertTrue(ok.answered && ok.errno == 0, "answered ok");
        Calls.Answer failed = new Calls.Answer();
        Async.complete(CompletableFuture.failedFuture(new FuseException(Errno.ENOTEMPTY)), failed);
        assertEquals(Errno.ENOTEMPTY, failed.errno);
    }

    @Test
    void blockingBodyRunsOnAVirtualThreadAndTheCallerReturnsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingWrite reply = new RecordingWrite();
        Async.onVirtualThread(reply, r -> {
            release.await(); // blocks until the test lets it go: the caller must not wait for this
            r.written(5);
        });
        assertFalse(reply.isAnswered());
        release.countDown();
        reply.await();
        assertEquals(5L, reply.written);
        assertTrue(reply.answeredOn.isVirtual());
    }

    @Test
    void blockingBodyFailuresAreMapped() throws Exception {
        RecordingWrite errno = new RecordingWrite();
        Async.onVirtualThread(errno, r -> {
            throw new FuseException(Errno.EAGAIN);
        });
        errno.await();
        assertEquals(Errno.EAGAIN, errno.errno);

        RecordingWrite checked = new RecordingWrite();
        Async.onVirtualThread(checked, r -> {
            throw new java.io.IOException("disk on fire");
        });
        checked.await();
        assertEquals(Errno.EIO, checked.errno);
        assertEquals(1, logged.size());
    }

    @Test
    void failureAfterTheAnswerSendsNothingMore() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RecordingWrite reply = new RecordingWrite();
        Async.onVirtualThread(reply, r -> {
            try {
                r.written(3);
                throw new FuseException(Errno.EIO);
            } finally {
                done.countDown();
            }
        });
        reply.await();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        // the late failure is logged (waited for, so it cannot leak into another test) and not sent
        assertTrue(firstLog.await(30, TimeUnit.SECONDS));
        assertEquals(java.util.logging.Level.WARNING, logged.get(0).getLevel());
        assertEquals(3L, reply.written);
        assertEquals(0, reply.errno);
    }
}
