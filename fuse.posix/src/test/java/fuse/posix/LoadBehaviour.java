package fuse.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import fuse.driver.memfs.MemFs;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Await;
import fuse.testing.Cmd;

/**
 * Eight clients at once doing a seeded random mix of create, write, read-and-verify, rename, unlink, mkdir/rmdir,
 * readdir and xattr calls, a fixed number of operations each (not a fixed time, so every run does the same work).
 * Each client owns its files and keeps a model of them; all clients share the directories they live in, so listings
 * and renames contend. Every byte read back must be what the model says, every listing must show exactly the client's
 * own names, and at the end the target holds exactly the models' files; memfs must be back to its baseline (space,
 * inodes, hence no handle left open) once they are removed, and the runtime must have no request left in flight.
 */
abstract class LoadBehaviour extends Behaviour {
    static final int CLIENTS = 8;
    static final int OPS_PER_CLIENT = 1500;
    static final int SHARED_DIRS = 4;
    static final long SEED = 0x5EED_F05EL;
    /** Files are kept below this size so the run's volume is bounded whatever the dice say. */
    static final int MAX_FILE = 256 * 1024;

    enum Kind {
        CREATE, WRITE, READ_VERIFY, RENAME, UNLINK, MKDIR, RMDIR, READDIR, XATTR_SET, XATTR_VERIFY, XATTR_REMOVE
    }

    /** Weights of the operations, in the order of {@link Kind}. */
    private static final int[] WEIGHTS = { 12, 20, 20, 10, 7, 4, 2, 10, 7, 6, 2 };

    @Test
    @Timeout(600)
    void eightClientsRandomMixLoseNothing() throws Exception {
        MemFs memfs = target() instanceof FuseTarget t && t.ops() instanceof MemFs m ? m : null;
        FuseMount mount = target() instanceof FuseTarget t ? t.mount() : null;
        long usedBefore = memfs == null ? 0 : memfs.usedBytes();
        long inodesBefore = memfs == null ? 0 : memfs.inodeCount();
        List<Path> shared = new ArrayList<>();
        for (int i = 0; i < SHARED_DIRS; i++) {
            shared.add(Files.createDirectory(dir.resolve("shared-" + i)));
        }

        long start = System.nanoTime();
        List<Client> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Client client = new Client(c, shared);
                clients.add(client);
                done.add(pool.submit(() -> {
                    client.run();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // The target holds exactly the models' files, with the models' contents and sizes.
        Map<Path, byte[]> expected = new HashMap<>();
        Set<Path> expectedDirs = new HashSet<>(shared);
        for (Client c : clients) {
            c.files.values().forEach(f -> expected.put(f.path, f.content()));
            expectedDirs.addAll(c.dirs.keySet());
        }
        Map<Path, Long> found = new HashMap<>();
        Set<Path> foundDirs = new HashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    found.put(p, a.size());
                } else if (!p.equals(dir)) {
                    foundDirs.add(p);
                }
            }
        }
        assertEquals(new TreeMap<>(sizes(expected)), new TreeMap<>(found),
                "files and sizes on the target = the models'");
        assertEquals(sorted(expectedDirs), sorted(foundDirs), "directories on the target = the models'");
        long finalVerified = 0;
        for (Map.Entry<Path, byte[]> e : expected.entrySet()) {
            assertContent(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey().toString());
            finalVerified += e.getValue().length;
        }
        long expectedBytes = expected.values().stream().mapToLong(b -> b.length).sum();

        EnumMap<Kind, Integer> counts = new EnumMap<>(Kind.class);
        long written = 0;
        long verified = finalVerified;
        long xattrsVerified = 0;
        for (Client c : clients) {
            c.counts.forEach((k, v) -> counts.merge(k, v, Integer::sum));
            written += c.bytesWritten;
            verified += c.bytesVerified;
            xattrsVerified += c.xattrsVerified;
        }
        System.out.printf("load on %s: %d clients x %d ops = %d ops in %.1f s %s; %d bytes written, %d bytes read back"
                + " and verified, %d xattr values verified; end state %d files, %d dirs, %d bytes%n", target().kind(),
                CLIENTS, OPS_PER_CLIENT, CLIENTS * OPS_PER_CLIENT, seconds, counts, written, verified, xattrsVerified,
                expected.size(), expectedDirs.size(), expectedBytes);

        // Everything removed: memfs is back to its baseline, and the runtime has no request left over.
        Cmd.of("rm", "-rf", "--", dir.toString()).in(dir).ok();
        Files.createDirectory(dir);
        if (memfs != null) {
            assertEquals(usedBefore, HostileInputBehaviour.settledUsedBytes(memfs, usedBefore),
                    "memfs' space accounting back to its baseline");
            Await.until(Duration.ofSeconds(5), () -> memfs.inodeCount() == inodesBefore);
            assertEquals(inodesBefore, memfs.inodeCount(),
                    "memfs' inodes back to the baseline: no file still held by an open handle or a lookup");
        }
        if (mount != null) {
            Await.until(Duration.ofSeconds(5), () -> mount.fuseSession().inFlight() == 0);
            assertEquals(0, mount.fuseSession().inFlight(), "no request left in flight");
        }
    }

    private static Map<Path, Long> sizes(Map<Path, byte[]> files) {
        Map<Path, Long> m = new HashMap<>();
        files.forEach((p, b) -> m.put(p, (long) b.length));
        return m;
    }

    private static List<String> sorted(Set<Path> paths) {
        return paths.stream().map(Path::toString).sorted().toList();
    }

    static void assertContent(byte[] expected, byte[] actual, String what) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int i = Arrays.mismatch(expected, actual);
        fail(what + ": " + actual.length + " bytes read, " + expected.length + " expected; first difference at offset "
                + i);
    }

    /** One client's file: where it is, what it holds, its xattrs. */
    static final class FileModel {
        Path path;
        byte[] data;
        int size;
        final Map<String, byte[]> xattrs = new HashMap<>();

        FileModel(Path path, byte[] content) {
            this.path = path;
            this.data = content;
            this.size = content.length;
        }

        byte[] content() {
            return Arrays.copyOf(data, size);
        }

        void write(long offset, byte[] bytes) {
            int end = (int) offset + bytes.length;
            if (end > data.length) {
                data = Arrays.copyOf(data, Math.max(end, data.length * 2));
            }
            System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
            size = Math.max(size, end);
        }
    }

    /** One thread of the load: its own files, its own directories, its own dice. */
    final class Client {
        final int id;
        final Random random;
        final List<Path> shared;
        final Map<String, FileModel> files = new HashMap<>();
        /** This client's directories and how many of its entries each holds. */
        final Map<Path, Integer> dirs = new HashMap<>();
        final EnumMap<Kind, Integer> counts = new EnumMap<>(Kind.class);
        final Deque<String> trace = new ArrayDeque<>();
        long bytesWritten;
        long bytesVerified;
        long xattrsVerified;
        int serial;

        Client(int id, List<Path> shared) {
            this.id = id;
            this.random = new Random(SEED + id);
            this.shared = shared;
        }

        void run() {
            for (int op = 0; op < OPS_PER_CLIENT; op++) {
                Kind k = pick();
                try {
                    counts.merge(k, 1, Integer::sum);
                    perform(k);
                } catch (IOException | RuntimeException | AssertionError e) {
                    throw new AssertionError("client " + id + " failed in operation " + op + " (" + k + ") on "
                            + target().kind() + ": " + e + "\nits last operations:\n  "
                            + String.join("\n  ", trace), e);
                }
            }
        }

        private Kind pick() {
            int total = Arrays.stream(WEIGHTS).sum();
            int r = random.nextInt(total);
            for (Kind k : Kind.values()) {
                r -= WEIGHTS[k.ordinal()];
                if (r < 0) {
                    return k;
                }
            }
            throw new IllegalStateException();
        }

        private void note(String s) {
            trace.addLast(s);
            if (trace.size() > 15) {
                trace.removeFirst();
            }
        }

        private String newName(String what) {
            return "c" + id + "-" + what + "-" + serial++;
        }

        /** A shared directory or one of this client's own. */
        private Path anyDir() {
            int n = random.nextInt(shared.size() + dirs.size());
            if (n < shared.size()) {
                return shared.get(n);
            }
            return new ArrayList<>(dirs.keySet()).stream().sorted().toList().get(n - shared.size());
        }

        private FileModel anyFile() {
            if (files.isEmpty()) {
                return null;
            }
            List<String> names = files.keySet().stream().sorted().toList();
            return files.get(names.get(random.nextInt(names.size())));
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        private void placed(Path parent, int delta) {
            dirs.computeIfPresent(parent, (d, n) -> n + delta);
        }

        private void perform(Kind k) throws IOException {
            FileModel f = anyFile();
            switch (k) {
                case CREATE -> {
                    Path parent = anyDir();
                    Path p = parent.resolve(newName("f"));
                    byte[] content = bytes(random.nextInt(32 * 1024 + 1));
                    note("create " + p + " " + content.length);
                    Files.write(p, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    files.put(p.getFileName().toString(), new FileModel(p, content));
                    placed(parent, 1);
                    bytesWritten += content.length;
                }
                case WRITE -> {
                    if (f == null) {
                        return;
                    }
                    int length = 1 + random.nextInt(16 * 1024);
                    long offset = random.nextInt(f.size + 8192);
                    if (offset + length > MAX_FILE) {
                        offset = 0;
                    }
                    byte[] b = bytes(length);
                    note("write " + f.path + " @" + offset + " " + length);
                    try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.WRITE)) {
                        ByteBuffer buf = ByteBuffer.wrap(b);
                        long pos = offset;
                        while (buf.hasRemaining()) {
                            pos += ch.write(buf, pos);
                        }
                    }
                    f.write(offset, b);
                    bytesWritten += length;
                }
                case READ_VERIFY -> {
                    if (f == null) {
                        return;
                    }
                    note("read " + f.path);
                    byte[] actual = Files.readAllBytes(f.path);
                    assertContent(f.content(), actual, f.path.toString());
                    bytesVerified += actual.length;
                }
                case RENAME -> {
                    if (f == null) {
                        return;
                    }
                    Path parent = anyDir();
                    Path to = parent.resolve(newName("f"));
                    note("rename " + f.path + " " + to);
                    Files.move(f.path, to, StandardCopyOption.ATOMIC_MOVE);
                    placed(f.path.getParent(), -1);
                    placed(parent, 1);
                    files.remove(f.path.getFileName().toString());
                    f.path = to;
                    files.put(to.getFileName().toString(), f);
                }
                case UNLINK -> {
                    if (f == null) {
                        return;
                    }
                    note("unlink " + f.path);
                    Files.delete(f.path);
                    files.remove(f.path.getFileName().toString());
                    placed(f.path.getParent(), -1);
                }
                case MKDIR -> {
                    Path parent = shared.get(random.nextInt(shared.size()));
                    Path d = parent.resolve(newName("d"));
                    note("mkdir " + d);
                    Files.createDirectory(d);
                    dirs.put(d, 0);
                }
                case RMDIR -> {
                    Path empty = dirs.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                            .sorted().findFirst().orElse(null);
                    if (empty == null) {
                        return;
                    }
                    note("rmdir " + empty);
                    Files.delete(empty);
                    dirs.remove(empty);
                }
                case READDIR -> {
                    Path d = anyDir();
                    note("readdir " + d);
                    List<String> mine = new ArrayList<>();
                    try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                        for (Path p : s) {
                            String n = p.getFileName().toString();
                            if (n.startsWith("c" + id + "-")) {
                                mine.add(n);
                            }
                        }
                    }
                    List<String> expected = new ArrayList<>();
                    files.values().stream().filter(m -> m.path.getParent().equals(d))
                            .forEach(m -> expected.add(m.path.getFileName().toString()));
                    dirs.keySet().stream().filter(p -> p.getParent().equals(d))
                            .forEach(p -> expected.add(p.getFileName().toString()));
                    mine.sort(null);
                    expected.sort(null);
                    // names nobody else touches must be listed exactly once, even while the directory changes
                    assertEquals(expected, mine, "this client's entries in " + d);
                }
                case XATTR_SET -> {
                    if (f == null) {
                        return;
                    }
                    String name = "k" + random.nextInt(4);
                    byte[] value = bytes(random.nextInt(2049));
                    note("setxattr " + f.path + " " + name + " " + value.length);
                    xattrs(f.path).write(name, ByteBuffer.wrap(value));
                    f.xattrs.put(name, value);
                }
                case XATTR_VERIFY -> {
                    if (f == null) {
                        return;
                    }
                    note("xattrs " + f.path);
                    UserDefinedFileAttributeView v = xattrs(f.path);
                    assertEquals(new TreeMap<>(f.xattrs).keySet().stream().toList(),
                            v.list().stream().sorted().toList(), "xattr names of " + f.path);
                    for (Map.Entry<String, byte[]> e : f.xattrs.entrySet()) {
                        ByteBuffer buf = ByteBuffer.allocate(v.size(e.getKey()));
                        v.read(e.getKey(), buf);
                        assertContent(e.getValue(), Arrays.copyOf(buf.array(), buf.position()),
                                f.path + " xattr " + e.getKey());
                        xattrsVerified++;
                    }
                }
                case XATTR_REMOVE -> {
                    if (f == null || f.xattrs.isEmpty()) {
                        return;
                    }
                    String name = f.xattrs.keySet().stream().sorted().findFirst().orElseThrow();
                    note("removexattr " + f.path + " " + name);
                    xattrs(f.path).delete(name);
                    f.xattrs.remove(name);
                }
            }
        }

        private UserDefinedFileAttributeView xattrs(Path p) {
            return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        }
    }
}
