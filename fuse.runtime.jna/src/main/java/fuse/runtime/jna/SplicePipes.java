package fuse.runtime.jna;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import fuse.linux.Fcntl;
import fuse.linux.LibC;

/**
 * How large a READ answer libfuse can splice in this process. libfuse answers a READ from a descriptor
 * ({@code fuse_reply_data}) by splicing the file's pages into a per-thread pipe and the pipe into {@code /dev/fuse};
 * the whole answer, header included, must fit in the pipe, which libfuse grows with {@code F_SETPIPE_SZ}. Beyond
 * {@code fs.pipe-max-size} (1 MiB by default) that needs CAP_SYS_RESOURCE, which a container's root often lacks;
 * an answer that does not fit makes libfuse copy it through a freshly allocated buffer (and stop growing that
 * thread's pipe), so the runtime sends only answers that fit and reads larger ones into its own buffer.
 */
final class SplicePipes {
    /**
     * The largest READ libfuse 3.14 lets the kernel send (256 pages: it derives {@code max_pages} from
     * {@code max_write}, at most the kernel's limit), plus the page the reply header takes in the pipe.
     */
    static final int LARGEST_ANSWER = (1 << 20) + 4096;
    private static final int PAGE = 4096;
    /**
     * No cap below this (the kernel's own readahead window): more READ round trips would likely cost more than the
     * copy splicing saves. Not measured; only 512 KiB was (docs/performance.md, "Reads that splice").
     */
    private static final int SMALLEST_CAPPED_READ = 128 << 10;

    private SplicePipes() {
    }

    /**
     * The most bytes of data one spliced answer may carry here: what a pipe can be grown to, less the header's page;
     * 0 when pipes cannot be grown at all.
     */
    static int largestSplicedData() {
        int pipe = grow(LARGEST_ANSWER);
        if (pipe < 0) {
            pipe = grow(pipeMaxSize());
        }
        return Math.max(0, pipe - PAGE);
    }

    /**
     * The READ size a mount asks for when its options do not set {@code max_read}: the largest power of two whose
     * answer can be spliced here (512 KiB with the default {@code fs.pipe-max-size} of 1 MiB), so that a READ
     * answered from a descriptor costs one copy instead of two, and a readahead window of 1 MiB comes as two READs
     * in flight at once rather than one. 0 (the kernel's largest, 1 MiB) where answers of 1 MiB splice, and where
     * pipes grow too little for splicing to be worth smaller READs.
     */
    static int largestSplicedRead() {
        int data = largestSplicedData();
        if (data >= 1 << 20 || data < SMALLEST_CAPPED_READ) {
            return 0;
        }
        return Integer.highestOneBit(data);
    }

    /**
     * The capacity of the pipes WRITE requests are spliced into ({@link RequestPipe}): room for the largest WRITE
     * (1 MiB) and two pages where the process may grow a pipe that far, else as large as it may (1 MiB with the
     * default {@code fs.pipe-max-size}); 0 when pipes cannot be grown.
     */
    static int requestPipeBytes() {
        int pipe = grow((1 << 20) + 2 * PAGE);
        if (pipe < 0) {
            pipe = grow(pipeMaxSize());
        }
        return Math.max(0, pipe);
    }

    /** The capacity a fresh pipe of this process could be grown to {@code bytes} with, or -1. */
    private static int grow(int bytes) {
        if (bytes <= 0) {
            return -1;
        }
        int[] fds = new int[2];
        if (LibC.pipe2(fds, Fcntl.O_CLOEXEC) != 0) {
            return -1;
        }
        try {
            return LibC.fcntl(fds[0], Fcntl.F_SETPIPE_SZ, bytes);
        } finally {
            LibC.close(fds[0]);
            LibC.close(fds[1]);
        }
    }

    /**
     * {@code fs.pipe-max-size}: what an unprivileged process may grow a pipe to. Read in one call: a sysctl file
     * answers only a read at offset 0 (reading it in pieces gives its first byte).
     */
    private static int pipeMaxSize() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/fs/pipe-max-size"))) {
            byte[] text = new byte[32];
            int n = in.read(text);
            return n <= 0 ? -1 : Integer.parseInt(new String(text, 0, n, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
