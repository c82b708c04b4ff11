package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseSession;
import fuse.runtime.jna.MountConfig;
import fuse.runtime.jna.Op;
import fuse.runtime.jna.OperationStats;
import fuse.runtime.jna.StaleMounts;

/**
 * Gogo shell commands in scope {@code fuse}. They format the runtime's status objects and change mounts only through
 * Configuration Admin, so whatever the shell mounts survives a restart, and an {@code etc/*.cfg} file and a shell
 * mount are the same thing.
 */
@Component(service = FuseCommands.class, immediate = true, property = { "osgi.command.scope=fuse",
        "osgi.command.function=drivers", "osgi.command.function=mounts", "osgi.command.function=mount",
        "osgi.command.function=unmount", "osgi.command.function=stats", "osgi.command.function=invalidate" })
public final class FuseCommands {
    private final BundleContext context;
    private final MountManager manager;
    private final ConfigurationAdmin configAdmin;

    /** Creates the commands over the runtime's mount manager and Configuration Admin. */
    @Activate
    public FuseCommands(BundleContext context, @Reference MountManager manager,
            @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.manager = manager;
        this.configAdmin = configAdmin;
    }

    /** Lists the driver bundles. */
    @Descriptor("list the installed FUSE drivers: name, bundle, version, state")
    public String drivers() {
        StringBuilder b = new StringBuilder(String.format("%-14s %-6s %-28s %-16s %s%n", "DRIVER", "BUNDLE",
                "SYMBOLIC NAME", "VERSION", "STATE"));
        for (DriverInfo d : DriverInfo.scan(context)) {
            b.append(String.format("%-14s %-6d %-28s %-16s %s%n", d.name(), d.bundleId(), d.symbolicName(),
                    d.version(), d.state()));
        }
        return b.toString();
    }

    /** Lists the mounts. */
    @Descriptor("list the mounts: mountpoint, driver, options, state, uptime, requests, errors, in flight")
    public String mounts() {
        StringBuilder b = new StringBuilder(String.format("%-36s %-12s %-9s %-9s %9s %9s %7s %s%n", "MOUNTPOINT",
                "DRIVER", "STATE", "UPTIME", "REQUESTS", "ERRORS", "INFLIGHT", "OPTIONS"));
        for (MountStatus m : manager.mounts()) {
            b.append(String.format("%-36s %-12s %-9s %-9s %9d %9d %7d %s%n", m.mountpoint(), m.driver(), m.state(),
                    uptime(m.uptime()), m.requests(), m.errors(), m.inFlight(), String.join(",", m.options())));
            if (m.failure() != null) {
                b.append("    reason: ").append(m.failure()).append('\n');
            }
        }
        return b.toString();
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        if (s == 0 && d.isZero()) {
            return "-";
        }
        return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, s / 60 % 60);
    }

    /**
     * Mounts a driver by creating a factory configuration for it.
     *
     * @return what was done
     */
    @Descriptor("mount a driver: creates its configuration, so the mount survives a restart")
    public String mount(@Descriptor("driver name, see fuse:drivers") String driver,
            @Descriptor("absolute path of an existing, empty directory") String mountpoint,
            @Descriptor("driver settings as key=value, e.g. source=/data capacity=1g") String... settings)
            throws IOException, InvalidSyntaxException {
        DriverInfo d = DriverInfo.scan(context).stream().filter(x -> x.name().equals(driver)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fuse:mount: unknown driver '" + driver
                        + "' (installed: " + String.join(", ", DriverInfo.scan(context).stream().map(DriverInfo::name)
                                .toList()) + ")"));
        Path mp = checkMountpoint("fuse:mount", mountpoint);
        if (findConfiguration(mp.toString()) != null) {
            throw new IllegalArgumentException("fuse:mount: " + mp + " is busy: a mount is already configured there");
        }
        Hashtable<String, Object> props = new Hashtable<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fuse:mount: setting '" + s + "' is not key=value");
            }
            props.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        props.put(Fuse.MOUNTPOINT, mp.toString());
        String alias = mp.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        Configuration c = configAdmin.getFactoryConfiguration(d.pid(), alias.isEmpty() ? "root" : alias, "?");
        c.update(props);
        return "configured " + driver + " on " + mp + " (" + c.getPid() + "); see fuse:mounts";
    }

    // Gogo picks a method by its number of arguments; without these, a command given too few would only get Gogo's
    // "Cannot coerce mount() to any of [(String, String, String[])]".

    /** Too few arguments: says what is missing. */
    @Descriptor("(without arguments: prints the usage; DRIVER and MOUNTPOINT are required)")
    public String mount() {
        throw usage("fuse:mount", "DRIVER MOUNTPOINT [key=value...]", "a driver name and a mountpoint");
    }

    /** Too few arguments: says what is missing. */
    @Descriptor("(with a driver only: prints the usage; a MOUNTPOINT is required)")
    public String mount(@Descriptor("driver name") String driver) {
        throw usage("fuse:mount", "DRIVER MOUNTPOINT [key=value...]", "a mountpoint after the driver name");
    }

    /** Too few arguments: says what is missing. */
    @Descriptor("(without arguments: prints the usage; the MOUNTPOINT is required)")
    public String unmount() {
        throw usage("fuse:unmount", "MOUNTPOINT", "the mountpoint");
    }

    /** Too few arguments: says what is missing. */
    @Descriptor("(without arguments: prints the usage; the MOUNTPOINT is required)")
    public String stats() {
        throw usage("fuse:stats", "MOUNTPOINT", "the mountpoint");
    }

    /** Too few arguments: says what is missing. */
    @Descriptor("(without arguments: prints the usage; MOUNTPOINT and PATH are required)")
    public String invalidate() {
        throw usage("fuse:invalidate", "MOUNTPOINT PATH", "the mountpoint and a path inside it");
    }

    /** Too few arguments: says what is missing. */
    @Descriptor("(with a mountpoint only: prints the usage; a PATH is required)")
    public String invalidate(@Descriptor("the mountpoint") String mountpoint) {
        throw usage("fuse:invalidate", "MOUNTPOINT PATH", "a path inside the mount");
    }

    private static IllegalArgumentException usage(String cmd, String synopsis, String missing) {
        return new IllegalArgumentException(cmd + ": missing " + missing + " (usage: " + cmd + " " + synopsis
                + "; see help " + cmd + ")");
    }

    /** Unmounts by deleting the mount's configuration. */
    @Descriptor("unmount: deletes the mount's configuration")
    public String unmount(@Descriptor("the mountpoint") String mountpoint) throws IOException, InvalidSyntaxException {
        if (!Path.of(mountpoint).isAbsolute()) {
            throw new IllegalArgumentException("fuse:unmount: mountpoint must be an absolute path, got '" + mountpoint
                    + "'");
        }
        Path mp = Path.of(mountpoint).normalize();
        Configuration c = findConfiguration(mp.toString());
        if (c == null) {
            throw new IllegalArgumentException("fuse:unmount: no mount is configured on " + mp);
        }
        c.delete();
        return "unmounted " + mp;
    }

    /** Per-operation statistics of a mount. */
    @Descriptor("per-operation statistics of a mount: count, errors, latency percentiles")
    public String stats(@Descriptor("the mountpoint") String mountpoint) {
        FuseSession s = manager.session(Path.of(mountpoint))
                .orElseThrow(() -> new IllegalArgumentException("fuse:stats: nothing is mounted on " + mountpoint));
        OperationStats st = s.stats();
        StringBuilder b = new StringBuilder(String.format("%-16s %10s %8s %10s %10s %10s%n", "OPERATION", "COUNT",
                "ERRORS", "P50", "P90", "P99"));
        for (Op op : Op.values()) {
            long n = st.count(op);
            if (n == 0) {
                continue;
            }
            b.append(String.format("%-16s %10d %8d %10s %10s %10s%n", op.label(), n, st.errors(op),
                    nanos(st.percentileNanos(op, 50)), nanos(st.percentileNanos(op, 90)),
                    nanos(st.percentileNanos(op, 99))));
        }
        return b.toString();
    }

    private static String nanos(long ns) {
        if (ns < 10_000) {
            return "<" + ns / 1000 + "us";
        }
        return ns < 10_000_000 ? "<" + ns / 1000 + "us" : "<" + ns / 1_000_000 + "ms";
    }

    /** Drops the kernel's caches of one path. */
    @Descriptor("drop the kernel's cached attributes, data and entry of a path inside a mount")
    public String invalidate(@Descriptor("the mountpoint") String mountpoint,
            @Descriptor("a path inside the mount, absolute or relative to the mountpoint") String path)
            throws IOException {
        Path mp = Path.of(mountpoint);
        if (manager.session(mp).isEmpty()) {
            throw new IllegalArgumentException("fuse:invalidate: nothing is mounted on " + mountpoint);
        }
        Path p = Path.of(path).isAbsolute() ? Path.of(path) : mp.resolve(path);
        if (!p.normalize().startsWith(mp.normalize())) {
            throw new IllegalArgumentException("fuse:invalidate: " + p + " is not inside " + mp);
        }
        manager.invalidate(p);
        return "invalidated " + p;
    }

    private Path checkMountpoint(String cmd, String mountpoint) {
        Path mp = Path.of(mountpoint);
        if (!mp.isAbsolute()) {
            throw new IllegalArgumentException(cmd + ": mountpoint must be an absolute path, got '" + mountpoint + "'");
        }
        mp = mp.normalize();
        if (!Files.isDirectory(mp)) {
            throw new IllegalArgumentException(cmd + ": mountpoint " + mp + (Files.exists(mp) ? " is not a directory"
                    : " does not exist"));
        }
        if (StaleMounts.isFuseMount(mp)) {
            throw new IllegalArgumentException(cmd + ": mountpoint " + mp + " is busy: something is mounted there");
        }
        return mp;
    }

    private Configuration findConfiguration(String mountpoint) throws IOException, InvalidSyntaxException {
        Configuration[] all = configAdmin.listConfigurations("(" + Fuse.MOUNTPOINT + "="
                + mountpoint.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*") + ")");
        if (all == null || all.length == 0) {
            return null;
        }
        return all[0];
    }
}
