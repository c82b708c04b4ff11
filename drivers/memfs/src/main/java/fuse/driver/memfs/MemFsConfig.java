package fuse.driver.memfs;

import java.util.Map;

import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;
import fuse.utils.settings.ComponentProperties;
import fuse.utils.settings.Setting;

/**
 * The settings of one memfs mount, checked: what {@link MemFs} runs with. The keys, their defaults and their
 * descriptions are declared once, in {@link MemFsSettings} (a key is its element's name, {@code _} read as
 * {@code .}); this record holds their parsed values.
 *
 * @param capacity bytes of file data, xattrs and symlink targets the mount may hold ({@code capacity}, default 1 GiB);
 *        file data lives outside the Java heap, xattrs and symlink targets also within the heap budget all memfs
 *        mounts share ({@link HeapBudget})
 * @param maxInodes how many inodes may exist at once ({@code inodes}, default one per KiB of capacity)
 * @param timeout entry and attribute timeout in seconds ({@code timeout}, default 300 as pyfuse3: memfs is the only
 *        writer, so the kernel's caches never go stale)
 * @param writeback whether to ask for the kernel's writeback cache ({@code writeback}, default false)
 * @param atime when reads update the access time, from the mount options in {@code fuse.options}
 * @param rootMode permission bits of the root directory ({@code root.mode}, octal, default 0755)
 * @param rootUid owner of the root directory ({@code root.uid}, default the user running the JVM)
 * @param rootGid group of the root directory ({@code root.gid}, default the group running the JVM)
 */
public record MemFsConfig(long capacity, long maxInodes, double timeout, boolean writeback, AtimePolicy atime,
        int rootMode, int rootUid, int rootGid) {

    /** Checks the values. */
    public MemFsConfig {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        if (maxInodes < 1) {
            throw new IllegalArgumentException("inodes must be at least 1, was " + maxInodes);
        }
        if (!(timeout >= 0)) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
    }

    /** The defaults: 1 GiB, relatime, root directory 0755 owned by the JVM's user. */
    public static MemFsConfig defaults() {
        return from(Map.of());
    }

    /** The same settings with another capacity (and inode limit following it). */
    public MemFsConfig withCapacity(long bytes) {
        return new MemFsConfig(bytes, inodesFor(bytes), timeout, writeback, atime, rootMode, rootUid, rootGid);
    }

    /**
     * Reads the settings from a configuration map outside OSGi (tests, embedding); missing keys get the defaults
     * of {@link MemFsSettings}.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static MemFsConfig from(Map<String, ?> properties) {
        return of(ComponentProperties.of(MemFsSettings.class, properties), properties);
    }

    /**
     * Parses the settings of a component.
     *
     * @param settings memfs's own settings
     * @param mountProperties the mount's properties, for the atime policy of the mount options in
     *        {@value Fuse#OPTIONS}
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static MemFsConfig of(MemFsSettings settings, Map<String, ?> mountProperties) {
        long capacity = Setting.size("capacity", settings.capacity(), 1L << 30);
        return new MemFsConfig(capacity, Setting.size("inodes", settings.inodes(), inodesFor(capacity)),
                Setting.seconds("timeout", settings.timeout(), 300),
                Setting.flag("writeback", settings.writeback(), false),
                AtimePolicy.fromMountOptions(mountProperties.get(Fuse.OPTIONS)),
                Setting.octalMode("root.mode", settings.root_mode(), 0755),
                Setting.uid("root.uid", settings.root_uid()), Setting.gid("root.gid", settings.root_gid()));
    }

    /** The default inode limit: one per KiB of capacity, at least 16. */
    private static long inodesFor(long capacity) {
        return Math.max(16, capacity >> 10);
    }
}
