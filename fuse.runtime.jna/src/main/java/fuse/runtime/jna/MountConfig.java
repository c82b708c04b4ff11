package fuse.runtime.jna;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import fuse.api.Fuse;
import fuse.api.MountSettings;

/**
 * The mount settings read from an {@code Operations} service's properties ({@link MountSettings} describes them
 * and holds their defaults), checked so that every problem is reported with the property and value that caused it.
 *
 * @param mountpoint absolute directory to mount on
 * @param createMountpoint whether a missing mount point is created
 * @param options mount options passed to libfuse ({@code -o}), without fsname and subtype
 * @param fsname the source name shown in /proc/mounts
 * @param driver the driver's name
 * @param stableInodes whether the driver may be replaced without unmounting
 * @param minThreads reader threads kept waiting at least
 * @param maxThreads reader threads at most
 * @param replyTimeoutSeconds seconds an unanswered request may wait after its handler returned
 * @param spinMicros how long the spinners go on after the last request (0: no spinners)
 * @param readaheadKb the kernel's readahead window in KiB (0: the kernel's default)
 * @param maxRead the largest READ in bytes: the {@code max_read} option when {@code options} has one (0 when it is
 *     not a number, which libfuse refuses at mount time), else {@link SplicePipes#largestSplicedRead()}, the largest
 *     whose answer can be spliced (0: the kernel's default, 1 MiB). libfuse 3.14 fails INIT unless the connection
 *     agrees with it ({@link InitNegotiation}).
 */
public record MountConfig(Path mountpoint, boolean createMountpoint, List<String> options, String fsname,
        String driver, boolean stableInodes, int minThreads, int maxThreads, long replyTimeoutSeconds, int spinMicros,
        int readaheadKb, int maxRead) {

    /** Upper bound of {@link Fuse#SPIN_MICROS} (a tenth of a second). */
    static final int MAX_SPIN_MICROS = 100_000;
    /** Upper bound of {@link Fuse#READAHEAD_KB} (16 MiB, sixteen of the largest READ requests). */
    static final int MAX_READAHEAD_KB = 16 * 1024;
    /** The driver name of a service without {@link Fuse#DRIVER}. */
    private static final String UNNAMED = "osgi-fuse";
    /** Options libfuse accepts for a low-level session mounted by root, besides the generic mount flags. */
    private static final List<String> MANAGED = List.of("fsname", "subtype");
    /** The defaults of {@link MountSettings}, by property name. */
    private static final Map<String, Object> DEFAULTS = defaults();

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
            throw new IllegalArgumentException(
                    Fuse.MOUNTPOINT + " must be a string, got " + mp.getClass().getSimpleName());
        }
        Path mountpoint = Path.of((String) mp);
        if (!mountpoint.isAbsolute()) {
            throw new IllegalArgumentException(Fuse.MOUNTPOINT + " must be an absolute path, got '" + mp + "'");
        }
        Settings s = new Settings(properties);
        String driver = s.string(Fuse.DRIVER, UNNAMED);
        String fsname = s.string(Fuse.FSNAME, "");
        if (fsname.isEmpty()) {
            fsname = driver;
        }
        if (fsname.contains(",") || fsname.isBlank()) {
            throw new IllegalArgumentException(
                    Fuse.FSNAME + " must be non-empty and contain no comma, got '" + fsname + "'");
        }
        int min = s.integer(Fuse.MIN_THREADS);
        int max = s.integer(Fuse.MAX_THREADS);
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(Fuse.MIN_THREADS + " / " + Fuse.MAX_THREADS
                    + " must satisfy 1 <= min <= max, got " + min + " / " + max);
        }
        long timeout = s.integer(Fuse.REPLY_TIMEOUT);
        if (timeout < 1) {
            throw new IllegalArgumentException(Fuse.REPLY_TIMEOUT + " must be at least 1 second, got " + timeout);
        }
        int spin = s.integer(Fuse.SPIN_MICROS);
        if (spin < 0 || spin > MAX_SPIN_MICROS) {
            throw new IllegalArgumentException(Fuse.SPIN_MICROS + " must be between 0 and " + MAX_SPIN_MICROS
                    + " microseconds, got " + spin);
        }
        int readahead = s.integer(Fuse.READAHEAD_KB);
        if (readahead < 0 || readahead > MAX_READAHEAD_KB) {
            throw new IllegalArgumentException(Fuse.READAHEAD_KB + " must be between 0 and " + MAX_READAHEAD_KB
                    + " KiB, got " + readahead);
        }
        List<String> options = options(properties);
        int maxRead = givenMaxRead(options).orElseGet(SplicePipes::largestSplicedRead);
        return new MountConfig(mountpoint.normalize(), s.bool(Fuse.MOUNTPOINT_CREATE, false), options, fsname, driver,
                s.bool(Fuse.STABLE_INODES, false), min, max, timeout, spin, readahead, maxRead);
    }

    /** The {@code max_read} option's bytes if there is one (0 when it is not a number). */
    private static OptionalInt givenMaxRead(List<String> options) {
        for (String o : options) {
            if (o.startsWith("max_read=")) {
                try {
                    return OptionalInt.of(Integer.parseUnsignedInt(o.substring("max_read=".length())));
                } catch (NumberFormatException e) {
                    return OptionalInt.of(0);
                }
            }
        }
        return OptionalInt.empty();
    }

    private static List<String> options(Map<String, ?> properties) {
        Object value = properties.containsKey(Fuse.OPTIONS) ? properties.get(Fuse.OPTIONS) : DEFAULTS.get(Fuse.OPTIONS);
        List<String> raw = new ArrayList<>();
        if (value instanceof String s) {
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
                    + (value == null ? "null" : value.getClass().getSimpleName()));
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

    /**
     * The defaults of {@link MountSettings} by property name, read from the annotation's elements (Declarative
     * Services' name mapping: {@code fuse_threads_max} is {@code fuse.threads.max}), so that they are written once.
     */
    private static Map<String, Object> defaults() {
        Map<String, Object> d = new HashMap<>();
        for (Method m : MountSettings.class.getDeclaredMethods()) {
            if (m.getDefaultValue() != null) {
                d.put(m.getName().replace('_', '.'), m.getDefaultValue());
            }
        }
        return Map.copyOf(d);
    }

    /** Typed reads of service properties (numbers, or strings as configuration files give them). */
    private record Settings(Map<String, ?> properties) {
        String string(String key, String fallback) {
            Object v = properties.get(key);
            return v == null ? (String) DEFAULTS.getOrDefault(key, fallback) : v.toString();
        }

        boolean bool(String key, boolean fallback) {
            Object v = properties.get(key);
            if (v == null) {
                return (Boolean) DEFAULTS.getOrDefault(key, fallback);
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

        int integer(String key) {
            Object v = properties.get(key);
            if (v == null) {
                return ((Number) DEFAULTS.get(key)).intValue();
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
    }

    /**
     * Whether this is a block device mount ({@code blkdev} among the options): type {@code fuseblk}, its source
     * ({@link #fsname()}) a block device. Its unmount sends DESTROY and waits for the answer, so the session is
     * detached while its readers still serve.
     */
    public boolean blockDevice() {
        return options.contains("blkdev");
    }

    /** The {@code -o} argument for libfuse. */
    String optionString() {
        StringBuilder b = new StringBuilder("fsname=").append(fsname).append(",subtype=")
                .append(StaleMounts.SUBTYPE_PREFIX).append(driver.replaceAll("[^A-Za-z0-9_.-]", "_"));
        for (String o : options) {
            b.append(',').append(o);
        }
        if (maxRead > 0 && givenMaxRead(options).isEmpty()) {
            b.append(",max_read=").append(maxRead); // (the default: see SplicePipes.largestSplicedRead)
        }
        return b.toString();
    }
}
