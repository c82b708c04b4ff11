package fuse.driver.memfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;

/**
 * The settings of one memfs mount, read from its configuration (see the bundle's README for each key).
 *
 * @param capacity bytes of file data, xattrs and symlink targets the mount may hold ({@code capacity}, default 1 GiB),
 *        within the heap all memfs mounts share ({@link HeapBudget})
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


    /** Configuration key: capacity in bytes, with an optional k/m/g/t suffix (powers of 1024). */
    public static final String CAPACITY = "capacity";
    /** Configuration key: maximum number of inodes. */
    public static final String INODES = "inodes";
    /** Configuration key: entry and attribute timeout in seconds. */
    public static final String TIMEOUT = "timeout";
    /** Configuration key: enable the kernel's writeback cache (true/false). */
    public static final String WRITEBACK = "writeback";
    /** Configuration key: root directory permission bits (octal). */
    public static final String ROOT_MODE = "root.mode";
    /** Configuration key: root directory owner. */
    public static final String ROOT_UID = "root.uid";
    /** Configuration key: root directory group. */
    public static final String ROOT_GID = "root.gid";

    /** Default capacity: 1 GiB. */
    public static final long DEFAULT_CAPACITY = 1L << 30;

    /** Checks the values. */
    public MemFsConfig {
        if (capacity <= 0) {
            throw new IllegalArgumentException(CAPACITY + " must be positive, was " + capacity);
        }
        if (maxInodes < 1) {
            throw new IllegalArgumentException(INODES + " must be at least 1, was " + maxInodes);
        }
        if (!(timeout >= 0)) {
            throw new IllegalArgumentException(TIMEOUT + " must be >= 0, was " + timeout);
        }
    }

    /** The defaults: 1 GiB, relatime, root directory 0755 owned by the JVM's user. */
    public static MemFsConfig defaults() {
        return from(Map.of());
    }

    /** The same settings with another capacity (and inode limit following it). */
    public MemFsConfig withCapacity(long bytes) {
        return new MemFsConfig(bytes, Math.max(16, bytes >> 10), timeout, writeback, atime, rootMode, rootUid, rootGid);
    }

    /**
     * Reads the settings from configuration or service properties; missing keys get their defaults.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static MemFsConfig from(Map<String, ?> properties) {
        long capacity = parseSize(CAPACITY, properties.get(CAPACITY), DEFAULT_CAPACITY);
        long inodes = parseSize(INODES, properties.get(INODES), Math.max(16, capacity >> 10));
        Object t = properties.get(TIMEOUT);
        double timeout = t == null ? EntryAttributes.DEFAULT_TIMEOUT : parseDouble(TIMEOUT, t);
        boolean writeback = properties.get(WRITEBACK) != null
                && Boolean.parseBoolean(properties.get(WRITEBACK).toString().trim());
        Object m = properties.get(ROOT_MODE);
        int rootMode;
        try {
            rootMode = m == null ? 0755 : Integer.parseInt(m.toString().trim(), 8) & 07777;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ROOT_MODE + " must be octal, was " + m, e);
        }
        int uid = parseId(ROOT_UID, properties.get(ROOT_UID), "unix:uid");
        int gid = parseId(ROOT_GID, properties.get(ROOT_GID), "unix:gid");
        return new MemFsConfig(capacity, inodes, timeout, writeback,
                AtimePolicy.fromMountOptions(properties.get(Fuse.OPTIONS)), rootMode, uid, gid);
    }

    /** Parses "123", "64k", "64m", "1g", "2T", "64MiB", "1GB" (all powers of 1024). */
    static long parseSize(String key, Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
        }
        if (shift != 0) {
            s = s.substring(0, s.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || (shift != 0 && n > (Long.MAX_VALUE >> shift))) {
                throw new IllegalArgumentException(key + " is out of range: " + value);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size like 512m or 1g, was " + value, e);
        }
    }

    private static double parseDouble(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds, was " + value, e);
        }
    }

    private static int parseId(String key, Object value, String ownAttribute) {
        if (value != null) {
            try {
                return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, was " + value, e);
            }
        }
        try {
            // the owner of this process's /proc entry is the JVM's effective user and group
            return (Integer) Files.getAttribute(Path.of("/proc/self"), ownAttribute);
        } catch (Exception e) {
            return 0;
        }
    }
}
