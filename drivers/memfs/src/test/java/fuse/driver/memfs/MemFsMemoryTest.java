package fuse.driver.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.testing.Await;
import fuse.testing.Cmd;
import fuse.testing.Mounts;
import fuse.testing.ProcessMemory;

/**
 * Where memfs keeps file data, as a user of the host sees it: in a JVM whose heap is far smaller than what is
 * stored (the data is outside the heap), with the memory the process holds (its resident memory plus its memory
 * file, where the data lives, as tmpfs data lives in shared memory) following what is stored and falling when it is
 * deleted, and ENOSPC (not an OutOfMemoryError) at the capacity.
 */
class MemFsMemoryTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path tmp;

    /** A memfs in a JVM of its own ({@link MemFsProcess}), unmounted and ended by {@link #close}. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final Path mountpoint;
        final BufferedReader out;
        final PrintStream in;
        final List<String> lines = new ArrayList<>();

        Child(Path mountpoint, String maxHeap, String capacity) throws IOException {
            this.mountpoint = mountpoint;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            process = new ProcessBuilder(java.toString(), "-Xmx" + maxHeap, "--enable-native-access=ALL-UNNAMED",
                    "-cp", cp, MemFsProcess.class.getName(), mountpoint.toString(), capacity)
                    .redirectErrorStream(true).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals("mounted", readLine(), "the child's first line");
        }

        String readLine() throws IOException {
            String line = out.readLine();
            lines.add(line);
            return line;
        }

        /** The child's native bytes of file data, as it reports them. */
        long nativeBytes() throws IOException {
            in.println();
            String line = readLine();
            assertTrue(line != null && line.startsWith("native="), "the child answers: " + lines);
            return Long.parseLong(line.substring("native=".length(), line.indexOf(' ')));
        }

        /** Bytes of memory the child holds: its resident memory and its memory files ({@link ProcessMemory}). */
        long memory() {
            return ProcessMemory.held(process.pid());
        }

        @Override
        public void close() throws IOException {
            try {
                in.close(); // end of stdin: the child unmounts and exits
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                if (Mounts.isMounted(mountpoint)) {
                    Mounts.unmount(mountpoint);
                }
            }
            assertFalse(Mounts.isMounted(mountpoint), "unmounted");
        }
    }

    @Test
    void storesFarMoreThanItsHeapAndGivesTheMemoryBackWhenFilesAreDeleted() throws Exception {
        Mounts.assumeFuseDevice();
        Path mp = Files.createDirectory(tmp.resolve("memfs"));
        long size = 768L << 20;
        // 768 MiB of file data in a JVM with 64 MiB of heap: only possible with the data outside the heap
        try (Child c = new Child(mp, "64m", "1g")) {
            long heldEmpty = c.memory();
            Path f = mp.resolve("big");
            String sums = Cmd.of("bash", "-c", "set -o pipefail; head -c " + size + " /dev/urandom | tee '" + f
                    + "' | md5sum && md5sum < '" + f + "'").timeout(300).ok();
            String[] lines = sums.strip().split("\n");
            assertEquals(2, lines.length, sums);
            assertEquals(lines[0], lines[1], "the file reads back as written");
            assertEquals(size, Files.size(f));
            long heldFull = c.memory();
            assertTrue(heldFull - heldEmpty >= size * 9 / 10,
                    "the process holds the data: " + heldEmpty + " -> " + heldFull);
            assertTrue(c.nativeBytes() >= size, "outside the heap");

            Files.delete(f);
            // the kernel sends FORGET for the deleted inode after unlink returned; then the memory goes at once
            Await.until("the data's memory is released", Duration.ofSeconds(60), () -> {
                try {
                    return c.nativeBytes() == 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long heldDeleted = c.memory();
            assertTrue(heldFull - heldDeleted >= size * 9 / 10,
                    "the memory falls back after the delete: " + heldFull + " -> " + heldDeleted);
            assertTrue(c.process.isAlive(), "the host lives: " + c.lines);
        }
    }

    @Test
    void writingPastTheCapacityFailsWithEnospcAndTheMountKeepsWorking() throws Exception {
        Mounts.assumeFuseDevice();
        Path mp = Files.createDirectory(tmp.resolve("memfs"));
        // a capacity well above the child's heap: the limit met is the capacity, as ENOSPC, not the heap
        try (Child c = new Child(mp, "32m", "256m")) {
            Path f = mp.resolve("big");
            String out = Cmd.of("dd", "if=/dev/zero", "of=" + f, "bs=1M", "count=400").mergeStderr().fails();
            assertTrue(out.contains("No space left on device"), out);
            long size = Files.size(f);
            assertTrue(size >= 250L << 20 && size <= 256L << 20, "what fit stays: " + size);
            String df = Cmd.of("df", "-B1", "--output=size,avail", mp.toString()).ok();
            String[] last = df.lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
            assertEquals(256L << 20, Long.parseLong(last[0]), "df shows the capacity: " + df);
            assertTrue(Long.parseLong(last[1]) < 1 << 20, "nothing left: " + df);
            Files.delete(f);
            // (the FORGET that frees it comes after unlink returned)
            Await.until("the space is free again", Duration.ofSeconds(60), () -> {
                try {
                    return c.nativeBytes() == 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Files.writeString(mp.resolve("again"), "still here");
            assertEquals("still here", Files.readString(mp.resolve("again")), "the mount keeps serving");
            assertTrue(c.process.isAlive(), "the host lives: " + c.lines);
            assertTrue(c.lines.stream().noneMatch(l -> l.contains("OutOfMemoryError")), c.lines.toString());
        }
    }
}
