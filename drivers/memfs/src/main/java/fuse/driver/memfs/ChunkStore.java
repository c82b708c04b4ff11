package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.linux.LibC;
import fuse.linux.Mman;
import fuse.linux.Platform;

/**
 * The native memory of one mount's file data: fixed-size slots carved out of anonymous mappings, outside the Java
 * heap, so that the garbage collector never traces or copies file data and the heap size does not bound it.
 *
 * <p>Slots come in two sizes: {@link #SMALL} for a chunk whose data lies in its first 64 KiB (every small file) and
 * {@link #LARGE}, a whole {@linkplain SparseData#CHUNK chunk}. A slot is address space first: the kernel gives it
 * memory page by page as it is written (mappings are {@code MAP_NORESERVE}, untouched pages cost nothing), so a
 * chunk fills its slot without any copy; only a chunk outgrowing a small slot moves once into a large one. Small
 * slots keep the address space (and page tables) of many small files small. Pages and slots given back go to the
 * kernel at once with {@code MADV_DONTNEED} (the process's resident memory falls when a file is deleted or
 * truncated, not at some later collection); slots are then reused, the mappings themselves stay until
 * {@link #close}.
 *
 * <p>Invariant: a page of a slot that holds no data is zero (never written since the kernel gave it, or dropped with
 * {@code MADV_DONTNEED}), so taking it into use never needs zeroing and never exposes old data.
 *
 * <p>Slots are only read and written through the ByteBuffer view of their mapping ({@link Slot#memory}, absolute
 * indices: no per-access objects); the owner of a slot (a file, under its data lock) is the only one touching it.
 * Allocation and release are synchronized on the store. Out of address space (mmap failing) is ENOSPC.
 */
final class ChunkStore implements AutoCloseable {
    /** The kernel's page: the unit memory is given and returned in. */
    static final int PAGE = 4096;
    /** Size of a small slot. */
    static final int SMALL = 64 << 10;
    /** Size of a large slot: one whole chunk. */
    static final int LARGE = SparseData.CHUNK;
    /**
     * Bytes of one mapping: address space only until written (MAP_NORESERVE), so it can be large; few mappings keep
     * the process far from {@code vm.max_map_count}. A multiple of both slot sizes and within a ByteBuffer's reach.
     */
    static final int SEGMENT = 256 << 20;

    /**
     * A slot: {@link #capacity} bytes at {@link #index} of {@link #memory}. Which of its pages hold data is its
     * owner's business ({@link SparseData}), kept here so that a slot is one object.
     */
    static final class Slot {
        /** The view of the whole mapping this slot lies in. */
        final ByteBuffer memory;
        /** Where the slot starts in {@link #memory}. */
        final int index;
        /** Its address, for madvise. */
        final long address;
        final int capacity;
        /** One bit per page: set when the page holds data (and memory). Unset pages are zero. */
        final long[] pages;
        /** Pages set in {@link #pages}. */
        int count;
        /** The pool it returns to. */
        final Pool pool;

        Slot(ByteBuffer memory, int index, long address, int capacity, Pool pool) {
            this.pool = pool;
            this.memory = memory;
            this.index = index;
            this.address = address;
            this.capacity = capacity;
            this.pages = new long[(capacity / PAGE + 63) / 64];
        }
    }

    /** The slots of one size: reused ones first (most recently freed), then fresh ones from the newest mapping. */
    private final class Pool {
        final int slotSize;
        final boolean hugePages;
        final ArrayDeque<Slot> free = new ArrayDeque<>();
        ByteBuffer mapping;
        long mappingAddress;
        int next = SEGMENT;

        Pool(int slotSize, boolean hugePages) {
            this.slotSize = slotSize;
            this.hugePages = hugePages;
        }

        Slot take() {
            Slot s = free.pollLast();
            if (s != null) {
                return s;
            }
            if (next == SEGMENT) {
                mappingAddress = map(hugePages);
                mapping = new Pointer(mappingAddress).getByteBuffer(0, SEGMENT);
                next = 0;
            }
            s = new Slot(mapping, next, mappingAddress + next, slotSize, this);
            next += slotSize;
            return s;
        }
    }

    private final Pool small = new Pool(SMALL, false);
    private final Pool large = new Pool(LARGE, false);
    /** Large slots backed by one transparent huge page each: filled whole, see {@link SparseData}. */
    private final Pool huge = new Pool(LARGE, true);
    /** Addresses of the mappings, for {@link #close}. */
    private final List<Long> mappings = new ArrayList<>();
    /** Bytes of the pages holding data: the native memory the files hold at most. */
    private final AtomicLong inUse = new AtomicLong();
    private boolean closed;

    ChunkStore() {
        Platform.requireSupported("memfs");
    }

    /** Maps a new segment, or throws ENOSPC when the kernel refuses (address space or map count exhausted). */
    private long map(boolean hugePages) {
        if (closed) {
            throw new FuseException(Errno.EIO);
        }
        long address = LibC.mmap(0, SEGMENT, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, -1, 0);
        if (address == Mman.MAP_FAILED) {
            throw new FuseException(Errno.ENOSPC);
        }
        mappings.add(address);
        // Huge pages only where a slot is filled whole; elsewhere never, also where THP is "always", so that the
        // resident memory of a slot is the pages charged for it. (Advice: where THP is off both are ignored.)
        LibC.madvise(address, SEGMENT, hugePages ? Mman.MADV_HUGEPAGE : Mman.MADV_NOHUGEPAGE);
        return address;
    }

    /** A slot, small or large, with no page marked (all zero). */
    synchronized Slot allocate(boolean large) {
        if (closed) {
            throw new FuseException(Errno.EIO);
        }
        return (large ? this.large : small).take();
    }

    /**
     * A large slot in a mapping advised {@code MADV_HUGEPAGE}: its first write faults in one 2 MiB page instead of
     * 512 small ones, and the whole slot is resident from then on, so its owner charges it whole.
     */
    synchronized Slot allocateHuge() {
        if (closed) {
            throw new FuseException(Errno.EIO);
        }
        return huge.take();
    }

    /** Gives bytes {@code [from, to)} (whole pages) of {@code s} back to the kernel: they read as zeros again. */
    synchronized void drop(Slot s, int from, int to) {
        if (from < to && !closed) {
            LibC.madvise(s.address + from, to - from, Mman.MADV_DONTNEED);
        }
    }

    /** Returns {@code s} to the store; its memory goes back to the kernel now. {@code s} must not be used again. */
    synchronized void free(Slot s) {
        if (closed) {
            return; // the mappings are going or gone
        }
        LibC.madvise(s.address, s.capacity, Mman.MADV_DONTNEED);
        java.util.Arrays.fill(s.pages, 0);
        s.count = 0;
        s.pool.free.add(s);
    }

    /** Counts {@code bytes} more (or fewer) of data held in slots. */
    void account(long bytes) {
        inUse.addAndGet(bytes);
    }

    /** Bytes of slots in use: what the files hold, and at most what they add to the process's resident memory. */
    long inUse() {
        return inUse.get();
    }

    /** Bytes of address space mapped (resident only where written). */
    synchronized long mapped() {
        return (long) mappings.size() * SEGMENT;
    }

    /**
     * Unmaps everything ({@link #seal} and {@link #unmap}). Only when no slot will be touched again:
     * {@link MemFs#close} seals the store, drops every file's slots (under the file's lock, after the mount is gone)
     * and then unmaps.
     */
    @Override
    public void close() {
        seal();
        unmap();
    }

    /** Stops allocations (EIO) ahead of {@link #close}, while the files are being freed. */
    synchronized void seal() {
        closed = true;
    }

    /** Unmaps after {@link #seal}: every slot is invalid from here on. */
    synchronized void unmap() {
        closed = true;
        for (long address : mappings) {
            LibC.munmap(address, SEGMENT);
        }
        mappings.clear();
        small.free.clear();
        large.free.clear();
        huge.free.clear();
        small.mapping = large.mapping = huge.mapping = null;
        inUse.set(0);
    }
}
