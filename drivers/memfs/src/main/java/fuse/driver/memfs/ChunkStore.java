package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.WriteData;
import fuse.linux.LibC;
import fuse.linux.Mman;
import fuse.linux.Platform;

/**
 * The memory of one mount's file data: one memory file ({@code memfd_create}, a tmpfs file no one can name), cut
 * into {@linkplain SparseData#CHUNK chunk}-sized slots. File data never lives in the Java heap, so the garbage
 * collector never traces or copies it and {@code -Xmx} does not bound it.
 *
 * <p>Why a memory file and not mapped anonymous memory: data is written with {@code pwrite}, which is tmpfs's own
 * write path. A page written whole is never zeroed first and never mapped into this process, where a store into
 * fresh anonymous memory costs a page fault and the zeroing of the page (a 2 MiB one with transparent huge pages)
 * before the copy; on virtual machines whose hypervisor backs guest memory lazily, that first touch dominated the
 * write. READ answers leave straight from the file ({@link fuse.api.Reply.Data#data(int, long, int)}: spliced by
 * libfuse where it can, else one {@code pread}).
 *
 * <p>A slot is address space in the file first: a page holds memory only once written, and a hole (never written,
 * or punched with {@code fallocate(PUNCH_HOLE)}) reads as zeros and costs nothing. Pages and slots given back go to
 * the system at once; slots are then reused. The file's size only grows (in {@link #GROWTH} steps, which cost no
 * memory). Slot 0 is never handed out: it reads as zeros, for answering holes ({@link #zeros}).
 *
 * <p>Memory written here is accounted by the kernel as shared memory ({@code Shmem} in {@code /proc/meminfo}) and
 * as the memory file's blocks ({@code /proc/PID/fd}, named {@code memfd:memfs}), like tmpfs data, not in the host's
 * RSS; {@link #inUse} is what the files hold.
 *
 * <p>Every access holds {@link #open}'s read lock and {@link #close} its write lock, so a late request after close
 * gets EIO instead of touching a descriptor number the process may have reused. The owner of a slot (a file, under
 * its data lock) is the only one touching it. Allocation and release are synchronized on the store.
 */
final class ChunkStore implements AutoCloseable {
    /** The kernel's page: the unit memory is given and returned in. */
    static final int PAGE = 4096;
    /** Bytes of a slot: one chunk. */
    static final int SLOT = SparseData.CHUNK;
    /** The memory file's size grows by this much when a slot lies past it (a size alone costs no memory). */
    static final long GROWTH = 1L << 30;
    private static final int PUNCH = Fuse.FALLOC_FL_PUNCH_HOLE | Fuse.FALLOC_FL_KEEP_SIZE;
    /** Pieces of a copy inside the file ({@link #copy}). */
    private static final int COPY_PIECE = 256 << 10;

    /**
     * A slot: {@link #SLOT} bytes of the memory file at {@link #position}. Which of its pages hold data is its
     * owner's business ({@link SparseData}), kept here so that a slot is one object.
     */
    static final class Slot {
        /** Where the slot starts in the memory file. */
        final long position;
        /** One bit per page: set when the page holds data (and memory). Unset pages are holes. */
        final long[] pages = new long[SLOT / PAGE / 64];
        /** Pages set in {@link #pages}. */
        int count;

        Slot(long position) {
            this.position = position;
        }
    }

    private final int fd;
    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
    /** Held (shared) around every use of {@link #fd}. */
    private final Lock open = openLock.readLock();
    /** Slots given back, reused first (most recently freed). Guarded by {@code this}. */
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    /** Position of the next slot never handed out. Guarded by {@code this}. */
    private long next = SLOT;
    /** The memory file's size. Guarded by {@code this}. */
    private long size;
    /** Bytes of the pages holding data: the memory the files hold. */
    private final AtomicLong inUse = new AtomicLong();
    private volatile boolean closed;

    ChunkStore() {
        Platform.requireSupported("memfs");
        fd = LibC.memfd_create("memfs", Mman.MFD_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("memfd_create failed: errno " + LibC.errno());
        }
    }

    /** A slot with no page marked (all holes); ENOSPC when the file cannot grow, EIO once closed. */
    synchronized Slot allocate() {
        if (closed) {
            throw new FuseException(Errno.EIO);
        }
        Slot s = free.pollLast();
        if (s != null) {
            return s;
        }
        if (next + SLOT > size) {
            if (LibC.ftruncate(fd, size + GROWTH) != 0) {
                throw new FuseException(Errno.ENOSPC);
            }
            size += GROWTH;
        }
        s = new Slot(next);
        next += SLOT;
        return s;
    }

    /** Returns {@code s} to the store; its memory goes back to the system now. {@code s} must not be used again. */
    synchronized void free(Slot s) {
        if (closed) {
            return; // the file and its memory are gone
        }
        punch(s, 0, SLOT);
        Arrays.fill(s.pages, 0);
        s.count = 0;
        free.add(s);
    }

    // ----- data ----------------------------------------------------------------------------------------------------

    /** The memory file, for READ answers spliced from it. Only while its owner holds the file's data lock. */
    int fd() {
        return fd;
    }

    /** Where {@link #fd} reads as zeros for at least a chunk: a slot never handed out. */
    long zeros() {
        return 0;
    }

    /**
     * Copies {@code length} bytes of {@code src}, from its index {@code srcIndex}, to byte {@code within} of
     * {@code s}.
     */
    void write(Slot s, int within, ByteBuffer src, int srcIndex, int length) {
        ByteBuffer from = src.isDirect() ? src.slice(srcIndex, length)
                : ByteBuffer.allocateDirect(length).put(0, src, srcIndex, length);
        transfer(true, s.position + within, from, length);
    }

    /** Moves the next {@code length} bytes of {@code data} to byte {@code within} of {@code s}. */
    void write(Slot s, int within, WriteData data, int length) {
        open.lock();
        try {
            checkOpen();
            data.transferTo(fd, s.position + within, length);
        } finally {
            open.unlock();
        }
    }

    /**
     * Reads {@code length} bytes at byte {@code within} of {@code s} into {@code dst} at its position, advancing
     * the position.
     */
    void read(Slot s, int within, ByteBuffer dst, int length) {
        int p = dst.position();
        ByteBuffer into = dst.isDirect() ? dst.slice(p, length) : ByteBuffer.allocateDirect(length);
        transfer(false, s.position + within, into, length); // (never short: a slot lies inside the file's size)
        if (!dst.isDirect()) {
            dst.put(p, into, 0, length);
        }
        dst.position(p + length);
    }

    /** {@code pwrite} ({@code out}) or {@code pread} of all {@code length} bytes of the direct {@code buffer}. */
    private void transfer(boolean out, long position, ByteBuffer buffer, int length) {
        open.lock();
        try {
            checkOpen();
            for (int done = 0; done < length;) {
                ByteBuffer rest = done == 0 ? buffer : buffer.slice(done, length - done);
                long n = out ? LibC.pwrite(fd, rest, length - done, position + done)
                        : LibC.pread(fd, rest, length - done, position + done);
                if (n <= 0) {
                    throw failure(out ? "write" : "read");
                }
                done += (int) n;
            }
        } finally {
            open.unlock();
        }
    }

    /**
     * Makes bytes {@code [from, to)} of {@code s} read as zeros: whole pages go back to the system, the parts of
     * pages at either end are zeroed in place (what {@code fallocate(PUNCH_HOLE)} does on tmpfs).
     */
    void punch(Slot s, int from, int to) {
        if (from >= to) {
            return;
        }
        open.lock();
        try {
            if (!closed && LibC.fallocate(fd, PUNCH, s.position + from, to - from) != 0) {
                throw failure("punch");
            }
        } finally {
            open.unlock();
        }
    }

    /**
     * Copies {@code length} bytes from byte {@code fromWithin} of {@code from} to byte {@code toWithin} of
     * {@code to}.
     */
    void copy(Slot from, int fromWithin, Slot to, int toWithin, int length) {
        try (Memory piece = new Memory(Math.min(length, COPY_PIECE))) {
            long address = Pointer.nativeValue(piece);
            open.lock();
            try {
                checkOpen();
                for (int done = 0; done < length;) {
                    int n = Math.min(length - done, COPY_PIECE);
                    if (LibC.pread(fd, address, n, from.position + fromWithin + done) != n
                            || LibC.pwrite(fd, address, n, to.position + toWithin + done) != n) {
                        throw failure("copy");
                    }
                    done += n;
                }
            } finally {
                open.unlock();
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new FuseException(Errno.EIO);
        }
    }

    /** ENOSPC or ENOMEM from the kernel (its memory limit) is ENOSPC to the caller; anything else EIO. */
    private static FuseException failure(String what) {
        int errno = LibC.errno();
        return new FuseException(errno == Errno.ENOSPC || errno == Errno.ENOMEM ? Errno.ENOSPC : Errno.EIO);
    }

    // ----- accounting ----------------------------------------------------------------------------------------------

    /** Counts {@code bytes} more (or fewer) of data held in slots. */
    void account(long bytes) {
        inUse.addAndGet(bytes);
    }

    /** Bytes of pages holding data: what the files hold in the memory file. */
    long inUse() {
        return inUse.get();
    }

    /**
     * Closes the memory file: its memory goes back to the system at once, and every later access fails with EIO.
     * Waits for accesses under way (each a single system call).
     */
    @Override
    public void close() {
        openLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                LibC.close(fd);
                inUse.set(0);
            }
        } finally {
            openLock.writeLock().unlock();
        }
        synchronized (this) {
            free.clear();
        }
    }
}
