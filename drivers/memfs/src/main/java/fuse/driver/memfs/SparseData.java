package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.WriteData;
import fuse.driver.memfs.ChunkStore.Slot;

/**
 * The contents of one regular file: a sparse map from chunk index to a {@linkplain ChunkStore.Slot slot} of the
 * mount's memory file holding that chunk ({@link #CHUNK} bytes), outside the Java heap.
 *
 * <p>Memory is accounted per page: a slot records which of its pages hold data ({@link Slot#pages}); only those are
 * charged to the capacity and only those the kernel backs with memory. A missing chunk, and a page not marked in a
 * chunk, is a hole: it reads as zeros (a hole in the memory file). So a small file costs a page,
 * a 5 GiB file with one byte written at the end costs one page, and punching or truncating gives whole pages back to
 * the system at once. Every operation touches only the chunks of its range: O(request size), never O(file size).
 *
 * <p>Invariants: a page not marked in its slot is a hole in the memory file (never written, or punched), so marking
 * it needs no zeroing; a slot with no page marked is freed; every byte at or
 * past the file size reads as zero (truncate zeroes what it cuts off), so growing a file never exposes old data.
 *
 * <p>An operation that would pass the mount's {@link Capacity} fails with ENOSPC before changing anything. Not
 * thread-safe: the owning {@link Node.File} guards it with its data lock.
 */
final class SparseData {
    /** log2 of the chunk size. */
    static final int CHUNK_SHIFT = 21;
    /**
     * Chunk size: 2 MiB. A read the kernel sends (at most 1 MiB, aligned to its size when sequential) lies in one
     * chunk and is answered straight from the memory file, and a GiB takes 512 map entries.
     */
    static final int CHUNK = 1 << CHUNK_SHIFT;
    /** Memory is charged and returned in pages. */
    static final int PAGE = ChunkStore.PAGE;
    private static final int PAGE_SHIFT = 12;
    private static final long IN_CHUNK = CHUNK - 1;
    /** Index of the chunk holding offset Long.MAX_VALUE - 1, the last byte a file can have. */
    private static final long LAST_CHUNK = (Long.MAX_VALUE - 1) >>> CHUNK_SHIFT;
    private static final byte[] ZEROS = new byte[64 << 10];
    private static final int PAGES = CHUNK >>> PAGE_SHIFT;

    private final TreeMap<Long, Slot> chunks = new TreeMap<>();
    private final Capacity space;
    private final ChunkStore store;
    /** Bytes of the pages marked: what this file costs, for st_blocks and statfs. */
    private volatile long allocated;

    SparseData(Capacity space, ChunkStore store) {
        this.space = space;
        this.store = store;
    }

    /** Bytes of memory held by this file's data. */
    long allocated() {
        return allocated;
    }

    /** Number of chunks present (for tests and diagnostics). */
    int chunkCount() {
        return chunks.size();
    }

    // ----- pages of a slot ---------------------------------------------------------------------------------------

    private static boolean marked(Slot s, int page) {
        return (s.pages[page >>> 6] & (1L << page)) != 0;
    }

    /** Pages of {@code [first, end)} (page indices within the chunk) not marked; all of them without a slot. */
    private static int unmarked(Slot s, int first, int end) {
        if (s == null) {
            return end - first;
        }
        int missing = 0;
        for (int p = first; p < end; p++) {
            if (!marked(s, p)) {
                missing++;
            }
        }
        return missing;
    }

    // ----- reading -----------------------------------------------------------------------------------------------

    /** Copies {@code length} bytes at {@code offset} into {@code dst}, zeros for holes. */
    void read(long offset, ByteBuffer dst, int length) {
        while (length > 0) {
            int within = (int) (offset & IN_CHUNK);
            int n = Math.min(length, CHUNK - within);
            Slot c = chunks.get(offset >>> CHUNK_SHIFT);
            if (c != null) {
                store.read(c, within, dst, n); // (unmarked pages are holes: they read as zeros)
            } else {
                for (int z = 0; z < n;) {
                    int k = Math.min(n - z, ZEROS.length);
                    dst.put(ZEROS, 0, k);
                    z += k;
                }
            }
            offset += n;
            length -= n;
        }
    }

    /**
     * Where the {@code length} bytes at {@code offset} lie in the memory file ({@link ChunkStore#fd}), when they lie
     * in one chunk (holes read as the zeros they are; a chunk without a slot is answered from the store's zeros);
     * -1 otherwise. Valid while the caller holds the file's data lock: answer the request before releasing it.
     */
    long position(long offset, int length) {
        int within = (int) (offset & IN_CHUNK);
        if (length <= 0 || within + length > CHUNK) {
            return -1;
        }
        Slot c = chunks.get(offset >>> CHUNK_SHIFT);
        return (c == null ? store.zeros() : c.position) + within;
    }

    // ----- allocating --------------------------------------------------------------------------------------------

    /**
     * Marks every page of {@code [offset, offset + length)} as data, with a slot for each chunk, charging the new
     * pages to the capacity first (ENOSPC changes nothing).
     */
    private void ensure(long offset, long length) {
        // The range's existing pages are at most `allocated` bytes, so at least length - allocated must be new.
        // Refusing that up front keeps the scan below bounded by the capacity: fallocate(0, 2^63 - 1) would
        // otherwise walk 2^43 chunks before finding out that it cannot fit.
        if (length - allocated > space.free()) {
            throw new FuseException(Errno.ENOSPC);
        }
        long need = 0;
        for (long pos = offset, left = length; left > 0;) {
            int within = (int) (pos & IN_CHUNK);
            int n = (int) Math.min(left, CHUNK - within);
            need += (long) unmarked(chunks.get(pos >>> CHUNK_SHIFT), within >>> PAGE_SHIFT,
                    (within + n + PAGE - 1) >>> PAGE_SHIFT) << PAGE_SHIFT;
            pos += n;
            left -= n;
        }
        if (need == 0) {
            return;
        }
        space.reserve(need);
        long done = 0;
        try {
            for (long pos = offset, left = length; left > 0;) {
                int within = (int) (pos & IN_CHUNK);
                int n = (int) Math.min(left, CHUNK - within);
                done += mark(pos >>> CHUNK_SHIFT, within >>> PAGE_SHIFT, (within + n + PAGE - 1) >>> PAGE_SHIFT);
                pos += n;
                left -= n;
            }
        } finally {
            // (the store refusing memory: what was marked stays charged, the rest goes back)
            allocated += done;
            store.account(done);
            space.release(need - done);
        }
    }

    /** Marks pages {@code [first, end)} of chunk {@code index}, making its slot; returns the bytes newly marked. */
    private long mark(long index, int first, int end) {
        Slot c = chunks.get(index);
        if (c == null) {
            c = store.allocate();
            chunks.put(index, c);
        }
        int added = 0;
        for (int p = first; p < end; p++) {
            long bit = 1L << p;
            if ((c.pages[p >>> 6] & bit) == 0) {
                c.pages[p >>> 6] |= bit;
                added++;
            }
        }
        c.count += added;
        return (long) added << PAGE_SHIFT;
    }

    /**
     * Writes the {@code length} bytes of {@code src} starting at its index {@code srcIndex} to {@code offset}: one
     * copy, from the request's buffer into the memory file.
     */
    void write(long offset, ByteBuffer src, int srcIndex, int length) {
        ensure(offset, length);
        copyIn(offset, src, srcIndex, length);
    }

    /** Writes the next {@code length} bytes of {@code data} at {@code offset}, chunk by chunk. */
    void write(long offset, WriteData data, int length) {
        ensure(offset, length);
        for (int done = 0; done < length;) {
            long pos = offset + done;
            int within = (int) (pos & IN_CHUNK);
            int n = Math.min(length - done, CHUNK - within);
            store.write(chunks.get(pos >>> CHUNK_SHIFT), within, data, n);
            done += n;
        }
    }

    /** Copies into pages that are marked ({@link #ensure} was called for the range). */
    private void copyIn(long offset, ByteBuffer src, int srcIndex, int length) {
        for (int done = 0; done < length;) {
            long pos = offset + done;
            int within = (int) (pos & IN_CHUNK);
            int n = Math.min(length - done, CHUNK - within);
            store.write(chunks.get(pos >>> CHUNK_SHIFT), within, src, srcIndex + done, n);
            done += n;
        }
    }

    /** Reserves (zero-filled) pages for {@code [offset, offset + length)}: fallocate mode 0. */
    void allocate(long offset, long length) {
        ensure(offset, length);
    }

    // ----- freeing -----------------------------------------------------------------------------------------------

    /** Makes {@code [offset, offset + length)} read as zeros, giving every page it covers completely back. */
    void punch(long offset, long length) {
        long end = offset + length;
        // unsigned shifts: offset + IN_CHUNK may pass Long.MAX_VALUE, the quotient is still right
        long firstWhole = (offset + IN_CHUNK) >>> CHUNK_SHIFT;
        long endWhole = end >>> CHUNK_SHIFT; // exclusive
        zeroWithin(offset, Math.min(end, chunkStart(firstWhole)));
        if (firstWhole < endWhole) {
            removeChunks(chunks.subMap(firstWhole, true, endWhole, false));
        }
        if (firstWhole <= endWhole) {
            zeroWithin(Math.max(offset, chunkStart(endWhole)), end);
        }
    }

    /** First offset of chunk {@code index}, saturated at Long.MAX_VALUE for the index past the last chunk. */
    private static long chunkStart(long index) {
        return index > LAST_CHUNK ? Long.MAX_VALUE : index << CHUNK_SHIFT;
    }

    /** Zeroes {@code [from, to)}, which lies inside one chunk, without allocating: whole pages are given back. */
    private void zeroWithin(long from, long to) {
        if (from >= to) {
            return;
        }
        long index = from >>> CHUNK_SHIFT;
        Slot c = chunks.get(index);
        if (c == null) {
            return;
        }
        int a = (int) (from & IN_CHUNK);
        int b = (int) Math.min(CHUNK, a + (to - from));
        int firstWhole = (a + PAGE - 1) >>> PAGE_SHIFT;
        int endWhole = b >>> PAGE_SHIFT;
        if (firstWhole < endWhole) {
            zeroPart(c, a, firstWhole << PAGE_SHIFT);
            dropPages(index, c, firstWhole, endWhole);
            if (chunks.get(index) == c) {
                zeroPart(c, endWhole << PAGE_SHIFT, b);
            }
        } else {
            zeroPart(c, a, b);
        }
    }

    /** Zeroes {@code [a, b)} of one page of {@code c}, if that page holds data (else it is a hole already). */
    private void zeroPart(Slot c, int a, int b) {
        if (a < b && marked(c, a >>> PAGE_SHIFT)) {
            store.punch(c, a, b);
        }
    }

    /** Unmarks pages {@code [first, end)} of chunk {@code index} and gives them back; a slot left empty is freed. */
    private void dropPages(long index, Slot c, int first, int end) {
        int dropped = 0;
        for (int p = first; p < end; p++) {
            long bit = 1L << p;
            if ((c.pages[p >>> 6] & bit) != 0) {
                c.pages[p >>> 6] &= ~bit;
                dropped++;
            }
        }
        if (dropped == 0) {
            return;
        }
        long bytes = (long) dropped << PAGE_SHIFT;
        c.count -= dropped;
        allocated -= bytes;
        store.account(-bytes);
        space.release(bytes);
        if (c.count == 0) {
            chunks.remove(index);
            store.free(c);
        } else {
            store.punch(c, first << PAGE_SHIFT, end << PAGE_SHIFT);
        }
    }

    private void removeChunks(Map<Long, Slot> range) {
        long freed = 0;
        for (Iterator<Slot> it = range.values().iterator(); it.hasNext();) {
            Slot c = it.next();
            freed += (long) c.count << PAGE_SHIFT;
            store.free(c);
            it.remove();
        }
        allocated -= freed;
        store.account(-freed);
        space.release(freed);
    }

    /**
     * Cuts the contents to {@code newSize}: chunks and pages past it are given back, the tail of the last page
     * zeroed, so the bytes past the size read as zeros if the file grows again.
     */
    void truncate(long newSize) {
        long keep = (newSize + IN_CHUNK) >>> CHUNK_SHIFT; // chunks [0, keep) hold data below newSize
        removeChunks(chunks.tailMap(keep, true));
        int within = (int) (newSize & IN_CHUNK);
        if (within != 0) {
            zeroWithin(newSize, chunkStart(keep));
        }
    }

    // ----- holes -------------------------------------------------------------------------------------------------

    /** SEEK_DATA: the first offset at or after {@code offset} inside data, ENXIO when none is below {@code size}. */
    long seekData(long offset, long size) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        long pos = offset;
        for (Map.Entry<Long, Slot> e = chunks.ceilingEntry(pos >>> CHUNK_SHIFT); e != null;
                e = chunks.higherEntry(e.getKey())) {
            long start = e.getKey() << CHUNK_SHIFT;
            Slot c = e.getValue();
            int first = pos > start ? (int) ((pos - start) >>> PAGE_SHIFT) : 0;
            for (int p = first; p < PAGES; p++) {
                if (marked(c, p)) {
                    long data = Math.max(pos, start + ((long) p << PAGE_SHIFT));
                    if (data >= size) {
                        throw new FuseException(Errno.ENXIO);
                    }
                    return data;
                }
            }
        }
        throw new FuseException(Errno.ENXIO);
    }

    /** SEEK_HOLE: the first hole at or after {@code offset}; the end of the file counts as one. ENXIO past it. */
    long seekHole(long offset, long size) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        long pos = offset;
        while (pos < size) {
            long index = pos >>> CHUNK_SHIFT;
            Slot c = chunks.get(index);
            if (c == null) {
                break;
            }
            long start = index << CHUNK_SHIFT;
            int p = (int) ((pos - start) >>> PAGE_SHIFT);
            while (p < PAGES && marked(c, p)) {
                p++;
            }
            if (p < PAGES) {
                pos = Math.max(pos, start + ((long) p << PAGE_SHIFT));
                break;
            }
            if (index == LAST_CHUNK) {
                pos = size;
                break;
            }
            pos = (index + 1) << CHUNK_SHIFT;
        }
        return Math.min(pos, size);
    }

    // ----- copying -----------------------------------------------------------------------------------------------

    /**
     * Copies {@code length} bytes at {@code srcOffset} of {@code src} to {@code dstOffset} of this file, page piece by
     * page piece and without an intermediate copy; holes of the source become holes (or zeros) here. The ranges must
     * not overlap when {@code src == this}.
     *
     * @return the bytes copied: all of them, or fewer when the capacity ran out part way (ENOSPC if none)
     */
    long copyFrom(SparseData src, long srcOffset, long dstOffset, long length) {
        long done = 0;
        while (done < length) {
            long from = srcOffset + done;
            long to = dstOffset + done;
            // pieces that stay inside one chunk on both sides and, in the source, are all data or all hole
            int n = (int) Math.min(length - done, Math.min(CHUNK - (from & IN_CHUNK), CHUNK - (to & IN_CHUNK)));
            Slot c = src.chunks.get(from >>> CHUNK_SHIFT);
            boolean data = false;
            if (c != null) {
                int within = (int) (from & IN_CHUNK);
                data = marked(c, within >>> PAGE_SHIFT);
                int run = ((within >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
                while (run < within + n && marked(c, run >>> PAGE_SHIFT) == data) {
                    run += PAGE;
                }
                n = Math.min(n, run - within);
            }
            try {
                if (data) {
                    ensure(to, n);
                    store.copy(c, (int) (from & IN_CHUNK), chunks.get(to >>> CHUNK_SHIFT), (int) (to & IN_CHUNK), n);
                } else {
                    punch(to, n);
                }
            } catch (FuseException e) {
                if (done == 0) {
                    throw e;
                }
                return done;
            }
            done += n;
        }
        return done;
    }

    /** Frees everything (the file is gone). */
    void free() {
        removeChunks(chunks);
    }
}
