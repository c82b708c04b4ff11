package fuse.utils.posix;

import java.util.Arrays;
import java.util.Collection;

/**
 * When reading a file or listing a directory updates its access time, as the mount options {@code noatime},
 * {@code relatime} and {@code strictatime} say on Linux. A FUSE driver keeps atime itself, so it applies the policy
 * of its mount: read it from the mount options with {@link #fromMountOptions}, ask {@link #isDue} on each read.
 */
public enum AtimePolicy {
    /** Never update atime on reads ({@code noatime}). */
    NOATIME,
    /**
     * Update atime when it is not newer than mtime or ctime, or at least a day old ({@code relatime}, Linux's
     * default since 2.6.30): programs that compare atime with mtime (mail readers, tmpwatch) still work, while
     * repeated reads write nothing.
     */
    RELATIME,
    /** Update atime on every read ({@code strictatime}, what POSIX describes). */
    STRICTATIME;

    /** How old atime may get under {@link #RELATIME} before a read updates it anyway: one day, in nanoseconds. */
    public static final long RELATIME_MAX_AGE_NS = 86_400L * 1_000_000_000L;

    /**
     * Whether a read now updates atime.
     *
     * @param atimeNs the inode's atime, nanoseconds since the epoch
     * @param mtimeNs its mtime
     * @param ctimeNs its ctime
     * @param nowNs the current time
     * @return true when atime is to be set to {@code nowNs}
     */
    public boolean isDue(long atimeNs, long mtimeNs, long ctimeNs, long nowNs) {
        return switch (this) {
            case NOATIME -> false;
            case STRICTATIME -> true;
            case RELATIME -> atimeNs <= mtimeNs || atimeNs <= ctimeNs || nowNs - atimeNs >= RELATIME_MAX_AGE_NS;
        };
    }

    /**
     * The policy the mount options ask for: the last of {@code noatime}, {@code relatime}, {@code strictatime}
     * wins, as with mount(8); {@link #RELATIME} when none is given. Other options are ignored.
     *
     * @param options the mount options: a comma-separated String ({@code "ro,noatime"}), a String array or a
     *        collection of Strings, as the mount's {@code fuse.options} property holds them; null for none
     * @return the policy
     */
    public static AtimePolicy fromMountOptions(Object options) {
        AtimePolicy result = RELATIME;
        if (options == null) {
            return result;
        }
        Iterable<?> list = options instanceof Object[] a ? Arrays.asList(a)
                : options instanceof Collection<?> c ? c : Arrays.asList(options.toString().split(","));
        for (Object o : list) {
            switch (String.valueOf(o).trim()) {
                case "noatime" -> result = NOATIME;
                case "strictatime" -> result = STRICTATIME;
                case "relatime" -> result = RELATIME;
                default -> {
                    // other options are not about atime
                }
            }
        }
        return result;
    }
}
