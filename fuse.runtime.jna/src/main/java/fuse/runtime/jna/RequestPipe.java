package fuse.runtime.jna;

import fuse.api.Errno;
import fuse.linux.Fcntl;
import fuse.linux.LibC;

/**
 * One reader's pipe for requests received without a copy. A WRITE read from {@code /dev/fuse} is copied from the
 * writer's page cache into the reader's buffer, and the driver copies it again into its file; spliced into a pipe
 * instead, the pipe takes references to those pages, and {@link fuse.api.WriteData#transferTo} splices them into
 * the file with the kernel's one copy. libfuse 3.14 would splice by itself, but only into a pipe of 1 MiB and a page
 * (its receive buffer), which {@code fs.pipe-max-size} refuses without CAP_SYS_RESOURCE; this pipe is as large as
 * the process may make it, and the session's {@code max_write} is lowered to fit it (see {@link InitNegotiation}).
 *
 * <p>Only streams of writes come this way: the readers splice after a WRITE of at least {@link #SPLICE_FROM} bytes,
 * until a few other requests came without a large WRITE in between, and read otherwise, because any other request
 * costs two or three system calls through a pipe (libfuse reads its header, then its rest) against one read.
 */
final class RequestPipe implements AutoCloseable {
    /** A WRITE request at least this large makes the reader splice the next one. */
    static final int SPLICE_FROM = 64 * 1024;
    private final int[] fds = { -1, -1 };
    private final int[] waiting = new int[1];
    private int bytes;

    /** Opens the pipe with room for {@code capacity} bytes unless it is open; false when that cannot be done. */
    boolean open(int capacity) {
        if (fds[0] >= 0 && bytes == capacity) {
            return true;
        }
        close();
        if (LibC.pipe2(fds, Fcntl.O_CLOEXEC) != 0) {
            fds[0] = fds[1] = -1;
            return false;
        }
        if (LibC.fcntl(fds[0], Fcntl.F_SETPIPE_SZ, capacity) < capacity) {
            close();
            return false;
        }
        bytes = capacity;
        return true;
    }

    /** Splices the next request from {@code device} into the pipe: its size, or a negative errno. */
    int receive(int device) {
        while (true) {
            long n = LibC.splice(device, null, fds[1], null, bytes, 0);
            if (n >= 0) {
                return (int) n;
            }
            int err = LibC.errno();
            if (err != Errno.ENOENT) { // (ENOENT: the request was interrupted before it was read; take the next)
                return -err;
            }
        }
    }

    /** The end libfuse and the driver read the request from. */
    int readEnd() {
        return fds[0];
    }

    /**
     * After a request that may have left bytes in the pipe was handled (a driver that did not take all of a WRITE's
     * data, because it failed first; or a request libfuse did not read to its end): the pipe is replaced when it is
     * not empty, so that the next request starts on an empty one.
     */
    void settle() {
        if (LibC.ioctl(fds[0], Fcntl.FIONREAD, waiting) != 0 || waiting[0] != 0) {
            close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < 2; i++) {
            if (fds[i] >= 0) {
                LibC.close(fds[i]);
                fds[i] = -1;
            }
        }
    }
}
