package fuse.runtime.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.linux.LibC;

/**
 * {@code Reply.Data.data(fd, offset, length)}: a driver answers READs from a file descriptor (here an ordinary file
 * holding the content), and callers read exactly the file's bytes, in every size the kernel sends (spliced by libfuse
 * where its pipe holds the answer, read by the runtime otherwise), short at the end of the file, and with the
 * descriptor's error when it cannot be read. Files are opened with direct I/O so that each read(2) is one READ of
 * its own size.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorReadMountTest {
    private static final int SIZE = (3 << 20) + 12345;

    @TempDir
    Path tmp;
    FuseMount mount;
    Path mp;
    FileChannel backing;
    /** The descriptor reads are answered from (-1: a closed one). */
    volatile int fd;
    final ConcurrentLinkedQueue<Integer> readSizes = new ConcurrentLinkedQueue<>();

    /** A TestFs whose file contents are answered from {@link #fd} at the same offset, with direct I/O. */
    final class FileBackedFs extends TestFs {
        @Override
        public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
            reply.open(new FileInfo(inode).directIo(true));
        }

        @Override
        public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
            readSizes.add(size);
            int n = (int) Math.max(0, Math.min(size, SIZE - offset));
            reply.data(fd, offset, n);
        }
    }

    private byte[] mountWithContent(Map<String, ?> extra) throws IOException {
        byte[] content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Path file = tmp.resolve("backing");
        Files.write(file, content);
        backing = FileChannel.open(file, StandardOpenOption.READ);
        fd = descriptorOf(file);
        FileBackedFs fs = new FileBackedFs();
        fs.addFile(Fuse.ROOT_INODE, "f", new byte[SIZE]); // (its size; the bytes come from the descriptor)
        mp = tmp.resolve("mnt");
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put(Fuse.DRIVER, "fd-backed");
        mount = MountTestSupport.mount(fs, mp, props);
        return content;
    }

    /** The descriptor number of {@code file} as this process opened it ({@link #backing}), from /proc/self/fd. */
    private static int descriptorOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(p).equals(file.toAbsolutePath())) {
                        return Integer.parseInt(p.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // (the listing's own descriptor)
                }
            }
        }
        throw new AssertionError("no descriptor for " + file);
    }

    @AfterEach
    void unmount() throws IOException {
        if (mount != null) {
            mount.close();
            assertFalse(MountTestSupport.mounted(mp), "unmounted after the test");
        }
        if (backing != null) {
            backing.close();
        }
    }

    /** Reads {@code length} bytes at {@code offset} of the mounted file with one read(2); what came back. */
    private byte[] read(long offset, int length) throws IOException {
        try (FileChannel c = FileChannel.open(mp.resolve("f"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            c.read(b, offset);
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    @Test
    void readsOfEverySizeGetTheDescriptorsBytes() throws Exception {
        byte[] content = mountWithContent(Map.of());
        // under two pages (read by the runtime), larger ones (spliced where the pipe holds them), the largest READ
        for (int length : new int[] {1, 4096, 8192, 65536 + 3, 256 << 10, 1 << 20}) {
            for (long offset : new long[] {0, 4095, (1 << 20) + 7}) {
                assertArrayEquals(java.util.Arrays.copyOfRange(content, (int) offset, (int) offset + length),
                        read(offset, length), length + " bytes at " + offset);
            }
        }
        // (a read(2) into an unaligned buffer spans one more page than its length, so it comes as a bit less)
        int largest = largestRead();
        assertTrue(readSizes.stream().anyMatch(s -> s > largest - 4096), "READs of near " + largest
                + " bytes reached the driver: " + readSizes);
        assertTrue(readSizes.stream().allMatch(s -> s <= largest), "none larger: " + readSizes);
        assertArrayEquals(content, Files.readAllBytes(mp.resolve("f")), "the whole file, as cat would read it");
    }

    @Test
    void aReadAcrossTheEndOfTheFileIsShort() throws Exception {
        byte[] content = mountWithContent(Map.of());
        byte[] tail = read(SIZE - 100, 64 << 10);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, SIZE - 100, SIZE), tail, "the last 100 bytes only");
        assertEquals(0, read(SIZE, 4096).length, "nothing at the end");
    }

    @Test
    void aDescriptorThatCannotBeReadFailsTheReadWithItsErrno() throws Exception {
        mountWithContent(Map.of());
        int[] pipe = new int[2];
        assertEquals(0, LibC.pipe2(pipe, 0));
        try {
            fd = pipe[1]; // a pipe's write end: pread gives ESPIPE, splice EINVAL
            for (int length : new int[] {4096, 256 << 10}) {
                IOException e = assertThrows(IOException.class, () -> read(0, length), length + " bytes");
                assertTrue(e.getMessage() != null, "the caller gets an error, not data: " + e);
            }
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
    }

    /** The largest READ of the mount: its max_read, or the kernel's 1 MiB. */
    private int largestRead() {
        int maxRead = mount.fuseSession().config().maxRead();
        return maxRead > 0 ? maxRead : 1 << 20;
    }

    @Test
    void byDefaultReadsAreAsLargeAsAnAnswerThatCanBeSpliced() throws Exception {
        byte[] content = mountWithContent(Map.of());
        int spliced = expectedSplicedRead();
        String mountLine = Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.contains(" " + mp + " "))
                .findFirst().orElseThrow();
        if (spliced > 0) {
            // fs.pipe-max-size lets a pipe hold less than a 1 MiB answer and its header (the default, 1 MiB): READs
            // are cut to what splices, so that every one moves from the descriptor with one copy
            assertTrue(mountLine.contains("max_read=" + spliced), "mounted with max_read=" + spliced + ": " + mountLine);
            assertTrue(spliced < 1 << 20 && Integer.bitCount(spliced) == 1, "a power of two below 1 MiB: " + spliced);
        } else {
            assertFalse(mountLine.contains("max_read="), "1 MiB answers splice here: no max_read: " + mountLine);
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 4096, 4096 + (2 << 20)), read(4096, 2 << 20),
                "a 2 MiB read(2)");
        int largest = spliced > 0 ? spliced : 1 << 20;
        assertTrue(readSizes.stream().allMatch(s -> s <= largest), "READs of at most " + largest + ": " + readSizes);
        assertTrue(readSizes.contains(largest), "and READs of that size: " + readSizes);
    }

    /**
     * What this machine lets libfuse splice, found here on its own: 0 when a pipe takes a 1 MiB answer and its header
     * page, else the largest power of two of data that fs.pipe-max-size leaves beside the header page.
     */
    private static int expectedSplicedRead() throws IOException {
        int[] pipe = new int[2];
        assertEquals(0, LibC.pipe2(pipe, 0));
        try {
            if (LibC.fcntl(pipe[0], fuse.linux.Fcntl.F_SETPIPE_SZ, (1 << 20) + 4096) > 0) {
                return 0;
            }
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
        int max;
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/fs/pipe-max-size"))) {
            byte[] text = new byte[32]; // (one read: a sysctl file read in pieces gives its first byte only)
            int n = in.read(text);
            max = Integer.parseInt(new String(text, 0, n, java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
        assertTrue(max >= 8192, "fs.pipe-max-size " + max);
        return Integer.highestOneBit(max - 4096);
    }

    @Test
    void aMaxReadMountOptionIsHonouredAndReadsStayWithinIt() throws Exception {
        byte[] content = mountWithContent(Map.of(Fuse.OPTIONS, "default_permissions,max_read=131072"));
        assertTrue(Files.readString(Path.of("/proc/mounts")).contains("max_read=131072"), "the mount has it");
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 0, 1 << 20), read(0, 1 << 20), "a 1 MiB read(2)");
        assertTrue(readSizes.stream().allMatch(s -> s <= 131072), "READs of at most 128 KiB: " + readSizes);
    }
}
