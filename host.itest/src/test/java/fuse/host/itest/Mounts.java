package fuse.host.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kernel's mount table as the tests see it (this JVM shares the host process's mount namespace). */
final class Mounts {
    private Mounts() {
    }

    /** One mount: where and which file system type (e.g. {@code fuse.osgi.memfs}). */
    record Mount(Path mountpoint, String type) {
    }

    /** Every mount in /proc/self/mountinfo. */
    static List<Mount> all() {
        List<Mount> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash > 4 && dash + 1 < f.length) {
                    out.add(new Mount(Path.of(unescape(f[4])), f[dash + 1]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo", e);
        }
        return out;
    }

    /**
     * The file system's own options of the mount on {@code mountpoint} (mountinfo's "super options": for FUSE
     * {@code rw,user_id=0,group_id=0,default_permissions,...}), or null when nothing is mounted there.
     */
    static List<String> superOptions(Path mountpoint) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash > 4 && dash + 3 < f.length && Path.of(unescape(f[4])).equals(mountpoint)) {
                    return List.of(f[dash + 3].split(","));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo", e);
        }
        return null;
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

    /** The type of the topmost mount on {@code mountpoint}, or null when nothing is mounted there. */
    static String typeAt(Path mountpoint) {
        Path p = mountpoint.toAbsolutePath().normalize();
        String type = null;
        for (Mount m : all()) {
            if (m.mountpoint().equals(p)) {
                type = m.type(); // later lines are mounted on top
            }
        }
        return type;
    }

    /** Whether a FUSE file system of this runtime is mounted on {@code mountpoint}. */
    static boolean isMounted(Path mountpoint) {
        String t = typeAt(mountpoint);
        return t != null && t.startsWith("fuse.osgi.");
    }

    /** Whether anything is mounted on {@code root} or below. */
    static boolean anyUnder(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return all().stream().anyMatch(m -> m.mountpoint().startsWith(r));
    }

    /**
     * Whether the mount on {@code mountpoint} lost its server: stat fails with ENOTCONN ("Transport endpoint is not
     * connected"), as it does after the host was killed.
     */
    static boolean isDisconnected(Path mountpoint) {
        try {
            Files.readAttributes(mountpoint, BasicFileAttributes.class);
            return false;
        } catch (FileSystemException e) {
            return String.valueOf(e.getReason()).contains("not connected");
        } catch (IOException e) {
            return false;
        }
    }

    /** Lazily unmounts everything mounted on {@code root} or below, deepest first (cleanup after a failed test). */
    static void unmountAllUnder(Path root) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        List<Path> mine = all().stream().map(Mount::mountpoint).filter(p -> p.startsWith(r)).distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        for (Path p : mine) {
            Process umount = new ProcessBuilder("umount", "-l", p.toString()).redirectErrorStream(true).start();
            try {
                if (!umount.waitFor(10, TimeUnit.SECONDS)) {
                    umount.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("host.itest: cleaned up a leftover mount on " + p + " (umount -l exit "
                    + (umount.isAlive() ? "timeout" : umount.exitValue()) + ")");
        }
    }
}
