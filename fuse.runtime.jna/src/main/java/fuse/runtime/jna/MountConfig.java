package fuse.runtime.jna;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import fuse.api.Fuse;

/**
 * The mount settings read from an {@code Operations} service's properties (see {@link Fuse} for their names), checked
 * so that every problem is reported with the property and value that caused it.
 *
 * @param mountpoint absolute directory to mount on
 * @param options mount options passed to libfuse ({@code -o}), without fsname and subtype
 * @param fsname the source name shown in /proc/mounts
 * @param driver the driver's name
 * @param stableInodes whether the driver may be replaced without unmounting
 * @param minThreads reader threads kept waiting at least
 * @param maxThreads reader threads at most
 * @param replyTimeoutSeconds seconds an unanswered request may wait after its handler returned
 * @param spinMicros how long the spinners go on after the last request (0: no spinners)
 * @param readaheadKb the kernel's readahead window in KiB (0: the kernel's default)
 */
public record MountConfig(Path mountpoint, List<String> options, String fsname, String driver, boolean stableInodes,
        int minThreads, int maxThreads, long replyTimeoutSeconds, int spinMicros, int readaheadKb) {

    /** Default of {@link Fuse#SPIN_MICROS}. */
    static final int DEFAULT_SPIN_MICROS = 1000;
    /** Upper bound of {@link Fuse#SPIN_MICROS} (a tenth of a second). */
    static final int MAX_SPIN_MICROS = 100_000;
    /** Upper bound of {@link Fuse#READAHEAD_KB} (16 MiB, sixteen of the largest READ requests). */
    static final int MAX_READAHEAD_KB = 16 * 1024;

    /** Options libfuse accepts for a low-level session mounted by root, besides the generic mount flags. */
    private static final List<String> MANAGED = List.of("fsname", "subtype");

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the property and the problem
     */
    public static MountConfig from(Map<String, ?> properties) {
        Object mp = properties.get(Fuse.MOUNTPOINT);
        if (mp == null || mp.toString().isBlank()) {
            throw new IllegalArgumentException(Fuse.MOUNTPOINT + " is missing");
        }
        if (!(mp instanceof String)) {
            throw new IllegalArgumentException(Fuse.MOUNTPOINT + " must be a string, got " + mp.getClass().getSimpleName());
        }
        Path mountpoint = Path.of((String) mp);
        if (!mountpoint.isAbsolute()) {
            throw new IllegalArgumentException(Fuse.MOUNTPOINT + " must be an absolute path, got '" + mp + "'");
        }
        String driver = string(properties, Fuse.DRIVER, "osgi-fuse");
        String fsname = string(properties, Fuse.FSNAME, driver);
        if (fsname.contains(",") || fsname.isBlank()) {
            throw new IllegalArgumentException(Fuse.FSNAME + " must be non-empty and contain no comma, got '" + fsname + "'");
        }
        List<String> options = options(properties.get(Fuse.OPTIONS));
        boolean stable = bool(properties, Fuse.STABLE_INODES, false);
        int min = integer(properties, Fuse.MIN_THREADS, 1);
        int max = integer(properties, Fuse.MAX_THREADS, 16);
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(Fuse.MIN_THREADS + " / " + Fuse.MAX_THREADS + " must satisfy 1 <= min <= max, got "
                    + min + " / " + max);
        }
        long timeout = integer(properties, Fuse.REPLY_TIMEOUT, 120);
        if (timeout < 1) {
            throw new IllegalArgumentException(Fuse.REPLY_TIMEOUT + " must be at least 1 second, got " + timeout);
        }
        int spin = integer(properties, Fuse.SPIN_MICROS, DEFAULT_SPIN_MICROS);
        if (spin < 0 || spin > MAX_SPIN_MICROS) {
            throw new IllegalArgumentException(Fuse.SPIN_MICROS + " must be between 0 and " + MAX_SPIN_MICROS
                    + " microseconds, got " + spin);
        }
        int readahead = integer(properties, Fuse.READAHEAD_KB, 0);
        if (readahead < 0 || readahead > MAX_READAHEAD_KB) {
            throw new IllegalArgumentException(Fuse.READAHEAD_KB + " must be between 0 and " + MAX_READAHEAD_KB
                    + " KiB, got " + readahead);
        }
        return new MountConfig(mountpoint.normalize(), options, fsname, driver, stable, min, max, timeout, spin,
                readahead);
    }

    private static List<String> options(Object value) {
        List<String> raw = new ArrayList<>();
        if (value == null) {
            raw.add("default_permissions");
        } else if (value instanceof String s) {
            for (String o : s.split(",")) {
                raw.add(o.trim());
            }
        } else if (value instanceof String[] arr) {
            for (String s : arr) {
                for (String o : s.split(",")) {
                    raw.add(o.trim());
                }
            }
        } else if (value instanceof Iterable<?> it) {
            for (Object o : it) {
                raw.add(String.valueOf(o).trim());
            }
        } else {
            throw new IllegalArgumentException(Fuse.OPTIONS + " must be a string or string array, got "
                    + value.getClass().getSimpleName());
        }
        List<String> out = new ArrayList<>();
        for (String o : raw) {
            if (o.isEmpty()) {
                continue;
            }
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
            if (MANAGED.contains(key)) {
                throw new IllegalArgumentException(Fuse.OPTIONS + ": '" + key + "' is set by the runtime (use "
                        + Fuse.FSNAME + ")");
            }
            if (!o.matches("[A-Za-z0-9_.=/:+-]+")) {
                throw new IllegalArgumentException(Fuse.OPTIONS + ": invalid option '" + o + "'");
            }
            out.add(o);
        }
        return List.copyOf(out);
    }

    private static String string(Map<String, ?> p, String key, String def) {
        Object v = p.get(key);
        return v == null ? def : v.toString();
    }

    private static boolean bool(Map<String, ?> p, String key, boolean def) {
        Object v = p.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    private static int integer(Map<String, ?> p, String key, int def) {
        Object v = p.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    /** The {@code -o} argument for libfuse. */
    String optionString() {
        StringBuilder b = new StringBuilder("fsname=").append(fsname).append(",subtype=").append(StaleMounts.SUBTYPE_PREFIX)
                .append(driver.replaceAll("[^A-Za-z0-9_.-]", "_"));
        for (String o : options) {
            b.append(',').append(o);
        }
        return b.toString();
    }
}
