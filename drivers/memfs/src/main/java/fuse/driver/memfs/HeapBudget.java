package fuse.driver.memfs;

/**
 * The part of the Java heap that memfs mounts may fill with what they keep there, together. File data is not in the
 * heap (see {@link ChunkStore}), but inodes, names, xattrs and symlink targets are, in the heap of the host, which
 * also runs the framework, the runtime and other drivers: millions of inodes or many large xattrs would otherwise
 * fill it, and then every thread of the host fails with {@code OutOfMemoryError} (mounts hang, the shell dies). With
 * this budget the create or setxattr past it fails with ENOSPC instead, as on a full disk, and the host keeps working.
 *
 * <p>The budget is half of the heap's maximum ({@code -Xmx}; by default a quarter of the machine's memory), shared by
 * every memfs mount of this bundle. Xattrs and symlink targets are charged by their size, every inode by
 * {@link #INODE_BYTES} (its objects and map entries).
 */
final class HeapBudget {
    /**
     * What one inode costs the heap, roughly: its node, map entries and directory entry (a million-entry directory
     * measured about 600 bytes per entry, name included).
     */
    static final long INODE_BYTES = 600;
    /** Share of the maximum heap memfs data may use, leaving the rest to the host and to G1's copying room. */
    static final double HEAP_SHARE = 0.5;

    /** The budget of all memfs mounts in this JVM. */
    static final Capacity SHARED = new Capacity(limit(Runtime.getRuntime().maxMemory()));

    private HeapBudget() {
    }

    /** The budget for a maximum heap of {@code maxHeap} bytes. */
    static long limit(long maxHeap) {
        return (long) (maxHeap * HEAP_SHARE);
    }
}
