package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import fuse.api.Errno;
import fuse.api.FuseException;

/**
 * The contents of one regular file: a sparse map from chunk index to a byte array of at most {@link #CHUNK} bytes.
 *
 * <p>A missing chunk is a hole and reads as zeros; a chunk's array may be shorter than {@link #CHUNK} (it grows in
 * whole pages, doubling, as data is written), and the bytes past its end read as zeros too. So a small file costs a
 * page, not a chunk, and a 5 GiB file with one byte written at the end costs one page. Every operation touches only
 * the chunks of its range: O(request size), never O(file size).
 *
 * <p>Invariant: every byte at or past the file size reads as zero (truncate zeroes what it cuts off), so growing a
 * file never exposes old data.
 *
 * <p>Every array byte allocated is charged to the mount's {@link Capacity}; an operation that would pass it fails
 * with ENOSPC before changing anything. Not thread-safe: the owning {@link Node.File} guards it with its data lock.
 */
final class SparseData {
    /** log2 of the chunk size. */
    static final int CHUNK_SHIFT = 16;
    /** Chunk size: 64 KiB. Large enough for few map entries per MiB, small enough that holes stay fine-grained. */
    static final int CHUNK = 1 << CHUNK_SHIFT;
    /** Arrays grow in pages. */
    static final int PAGE = 4096;
    private static final long IN_CHUNK = CHUNK - 1;
    /** Index of the chunk holding offset Long.MAX_VALUE - 1, the last byte a file can have. */
    private static final long LAST_CHUNK = (Long.MAX_VALUE - 1) >>> CHUNK_SHIFT;
    private static final byte[] ZEROS = new byte[CHUNK];

    private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
    private final Capacity space;
    /** Sum of the array lengths: what this file costs, for st_blocks and statfs. */
    private volatile long allocated;

    SparseData(Capacity space) {
        this.space = space;
    }

    /** Bytes of memory held by this file's data. */
    long allocated() {
        return allocated;
    }

    /** Number of chunks present (for tests and diagnostics). */
    int chunkCount() {
        return chunks.size();
    }

    /** Copies {@code length} bytes at {@code offset} into {@code dst}, zeros for holes. */
    void read(long offset, ByteBuffer dst, int length) {
        while (length > 0) {
            int within = (int) (offset & IN_CHUNK);
            int n = Math.min(length, CHUNK - within);
            byte[] c = chunks.get(offset >>> CHUNK_SHIFT);
            int present = c == null ? 0 : Math.max(0, Math.min(n, c.length - within));
            if (present > 0) {
                dst.put(c, within, present);
            }
            if (present < n) {
                dst.put(ZEROS, 0, n - present);
            }
            offset += n;
            length -= n;
        }
    }

    /** Array length a chunk must grow to so that it covers {@code end} bytes. */
    private static int grownLength(int current, int end) {
        if (end <= current) {
            return current;
        }
        int pages = (end + PAGE - 1) & -PAGE;
        return Math.min(CHUNK, Math.max(pages, current * 2));
    }

    /**
     * Makes sure the arrays covering {@code [offset, offset + length)} exist and are long enough, charging the growth
     * to the capacity first (ENOSPC changes nothing).
     */
    private void ensure(long offset, long length) {
        // The range's existing arrays hold at most `allocated` bytes, so at least length - allocated must be new.
        // Refusing that up front keeps the scan below bounded by the capacity: fallocate(0, 2^63 - 1) would
        // otherwise walk 2^47 chunks before finding out that it cannot fit.
        if (length - allocated > space.free()) {
            throw new FuseException(Errno.ENOSPC);
        }
        long need = 0;
        for (long pos = offset, left = length; left > 0;) {
            int within = (int) (pos & IN_CHUNK);
            int n = (int) Math.min(left, CHUNK - within);
            byte[] c = chunks.get(pos >>> CHUNK_SHIFT);
            int current = c == null ? 0 : c.length;
            need += grownLength(current, within + n) - current;
            pos += n;
            left -= n;
        }
        space.reserve(need);
        for (long pos = offset, left = length; left > 0;) {
            int within = (int) (pos & IN_CHUNK);
            int n = (int) Math.min(left, CHUNK - within);
            long index = pos >>> CHUNK_SHIFT;
            byte[] c = chunks.get(index);
            int current = c == null ? 0 : c.length;
            int grown = grownLength(current, within + n);
            if (grown != current) {
                chunks.put(index, c == null ? new byte[grown] : Arrays.copyOf(c, grown));
            }
            pos += n;
            left -= n;
        }
        allocated += need;
    }

    /** Writes the {@code length} bytes of {@code src} starting at its index {@code srcIndex} to {@code offset}. */
    void write(long offset, ByteBuffer src, int srcIndex, int length) {
        ensure(offset, length);
        for (int done = 0; done < length;) {
            long pos = offset + done;
            int within = (int) (pos & IN_CHUNK);
            int n = Math.min(length - done, CHUNK - within);
            src.get(srcIndex + done, chunks.get(pos >>> CHUNK_SHIFT), within, n);
            done += n;
        }
    }

    /** Allocates (zero-filled) memory for {@code [offset, offset + length)}: fallocate mode 0. */
    void allocate(long offset, long length) {
        ensure(offset, length);
    }

    /** Makes {@code [offset, offset + length)} read as zeros, freeing every chunk the range covers completely. */
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

    /** Zeroes {@code [from, to)}, which lies inside one chunk, without allocating. */
    private void zeroWithin(long from, long to) {
        if (from >= to) {
            return;
        }
        byte[] c = chunks.get(from >>> CHUNK_SHIFT);
        if (c != null) {
            int a = (int) (from & IN_CHUNK);
            int b = (int) Math.min(c.length, a + (to - from));
            if (a < b) {
                Arrays.fill(c, a, b, (byte) 0);
            }
        }
    }

    private void removeChunks(Map<Long, byte[]> range) {
        long freed = 0;
        for (Iterator<byte[]> it = range.values().iterator(); it.hasNext();) {
            freed += it.next().length;
            it.remove();
        }
        allocated -= freed;
        space.release(freed);
    }

    /**
     * Cuts the contents to {@code newSize}: chunks past it are freed, the tail of the last one zeroed (and its array
     * shrunk to whole pages), so the bytes past the size read as zeros if the file grows again.
     */
    void truncate(long newSize) {
        long keep = (newSize + IN_CHUNK) >>> CHUNK_SHIFT; // chunks [0, keep) hold data below newSize
        removeChunks(chunks.tailMap(keep, true));
        int within = (int) (newSize & IN_CHUNK);
        if (within != 0) {
            long index = newSize >>> CHUNK_SHIFT;
            byte[] c = chunks.get(index);
            if (c != null && c.length > within) {
                int shrunk = (within + PAGE - 1) & -PAGE;
                Arrays.fill(c, within, shrunk, (byte) 0);
                if (shrunk < c.length) {
                    chunks.put(index, Arrays.copyOf(c, shrunk));
                    allocated -= c.length - shrunk;
                    space.release(c.length - shrunk);
                }
            }
        }
    }

    /** SEEK_DATA: the first offset at or after {@code offset} inside data, ENXIO when none is below {@code size}. */
    long seekData(long offset, long size) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        Long index = chunks.ceilingKey(offset >>> CHUNK_SHIFT);
        if (index == null) {
            throw new FuseException(Errno.ENXIO);
        }
        long data = Math.max(offset, index << CHUNK_SHIFT);
        if (data >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        return data;
    }

    /** SEEK_HOLE: the first hole at or after {@code offset}; the end of the file counts as one. ENXIO past it. */
    long seekHole(long offset, long size) {
        if (offset >= size) {
            throw new FuseException(Errno.ENXIO);
        }
        long pos = offset;
        while (pos < size) {
            long index = pos >>> CHUNK_SHIFT;
            byte[] c = chunks.get(index);
            if (c == null) {
                break;
            }
            if (c.length < CHUNK) {
                // the part of the chunk past its array is a hole
                pos = Math.max(pos, (index << CHUNK_SHIFT) + c.length);
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

    /** Whether {@code [offset, offset + length)} lies in one chunk that is absent or too short: it reads as zeros. */
    private boolean isHole(long offset, int length) {
        byte[] c = chunks.get(offset >>> CHUNK_SHIFT);
        return c == null || c.length <= (int) (offset & IN_CHUNK);
    }

    /**
     * Copies {@code length} bytes at {@code srcOffset} of {@code src} to {@code dstOffset} of this file, chunk by chunk
     * and without an intermediate copy; holes of the source become holes (or zeros) here. The ranges must not overlap
     * when {@code src == this}.
     *
     * @return the bytes copied: all of them, or fewer when the capacity ran out part way (ENOSPC if none)
     */
    long copyFrom(SparseData src, long srcOffset, long dstOffset, long length) {
        long done = 0;
        while (done < length) {
            long from = srcOffset + done;
            long to = dstOffset + done;
            // pieces that stay inside one chunk on both sides
            int n = (int) Math.min(length - done,
                    Math.min(CHUNK - (from & IN_CHUNK), CHUNK - (to & IN_CHUNK)));
            try {
                if (src.isHole(from, n)) {
                    punch(to, n);
                } else {
                    byte[] c = src.chunks.get(from >>> CHUNK_SHIFT);
                    int within = (int) (from & IN_CHUNK);
                    int present = Math.min(n, c.length - within);
                    write(to, ByteBuffer.wrap(c), within, present);
                    if (present < n) {
                        punch(to + present, n - present);
                    }
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
