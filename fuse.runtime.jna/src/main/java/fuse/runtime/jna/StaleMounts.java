package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import fuse.runtime.jna.natives.MountCalls;

/**
 * Finds and clears mounts left behind by a host that died without unmounting (SIGKILL): their FUSE connection has no
 * server, so every access fails with ENOTCONN. Mounts of this runtime are recognised by their file system type
 * {@code fuse.osgi.<driver>} ({@code fuseblk.osgi.<driver>} for a block device mount).
 */
public final class StaleMounts {
    /** Prefix of the FUSE subtype of every mount this runtime makes. */
    static final String SUBTYPE_PREFIX = "osgi.";
    private static final System.Logger LOG = System.getLogger("fuse.runtime");

    private StaleMounts() {
    }

    /** One line of /proc/self/mountinfo that matters here. */
    record MountEntry(String mountpoint, String fstype, String device) {
    }

    /** The FUSE mounts currently in the mount table. */
    static List<MountEntry> fuseMounts() {
        List<MountEntry> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                int dash = List.of(f).indexOf("-");
                if (dash < 0 || dash + 1 >= f.length) {
                    continue;
                }
                String type = f[dash + 1];
                if (isFuseType(type)) {
                    out.add(new MountEntry(unescape(f[4]), type, f[2]));
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read /proc/self/mountinfo: " + e.getMessage());
        }
        return out;
    }

    /** {@code fuse}, {@code fuseblk} (a block device mount), or either with a subtype. */
    private static boolean isFuseType(String type) {
        return type.equals("fuse") || type.startsWith("fuse.") || type.equals("fuseblk") || type.startsWith("fuseblk.");
    }

    /** Whether a file system type is one of this runtime's mounts ({@link #SUBTYPE_PREFIX}). */
    private static boolean isOwnType(String type) {
        return type.startsWith("fuse." + SUBTYPE_PREFIX) || type.startsWith("fuseblk." + SUBTYPE_PREFIX);
    }

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

    /** Whether {@code mountpoint} is a FUSE mount point right now. */
    public static boolean isFuseMount(Path mountpoint) {
        String p = mountpoint.toString();
        return fuseMounts().stream().anyMatch(m -> m.mountpoint().equals(p));
    }

    /**
     * Whether a mount's server is gone: stat fails with ENOTCONN. The stat runs on its own thread with a time limit,
     * because a live but hung server would block it.
     */
    static boolean isDead(Path mountpoint) {
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> {
            try {
                Files.readAttributes(mountpoint, "unix:ino");
                return false;
            } catch (FileSystemException e) {
                String reason = String.valueOf(e.getReason());
                return reason.contains("not connected");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }, r -> {
            Thread t = new Thread(r, "fuse-stale-probe");
            t.setDaemon(true);
            t.start();
        });
        try {
            return probe.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Clears a dead mount at {@code mountpoint}, if there is one.
     *
     * @return whether a stale mount was removed
     */
    static boolean clearIfStale(Path mountpoint) {
        if (isFuseMount(mountpoint) && isDead(mountpoint)) {
            int err = MountCalls.detach(mountpoint.toString());
            if (err == 0) {
                LOG.log(System.Logger.Level.INFO, "cleared stale FUSE mount at " + mountpoint);
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "cannot clear stale FUSE mount at " + mountpoint + ": "
                    + fuse.api.Errno.name(err));
        }
        return false;
    }

    /**
     * Clears every dead mount made by this runtime (type {@code fuse.osgi.*}), e.g. at start-up after a host was
     * killed.
     *
     * @return the mount points cleared
     */
    public static List<Path> clearAll() {
        List<Path> cleared = new ArrayList<>();
        for (MountEntry m : fuseMounts()) {
            if (isOwnType(m.fstype())) {
                Path p = Path.of(m.mountpoint());
                if (isDead(p) && MountCalls.detach(m.mountpoint()) == 0) {
                    LOG.log(System.Logger.Level.INFO, "cleared stale FUSE mount at " + p);
                    cleared.add(p);
                }
            }
        }
        return cleared;
    }

    /**
     * The FUSE connection number of a mount, or -1 when it is not mounted: the kernel's number of its device
     * ({@code major << 20 | minor}), the name of its directory in /sys/fs/fuse/connections. For an ordinary mount
     * (device {@code 0:N}) that is N; for a block device mount it is the block device's number (7:0, /dev/loop0, is
     * 7340032).
     */
    static int connectionId(Path mountpoint) {
        String p = mountpoint.toString();
        int id = -1;
        for (MountEntry m : fuseMounts()) {
            if (m.mountpoint().equals(p)) {
                String dev = m.device();
                int colon = dev.indexOf(':');
                id = Integer.parseInt(dev.substring(0, colon)) << 20 | Integer.parseInt(dev.substring(colon + 1));
            }
        }
        return id; // (the last line: a mount stacked on top of another is the one the path reaches)
    }

    /** The name of a mount's backing device info in /sys/class/bdi ({@code major:minor}) from its connection number. */
    static String bdiName(int connectionId) {
        return (connectionId >>> 20) + ":" + (connectionId & 0xFFFFF);
    }
}
