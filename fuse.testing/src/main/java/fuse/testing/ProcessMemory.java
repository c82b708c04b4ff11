package fuse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory a process holds, as a user sees it: its resident set ({@code VmRSS}) plus the blocks of the memory files
 * it has open ({@code memfd_create}; their pages are shared memory, in no process's RSS, as tmpfs data). memfs keeps
 * file data in such a file.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** {@code VmRSS} of process {@code pid}, in bytes. */
    public static long resident(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no VmRSS for process " + pid);
    }

    /** Bytes the memory files open in process {@code pid} ({@code /proc/PID/fd} → {@code /memfd:…}) hold. */
    public static long memoryFiles(long pid) {
        long bytes = 0;
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("/memfd:")) {
                    bytes += Long.parseLong(Cmd.of("stat", "-L", "-c", "%b", fd.toString()).ok().strip()) * 512;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    /** {@link #resident} plus {@link #memoryFiles}. */
    public static long held(long pid) {
        return resident(pid) + memoryFiles(pid);
    }
}
