package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import fuse.api.Fuse;
import fuse.api.MountSettings;
import fuse.runtime.jna.FuseSession;
import fuse.runtime.jna.Op;
import fuse.runtime.jna.OperationStats;
import fuse.runtime.jna.StaleMounts;

/**
 * Gogo shell commands in scope {@code fuse}. They format the runtime's status objects and change mounts only through
 * Configuration Admin, so whatever the shell mounts survives a restart, and an {@code etc/*.cfg} file and a shell
 * mount are the same thing. A driver's settings come from its metatype ({@link MountSettings} and the driver's own
 * object class definition, designated to its factory PID).
 */
@GogoCommand(scope = "fuse", function = { "drivers", "settings", "mounts", "mount", "unmount", "stats",
        "invalidate" })
@Component(service = FuseCommands.class, immediate = true)
public final class FuseCommands {
    private final BundleContext context;
    private final MountManager manager;
    private final ConfigurationAdmin configAdmin;
    /** Reads drivers' metatype; optional: without a metatype service {@code fuse:settings} says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetaTypeService metatype;

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

    /** Lists the settings of a driver's configuration, from its metatype. */
    @Descriptor("list the settings a driver's configuration takes: key, type, default, description")
    public String settings(@Descriptor("driver name, see fuse:drivers") String driver) {
        DriverInfo d = driver("fuse:settings", driver);
        MetaTypeService service = metatype;
        if (service == null) {
            throw new IllegalStateException("fuse:settings: no metatype service is running (install "
                    + "org.apache.felix.metatype)");
        }
        Bundle bundle = context.getBundle(d.bundleId());
        ObjectClassDefinition ocd = bundle == null ? null
                : service.getMetaTypeInformation(bundle).getObjectClassDefinition(d.pid(), null);
        if (ocd == null) {
            throw new IllegalArgumentException("fuse:settings: driver " + driver + " describes no settings (no "
                    + "metatype designated to " + d.pid() + ")");
        }
        StringBuilder b = new StringBuilder(ocd.getName()).append(": ").append(ocd.getDescription()).append('\n');
        b.append(String.format("%-24s %-8s %-20s %s%n", "KEY", "TYPE", "DEFAULT", "DESCRIPTION"));
        for (AttributeDefinition a : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            String[] def = a.getDefaultValue();
            b.append(String.format("%-24s %-8s %-20s %s%n", a.getID(), typeName(a),
                    def == null ? "-" : String.join(",", def), a.getDescription()));
        }
        return b.toString();
    }

    private static String typeName(AttributeDefinition a) {
        String type = switch (a.getType()) {
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "number";
            default -> "string";
        };
        return a.getCardinality() != 0 ? type + "[]" : type;
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
        DriverInfo d = driver("fuse:mount", driver);
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
    @Descriptor("(without arguments: prints the usage; a DRIVER is required)")
    public String settings() {
        throw usage("fuse:settings", "DRIVER", "a driver name");
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

    /** The installed driver named {@code name}, or a message listing the installed ones. */
    private DriverInfo driver(String cmd, String name) {
        List<DriverInfo> drivers = DriverInfo.scan(context);
        return drivers.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(cmd + ": unknown driver '" + name + "' (installed: "
                        + String.join(", ", drivers.stream().map(DriverInfo::name).toList()) + ")"));
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
