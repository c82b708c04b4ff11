package fuse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The kernel's mount table as the tests see it ({@code /proc/self/mountinfo}; a test JVM shares the mount namespace
 * of the processes it starts), and unmounting what a test left behind.
 */
public final class Mounts {
    private Mounts() {
    }

    /** One mount: where, which file system type (e.g. {@code fuse.osgi.memfs}, {@code tmpfs}) and its source. */
    public record Mount(Path mountpoint, String type, String source) {
    }

    /** Skips the test where there is no {@code /dev/fuse} to mount with. */
    public static void assumeFuseDevice() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is required");
    }

    /**
     * The directory a test mounts on: {@code dir}, created with its parents. Skips the test where there is no
     * {@code /dev/fuse} to mount with ({@link #assumeFuseDevice()}).
     */
    public static Path mountpoint(Path dir) throws IOException {
        assumeFuseDevice();
        return Files.createDirectories(dir);
    }

    /**
     * The end of a test's mount: closes {@code mount} (a runtime mount; nothing when it is null, the mount having
     * failed or been skipped) and asserts that nothing is mounted on {@code mountpoint} any more (nothing when it is
     * null).
     */
    public static void closeAndAssertUnmounted(AutoCloseable mount, Path mountpoint) throws Exception {
        if (mount != null) {
            mount.close();
        }
        if (mountpoint != null && isMounted(mountpoint)) {
            throw new AssertionError("still mounted after the test: " + at(mountpoint));
        }
    }

    /** Every mount, in the order they were made (a later line is mounted on top of an earlier one). */
    public static List<Mount> all() {
        List<Mount> out = new ArrayList<>();
        for (String[] f : lines()) {
            int dash = List.of(f).indexOf("-");
            if (dash > 4 && dash + 2 < f.length) {
                out.add(new Mount(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2])));
            }
        }
        return out;
    }

    /**
     * The file system's own options of the mount on {@code mountpoint} (mountinfo's "super options": for FUSE
     * {@code rw,user_id=0,group_id=0,default_permissions,...}), or null when nothing is mounted there.
     */
    public static List<String> superOptions(Path mountpoint) {
        List<String> options = null;
        for (String[] f : lines()) {
            int dash = List.of(f).indexOf("-");
            if (dash > 4 && dash + 3 < f.length && Path.of(unescape(f[4])).equals(mountpoint)) {
                options = List.of(f[dash + 3].split(","));
            }
        }
        return options;
    }

    private static List<String[]> lines() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                    .map(l -> l.split(" ")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo", e);
        }
    }

    /** mountinfo escapes blanks, tabs, newlines and backslashes as octal {@code \ooo}. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The topmost mount on {@code mountpoint}, or null when nothing is mounted there. */
    public static Mount at(Path mountpoint) {
        Path p = mountpoint.toAbsolutePath().normalize();
        Mount top = null;
        for (Mount m : all()) {
            if (m.mountpoint().equals(p)) {
                top = m; // later lines are mounted on top
            }
        }
        return top;
    }

    /** The type of the topmost mount on {@code mountpoint}, or null when nothing is mounted there. */
    public static String typeAt(Path mountpoint) {
        Mount m = at(mountpoint);
        return m == null ? null : m.type();
    }

    /** Whether anything is mounted on {@code mountpoint}. */
    public static boolean isMounted(Path mountpoint) {
        return at(mountpoint) != null;
    }

    /**
     * Whether a file system of this project's runtime (type {@code fuse.osgi.<driver>}) is mounted on
     * {@code mountpoint}.
     */
    public static boolean isOsgiFuseMount(Path mountpoint) {
        String t = typeAt(mountpoint);
        return t != null && t.startsWith("fuse.osgi.");
    }

    /** Whether anything is mounted on {@code root} or below. */
    public static boolean anyUnder(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return all().stream().anyMatch(m -> m.mountpoint().startsWith(r));
    }

    /**
     * Whether the mount on {@code mountpoint} lost its server: stat fails with ENOTCONN ("Transport endpoint is not
     * connected"), as it does after the serving process was killed.
     */
    public static boolean isDisconnected(Path mountpoint) {
        try {
            Files.readAttributes(mountpoint, BasicFileAttributes.class);
            return false;
        } catch (FileSystemException e) {
            return String.valueOf(e.getReason()).contains("not connected");
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmounts {@code mountpoint}: {@code umount}, and {@code umount -l} if something there is still busy. */
    public static void unmount(Path mountpoint) {
        if (Cmd.of("umount", mountpoint.toString()).timeout(30).run().exit() != 0) {
            Cmd.of("umount", "-l", mountpoint.toString()).timeout(30).run();
        }
    }

    /** Lazily unmounts everything mounted on {@code root} or below, deepest first (clean-up after a failed test). */
    public static void unmountAllUnder(Path root) {
        Path r = root.toAbsolutePath().normalize();
        List<Path> mine = all().stream().map(Mount::mountpoint).filter(p -> p.startsWith(r)).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        for (Path p : mine) {
            String exit;
            try {
                exit = String.valueOf(Cmd.of("umount", "-l", p.toString()).mergeStderr().timeout(10).run().exit());
            } catch (AssertionError e) {
                exit = "timeout";
            }
            System.err.println("fuse.testing: cleaned up a leftover mount on " + p + " (umount -l exit " + exit + ")");
        }
    }
}
