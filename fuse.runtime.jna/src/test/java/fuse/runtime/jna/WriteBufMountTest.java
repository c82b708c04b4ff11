package fuse.runtime.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.WriteData;
import fuse.linux.LibC;
import fuse.linux.Mman;
import fuse.testing.Mounts;

/**
 * {@code writeBuf} through a real mount: large writes reach the driver spliced into a pipe and land intact in the
 * driver's file descriptor; a driver may take the data as a buffer instead; a driver that fails before or while
 * taking the data gives the caller its errno and leaves the next write unharmed.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriteBufMountTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path tmp;
    FdFs fs = new FdFs();
    FuseMount mount;
    Path mp;

    /** How the driver takes a WRITE's data. */
    enum Take {
        /** {@link WriteData#transferTo} into its memory file, in two pieces. */
        TRANSFER,
        /** {@link WriteData#buffer}. */
        BUFFER,
        /** Fails with ENOSPC without taking anything. */
        FAIL,
        /** Takes half, then fails with EIO. */
        HALF_THEN_FAIL
    }

    /** Stores file data in a memory file (as memfs does) and mirrors it into the node for reads. */
    static final class FdFs extends TestFs {
        final int memfd = LibC.memfd_create("writebuf-test", Mman.MFD_CLOEXEC);
        volatile Take take = Take.TRANSFER;
        /** {@link #take} applies to spliced WRITEs from this offset on; the others are transferred. */
        volatile long from;
        /** One entry per writeBuf call: its length, and whether the data waited in a pipe. */
        final List<long[]> writes = new CopyOnWriteArrayList<>();

        @Override
        public void writeBuf(RequestContext ctx, long inode, long fh, long offset, WriteData data, int flags,
                Reply.Write reply) {
            int length = data.length();
            boolean inPipe = ((BufvecData) data).inPipe();
            writes.add(new long[] { length, inPipe ? 1 : 0 });
            Node n = node(inode);
            synchronized (n) {
                if (offset + length > n.data.length) {
                    n.data = Arrays.copyOf(n.data, (int) (offset + length));
                }
                switch (offset >= from && inPipe ? take : Take.TRANSFER) {
                case TRANSFER -> {
                    int first = length / 3;
                    data.transferTo(memfd, offset, first);
                    data.transferTo(memfd, offset + first, data.remaining());
                    ByteBuffer back = ByteBuffer.wrap(n.data, (int) offset, length).slice();
                    ByteBuffer direct = ByteBuffer.allocateDirect(length);
                    assertEquals(length, LibC.pread(memfd, direct, length, offset));
                    back.put(direct);
                }
                case BUFFER -> data.buffer().get(n.data, (int) offset, length);
                case FAIL -> throw new FuseException(Errno.ENOSPC);
                case HALF_THEN_FAIL -> {
                    data.transferTo(memfd, offset, length / 2);
                    throw new FuseException(Errno.EIO);
                }
                }
            }
            reply.written(length);
        }

        long spliced() {
            return writes.stream().filter(w -> w[1] == 1).count();
        }

        /** Whether the last writeBuf call's data waited in a pipe. */
        boolean lastSpliced() {
            return !writes.isEmpty() && writes.get(writes.size() - 1)[1] == 1;
        }

        long largest() {
            return writes.stream().mapToLong(w -> w[0]).max().orElse(0);
        }
    }

    private void mount() throws IOException {
        mount(Map.of(Fuse.DRIVER, "writebuf"));
    }

    private void mount(Map<String, ?> props) throws IOException {
        mp = tmp.resolve("mnt");
        mount = MountTestSupport.mount(fs, mp, props);
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.closeAndAssertUnmounted(mount, mp);
        LibC.close(fs.memfd);
    }

    private static byte[] random(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} at {@code offset} in {@code block}-byte write(2) calls; what they say is returned. */
    private static void write(Path file, long offset, byte[] data, int block) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int done = 0; done < data.length; done += block) {
                ByteBuffer b = ByteBuffer.wrap(data, done, Math.min(block, data.length - done));
                long at = offset + done;
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            }
        }
    }

    private byte[] readBack(Path file, long offset, int length) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(file), (int) offset, (int) offset + length);
    }

    @Test
    void largeWritesArriveSplicedAndLandIntactAtUnalignedOffsets() throws Exception {
        mount();
        Path f = mp.resolve("big");
        byte[] data = random(8 * MIB, 1);
        write(f, 4097, data, MIB);
        assertArrayEquals(data, readBack(f, 4097, data.length), "what was written reads back");
        assertTrue(fs.spliced() > 0, "large writes came through the pipe: " + fs.writes.size() + " writes");
        int pipe = mount.fuseSession().splicedRequestBytes();
        assertTrue(pipe > 0, "the session splices");
        assertTrue(fs.largest() <= pipe - 2 * 4096, "every WRITE fits the pipe: " + fs.largest() + " of " + pipe);
        assertEquals(Math.min(MIB, pipe - 2 * 4096), fs.connection.maxWrite(), "max_write follows the pipe");
    }

    @Test
    void aDriverMayTakeTheDataAsABuffer() throws Exception {
        fs.take = Take.BUFFER;
        mount();
        Path f = mp.resolve("buffered");
        byte[] data = random(4 * MIB + 123, 2);
        write(f, 0, data, 256 * 1024);
        assertArrayEquals(data, readBack(f, 0, data.length));
        assertTrue(fs.spliced() > 0, "the spliced ones were copied out of the pipe");
    }

    @Test
    void aSplicedWriteThatFailsBeforeTakingItsDataGetsTheErrnoAndTheNextWriteIsIntact() throws Exception {
        assertFailingSplicedWrite(Take.FAIL, "No space left", 3);
    }

    @Test
    void aSplicedWriteThatFailsHalfwayGetsEioAndTheRestOfItsDataIsDiscarded() throws Exception {
        assertFailingSplicedWrite(Take.HALF_THEN_FAIL, "Input/output error", 6);
    }

    /**
     * The first spliced WRITE past 2 MiB of one stream of writes fails as {@code take} says: the writer sees
     * {@code error}, and the next stream of writes reads back intact (whatever the failed one left in the pipe is
     * gone).
     */
    private void assertFailingSplicedWrite(Take take, String error, long seed) throws Exception {
        mount();
        Path f = mp.resolve("failing");
        fs.take = take;
        fs.from = 2 * MIB;
        IOException e = assertThrows(IOException.class, () -> write(f, 0, random(16 * MIB, seed), MIB));
        assertTrue(String.valueOf(e.getMessage()).contains(error), error + ": " + e);
        assertTrue(fs.lastSpliced(), "the failed WRITE was spliced: "
                + fs.writes.stream().map(w -> w[0] + (w[1] == 1 ? "p" : "m")).toList());
        fs.take = Take.TRANSFER;
        byte[] after = random(16 * MIB, seed + 1);
        write(f, 0, after, MIB);
        assertArrayEquals(after, readBack(f, 0, after.length), "nothing of the failed write reached the next ones");
    }

    @Test
    void readsKeepTheirMebibyteWhileWritesAreCutToFitThePipe() throws Exception {
        // (by default READs are cut to what splices, 512 KiB with a 1 MiB pipe limit: asked for, they take 1 MiB)
        mount(Map.of(Fuse.DRIVER, "writebuf", Fuse.READAHEAD_KB, 1024, Fuse.OPTIONS,
                "default_permissions,max_read=1048576"));
        Path f = mp.resolve("read");
        byte[] data = random(8 * MIB, 9);
        write(f, 0, data, MIB);
        assertTrue(fs.largest() < MIB, "WRITEs fit the pipe: " + fs.largest());
        // Drop the written pages from the page cache, so that reading goes to the driver.
        mount.session().invalidateInode(fs.nodes.get(Fuse.ROOT_INODE).children.get("read"), 0, 0);
        assertArrayEquals(data, Files.readAllBytes(f));
        long largestRead = fs.calls.stream().filter(c -> c.startsWith("read "))
                .mapToLong(c -> Long.parseLong(c.substring(c.indexOf("size=") + 5))).max().orElse(0);
        assertEquals(MIB, largestRead, "READs still take 256 pages (max_pages kept)");
    }
}
