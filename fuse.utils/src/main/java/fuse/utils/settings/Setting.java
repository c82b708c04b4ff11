package fuse.utils.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Parsers for the values of driver settings, as they arrive from a configuration: text, possibly with blanks around
 * it. Each takes the setting's key so that a bad value fails with a message naming both, e.g.
 * {@code capacity must be a size like 512m or 1g, was abc}; the runtime shows that message as the reason a mount
 * failed.
 *
 * <p>An absent ({@code null}) or blank value means "not set": the parser returns the fallback the caller passes,
 * which is where a default computed at run time (the JVM's user, a disk's size) comes in.
 *
 * <p>All methods are stateless and thread-safe. <b>Errors:</b> {@link IllegalArgumentException} with the message
 * described at each method.
 */
public final class Setting {
    private Setting() {
    }

    /**
     * Whether a value is set: not null and not blank.
     *
     * @param value the configured value
     * @return true when it holds more than blanks
     */
    public static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * The value without surrounding blanks, or null when not set (for free text such as a user name or a URL).
     *
     * @param value the configured value
     * @return the trimmed value, or null
     */
    public static String text(String value) {
        return isSet(value) ? value.trim() : null;
    }

    /**
     * A size in bytes: a whole number, optionally with {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024,
     * either case) and an optional {@code b} or {@code ib}: {@code 4096}, {@code 64k}, {@code 512m}, {@code 1GiB},
     * {@code 2TB}.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @param fallback the size when the value is not set
     * @return the size in bytes
     * @throws IllegalArgumentException {@code <key> must be a size like 512m or 1g, was <value>}, or
     *         {@code <key> is out of range: <value>} for a negative size or one past {@link Long#MAX_VALUE}
     */
    public static long size(String key, String value, long fallback) {
        if (!isSet(value)) {
            return fallback;
        }
        String s = value.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = s.isEmpty() ? 0 : switch (s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (shift != 0) {
            s = s.substring(0, s.length() - 1).trim();
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size like 512m or 1g, was " + value, e);
        }
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }
        return n << shift;
    }

    /**
     * A count: a whole number from 0 to {@link Integer#MAX_VALUE}, without suffix.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @param fallback the count when the value is not set
     * @return the count
     * @throws IllegalArgumentException {@code <key> must be a whole number, was <value>}
     */
    public static int count(String key, String value, int fallback) {
        if (!isSet(value)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(key + " must be a whole number, was " + value);
    }

    /**
     * A duration in seconds, fractions allowed: {@code 30}, {@code 0.5}.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @param fallback the seconds when the value is not set
     * @return the seconds (callers check the range they accept)
     * @throws IllegalArgumentException {@code <key> must be a number of seconds, was <value>}
     */
    public static double seconds(String key, String value, double fallback) {
        if (!isSet(value)) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds, was " + value, e);
        }
    }

    /**
     * Permission bits written in octal, as chmod(1) takes them: {@code 755}, {@code 0755}, {@code 1777}. Only the
     * permission bits (07777) are kept.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @param fallback the bits when the value is not set
     * @return the permission bits
     * @throws IllegalArgumentException {@code <key> must be octal, was <value>}
     */
    public static int octalMode(String key, String value, int fallback) {
        if (!isSet(value)) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim(), 8) & 07777;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be octal, was " + value, e);
        }
    }

    /**
     * A switch: {@code true} or {@code false}, in any case. Anything else is an error rather than silently false.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @param fallback the switch when the value is not set
     * @return the switch
     * @throws IllegalArgumentException {@code <key> must be true or false, was <value>}
     */
    public static boolean flag(String key, String value, boolean fallback) {
        if (!isSet(value)) {
            return fallback;
        }
        String s = value.trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, was " + value);
    }

    /**
     * A user id; when not set, the effective user of this JVM (the owner of {@code /proc/self}), or 0 where that
     * cannot be read.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @return the uid
     * @throws IllegalArgumentException {@code <key> must be a number, was <value>}
     */
    public static int uid(String key, String value) {
        return id(key, value, "unix:uid");
    }

    /**
     * A group id; when not set, the effective group of this JVM (the group of {@code /proc/self}), or 0 where that
     * cannot be read.
     *
     * @param key the setting's key, for the message
     * @param value the configured value
     * @return the gid
     * @throws IllegalArgumentException {@code <key> must be a number, was <value>}
     */
    public static int gid(String key, String value) {
        return id(key, value, "unix:gid");
    }

    private static int id(String key, String value, String ownAttribute) {
        if (isSet(value)) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, was " + value, e);
            }
        }
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), ownAttribute);
        } catch (Exception e) {
            return 0;
        }
    }
}
