package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Alarm;
import fuse.testing.Cmd;

/**
 * The async adapter in a mounted driver: every answer comes from a {@link CompletionStage} completed on the
 * backend's own threads (or from a virtual thread), never from the reader thread that received the request.
 */
class AsyncDriverTest {
    /** An "object store" client with an asynchronous API, completing on its own thread pool. */
    static final class ObjectStore {
        private final ExecutorService io = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "object-store-io");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, byte[]> objects = Map.of(
                "greeting.txt", "hello from a CompletionStage\n".getBytes(StandardCharsets.UTF_8),
                "broken.bin", new byte[10],
                "stuck.bin", new byte[10]);
        /** The reads of "stuck.bin": they never complete on their own. */
        final List<CompletableFuture<byte[]>> stuck = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** The object names, in a fixed order. */
        CompletionStage<List<String>> list() {
            return CompletableFuture.supplyAsync(() -> objects.keySet().stream().sorted().toList(), io);
        }

        /** The size of an object; fails with ENOENT for an unknown one. */
        CompletionStage<Integer> size(String name) {
            return CompletableFuture.supplyAsync(() -> {
                byte[] data = objects.get(name);
                if (data == null) {
                    throw new FuseException(Errno.ENOENT);
                }
                return data.length;
            }, io);
        }

        /** A range of an object; "broken.bin" fails like a client library bug would, "stuck.bin" never answers. */
        CompletionStage<byte[]> read(String name, long offset, int size) {
            if (name.equals("stuck.bin")) {
                CompletableFuture<byte[]> never = new CompletableFuture<>();
                stuck.add(never);
                return never;
            }
            return CompletableFuture.supplyAsync(() -> {
                if (name.equals("broken.bin")) {
                    throw new IllegalStateException("simulated client failure");
                }
                byte[] data = objects.get(name);
                int from = (int) Math.min(offset, data.length);
                return Arrays.copyOfRange(data, from, (int) Math.min(data.length, from + (long) size));
            }, io);
        }

        void shutdown() {
            io.shutdownNow();
        }
    }

    /** The driver: inode 2.. are the objects in name order. */
    static final class ObjectStoreFs implements Operations {
        final ObjectStore store = new ObjectStore();
        final List<String> names = store.list().toCompletableFuture().join();

        private String nameOf(long inode) {
            int index = (int) (inode - 2);
            if (index < 0 || index >= names.size()) {
                throw new FuseException(Errno.ENOENT);
            }
            return names.get(index);
        }

        private static EntryAttributes file(long inode, int size) {
            return new EntryAttributes().inode(inode).mode(Fuse.S_IFREG | 0444).size(size).timeouts(0);
        }

        @Override
        public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
            String text = new String(name, StandardCharsets.UTF_8);
            long inode = names.indexOf(text) + 2;
            // an unknown name reaches the store, which fails the stage with ENOENT
            Async.complete(store.size(text), reply, (r, size) -> r.entry(file(inode, size)));
        }

        @Override
        public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
            if (inode == Fuse.ROOT_INODE) {
                reply.attr(new EntryAttributes().inode(inode).mode(Fuse.S_IFDIR | 0555).nlink(2));
                return;
            }
            Async.complete(store.size(nameOf(inode)), reply, (r, size) -> r.attr(file(inode, size)));
        }

        @Override
        public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
            // direct I/O for stuck.bin: its read is the caller's own request (page cache reads are background
            // requests, which only a fatal signal interrupts)
            reply.open(new FileInfo().directIo(nameOf(inode).equals("stuck.bin")));
        }

        @Override
        public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
            Async.complete(store.read(nameOf(inode), offset, size), reply, (r, bytes) -> r.data(bytes));
        }

        @Override
        public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
            // a blocking style body, on a virtual thread
            Async.onVirtualThread(reply, r -> {
                List<String> listed = store.list().toCompletableFuture().get();
                for (int i = (int) offset; i < listed.size(); i++) {
                    // a READDIRPLUS page hands these attributes to the kernel's cache: they must be complete
                    int size = store.size(listed.get(i)).toCompletableFuture().get();
                    EntryAttributes attributes = file(i + 2L, size);
                    if (!FuseUtils.readdirReply(r, listed.get(i).getBytes(StandardCharsets.UTF_8), attributes,
                            i + 1L)) {
                        break;
                    }
                }
                r.done();
            });
        }
    }

    @TempDir
    static Path base;
    private static Path mountpoint;
    private static ObjectStoreFs fs;
    private static FuseMount mount;

    @BeforeAll
    static void mount() throws Exception {
        mountpoint = Files.createDirectory(base.resolve("mnt"));
        fs = new ObjectStoreFs();
        mount = FuseMount.mount(fs, mountpoint, Map.of(Fuse.FSNAME, "fuse-utils-async"));
    }

    @AfterAll
    static void unmount() {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            if (fs != null) {
                fs.store.shutdown();
            }
        }
    }

    @Test
    void readsAndListsThroughCompletionStages() throws Exception {
        try (Stream<Path> entries = Files.list(mountpoint)) {
            assertEquals(List.of("broken.bin", "greeting.txt", "stuck.bin"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("hello from a CompletionStage\n", Files.readString(mountpoint.resolve("greeting.txt")));
        assertEquals("hello from a CompletionStage\n",
                Cmd.of("cat", mountpoint.resolve("greeting.txt").toString()).ok());
    }

    @Test
    void failedStageWithFuseExceptionIsItsErrno() {
        assertThrows(NoSuchFileException.class, () -> Files.size(mountpoint.resolve("missing")));
    }

    @Test
    void failedStageWithAnythingElseIsEio() throws Exception {
        IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(mountpoint.resolve("broken.bin")));
        assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), String.valueOf(e));
    }

    @Test
    void anInterruptedCallerGetsEintrAndThePendingStageIsCancelled() throws Exception {
        // The caller waits in read(2) for a stage that never completes; SIGALRM interrupts it: the kernel sends
        // INTERRUPT, Async cancels the stage and answers EINTR, which the caller's read returns.
        assertEquals("EINTR", Alarm.read(mountpoint.resolve("stuck.bin"), 1));
        assertEquals(1, fs.store.stuck.size(), "one read reached the store");
        assertTrue(fs.store.stuck.get(0).isCancelled(), "and its stage was cancelled when the caller was interrupted");
    }
}
