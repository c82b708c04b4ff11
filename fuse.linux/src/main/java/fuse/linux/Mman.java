package fuse.linux;

/**
 * The memory-mapping constants the project uses ({@code <sys/mman.h>}): anonymous mappings that memfs keeps file
 * data in, and the advice that gives their pages back to the system. Checked by the ABI test.
 */
public final class Mman {
    private Mman() {
    }

    /** Pages may be read. */
    public static final int PROT_READ = 1;
    /** Pages may be written. */
    public static final int PROT_WRITE = 2;
    /** Changes are private to the process (copy-on-write; for anonymous memory: not shared with children). */
    public static final int MAP_PRIVATE = 2;
    /** Not backed by a file: zero-filled on first touch. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** No swap space is reserved: only touched pages cost memory, the mapping's size is address space only. */
    public static final int MAP_NORESERVE = 0x4000;
    /** madvise: drop the pages now; an anonymous private mapping reads zeros there again and its RSS falls at once. */
    public static final int MADV_DONTNEED = 4;
    /**
     * madvise: back the range with transparent huge pages (2 MiB) where the system allows it on request
     * ({@code /sys/kernel/mm/transparent_hugepage/enabled} is {@code madvise} or {@code always}): one fault per 2 MiB.
     */
    public static final int MADV_HUGEPAGE = 14;
    /** madvise: never back the range with transparent huge pages, also where THP is {@code always}. */
    public static final int MADV_NOHUGEPAGE = 15;
    /** What mmap(2) returns on failure, {@code (void *) -1}, as an address. */
    public static final long MAP_FAILED = -1L;
}
