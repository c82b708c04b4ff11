package fuse.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;

/**
 * A driver that goes away (its service is unregistered, as when its bundle is stopped or uninstalled) while one of
 * its requests is still running: the caller gets an error instead of hanging, the mount is gone once the
 * unregistration returns, and no request reaches the departed driver after that.
 */
class DriverLeavesMidRequestTest {
    @TempDir
    Path tmp;
    private ServiceRegistration<Operations> registration;
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    /** One file whose read blocks until released (or interrupted); records every call made after it left. */
    final class StuckRead implements Operations {
        final CountDownLatch readEntered = new CountDownLatch(1);
        volatile boolean departed;
        final List<String> callsAfterDeparture = new CopyOnWriteArrayList<>();

        private void called(String op) {
            if (departed) {
                callsAfterDeparture.add(op);
            }
        }

        @Override
        public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
            called("getattr");
            reply.attr(inode == Fuse.ROOT_INODE
                    ? new EntryAttributes().inode(inode).mode(Fuse.S_IFDIR | 0755).nlink(2)
                    : new EntryAttributes().inode(inode).mode(Fuse.S_IFREG | 0444).size(5));
        }

        @Override
        public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
            called("lookup");
            if (new String(name, StandardCharsets.US_ASCII).equals("stuck")) {
                reply.entry(new EntryAttributes().inode(2).mode(Fuse.S_IFREG | 0444).size(5));
            } else {
                reply.error(Errno.ENOENT);
            }
        }

        @Override
        public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
            called("read");
            readEntered.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
                reply.data("late\n".getBytes(StandardCharsets.US_ASCII));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply.error(Errno.EINTR);
            }
        }
    }

    @AfterEach
    void cleanUp() {
        release.countDown();
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
        callers.shutdownNow();
    }

    @Test
    void aReadBlockedInADriverThatLeavesEndsWithAnErrorAndNothingReachesTheDriverAfterwards() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("leaving"));
        StuckRead driver = new StuckRead();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, mp.toString());
        props.put(Fuse.DRIVER, "stuckread");
        registration = Osgi.context().registerService(Operations.class, driver, props);
        Osgi.await("the driver is mounted", () -> Osgi.mounted(mp));

        Future<byte[]> read = callers.submit(() -> Files.readAllBytes(mp.resolve("stuck")));
        assertTrue(driver.readEntered.await(30, TimeUnit.SECONDS), "the read reached the driver");

        registration.unregister(); // returns once the runtime has taken the mount down
        driver.departed = true;
        assertFalse(Osgi.mounted(mp), "unmounted by the time unregister returns");

        // The caller is not left hanging: the connection was ended under it. (The bound only keeps a broken build
        // from hanging; in practice the error arrives within the runtime's close wait.)
        ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(60, TimeUnit.SECONDS));
        IOException io = assertInstanceOf(IOException.class, failed.getCause());
        assertTrue(String.valueOf(io.getMessage()).contains("not connected") || String.valueOf(io.getMessage())
                .contains("Input/output error"), "ENOTCONN or EIO, got: " + io);

        // The directory is an ordinary directory again, and the departed driver hears nothing more.
        release.countDown();
        try (var list = Files.list(mp)) {
            assertEquals(List.of(), list.toList());
        }
        assertFalse(Files.exists(mp.resolve("stuck")));
        assertEquals(List.of(), driver.callsAfterDeparture, "requests that reached the driver after it left");
    }
}
