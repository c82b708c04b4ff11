package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import fuse.api.Errno;
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
    private static final String CONNECTIONS = "/sys/fs/fuse/connections";
    /** How often a probe without an answer looks at the connection. */
    private static final long POLL_MILLIS = 20;
    /** How long a live connection holds the probe before the mount counts as live but slow. */
    static final long HELD_MILLIS = 1_000;
    /** How long a probe may go without an answer and without reaching the connection before the mount is left alone. */
    static final long PROBE_LIMIT_MILLIS = 30_000;

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
     * Whether a mount's server is gone. The probe is a statfs(2) of the mount point on a thread of its own: a dead
     * connection (its server exited without unmounting) fails it with ENOTCONN at once, in the kernel, and a live
     * server answers it. A probe without an answer yet is not a verdict, however long it takes:
     * <ul>
     * <li>a live server that is slow or hung holds it: the connection then counts it among its waiting requests
     *     (/sys/fs/fuse/connections/N/waiting), and once that has been so for {@link #HELD_MILLIS} the mount is
     *     taken as live (a dead connection cannot hold a request: it fails every one as it comes);</li>
     * <li>with nothing waiting the probe has not reached the kernel yet (a loaded machine): the verdict waits, up
     *     to {@link #PROBE_LIMIT_MILLIS}, after which the mount is left alone as not known to be dead.</li>
     * </ul>
     */
    static boolean isDead(Path mountpoint) {
        int connection = connectionId(mountpoint);
        CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(
                () -> MountCalls.statfs(mountpoint.toString()), r -> {
                    Thread t = new Thread(r, "fuse-stale-probe");
                    t.setDaemon(true);
                    t.start();
                });
        long start = System.nanoTime();
        long heldSince = -1;
        while (true) {
            try {
                int err = probe.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return err == Errno.ENOTCONN || err == Errno.ECONNABORTED; // (the latter: an aborted connection)
            } catch (TimeoutException e) {
                // no answer yet: see below
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING,
                        "cannot probe the FUSE mount at " + mountpoint + ": " + e.getCause());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long now = System.nanoTime();
            if (waitingRequests(connection) > 0) {
                if (heldSince < 0) {
                    heldSince = now;
                } else if (now - heldSince >= TimeUnit.MILLISECONDS.toNanos(HELD_MILLIS)) {
                    return false; // a live server holds requests, the probe among them
                }
            } else {
                heldSince = -1;
            }
            if (now - start >= TimeUnit.MILLISECONDS.toNanos(PROBE_LIMIT_MILLIS)) {
                LOG.log(System.Logger.Level.WARNING, "cannot tell whether the FUSE mount at " + mountpoint
                        + " is stale: statfs has not returned after " + PROBE_LIMIT_MILLIS / 1000
                        + " s, and its connection has no request waiting; leaving it");
                return false;
            }
        }
    }

    /** Requests the connection has sent and not had answered ({@code waiting}), or -1 when it cannot be read. */
    private static int waitingRequests(int connection) {
        if (connection < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(Files.readString(Path.of(CONNECTIONS, Integer.toString(connection), "waiting"))
                    .trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Clears a dead mount at {@code mountpoint}, if there is one.
     *
     * @return whether a stale mount was removed
     */
    public static boolean clearIfStale(Path mountpoint) {
        if (isFuseMount(mountpoint) && isDead(mountpoint)) {
            int err = MountCalls.detach(mountpoint.toString());
            if (err == 0) {
                LOG.log(System.Logger.Level.INFO, "cleared stale FUSE mount at " + mountpoint);
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "cannot clear stale FUSE mount at " + mountpoint + ": "
                    + Errno.name(err));
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
        MountCalls.ensureFusectl(); // (the probe reads the connections' waiting counts)
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
