package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fuse.runtime.management.DriverDTO;
import fuse.runtime.management.DriverSettingsDTO;
import fuse.runtime.management.FuseManagement;
import fuse.runtime.management.MountDTO;
import fuse.runtime.management.OperationDTO;
import fuse.runtime.management.SettingDTO;

/**
 * Gogo shell commands in scope {@code fuse}. They format what the runtime's {@link FuseManagement} service reports and
 * change mounts only through it (Configuration Admin), so whatever the shell mounts survives a restart, an
 * {@code etc/*.cfg} file and a shell mount are the same thing, and the web console shows and does the same.
 * A driver's settings come from its metatype ({@link fuse.api.MountSettings} and the driver's own object class
 * definition, designated to its factory PID).
 */
@GogoCommand(scope = "fuse", function = { "drivers", "settings", "mounts", "mount", "unmount", "stats",
        "invalidate" })
@Component(service = FuseCommands.class, immediate = true)
public final class FuseCommands {
    private final FuseManagement management;

    /** Creates the commands over the runtime's management service. */
    @Activate
    public FuseCommands(@Reference FuseManagement management) {
        this.management = management;
    }

    /** Runs a management call, prefixing a refusal's message with the command's name. */
    private static <T> T call(String cmd, Callable<T> action) throws IOException {
        try {
            return action.call();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cmd + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(cmd + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(cmd + ": " + e, e);
        }
    }

    /** Lists the driver bundles. */
    @Descriptor("list the installed FUSE drivers: name, bundle, version, state")
    public String drivers() {
        StringBuilder b = new StringBuilder(String.format("%-14s %-6s %-28s %-16s %s%n", "DRIVER", "BUNDLE",
                "SYMBOLIC NAME", "VERSION", "STATE"));
        for (DriverDTO d : management.drivers()) {
            b.append(String.format("%-14s %-6d %-28s %-16s %s%n", d.name(), d.bundleId(), d.symbolicName(),
                    d.version(), d.state()));
        }
        return b.toString();
    }

    /** Lists the settings of a driver's configuration, from its metatype. */
    @Descriptor("list the settings a driver's configuration takes: key, type, default, description")
    public String settings(@Descriptor("driver name, see fuse:drivers") String driver) throws IOException {
        DriverSettingsDTO s = call("fuse:settings", () -> management.settings(driver));
        StringBuilder b = new StringBuilder(s.name()).append(": ").append(s.description()).append('\n');
        b.append(String.format("%-24s %-8s %-20s %s%n", "KEY", "TYPE", "DEFAULT", "DESCRIPTION"));
        for (SettingDTO a : s.settings()) {
            b.append(String.format("%-24s %-8s %-20s %s%n", a.key(), a.type(),
                    a.defaultValue() == null ? "-" : a.defaultValue(), a.description()));
        }
        return b.toString();
    }

    /** Lists the mounts. */
    @Descriptor("list the mounts: mountpoint, driver, options, state, uptime, requests, errors, in flight")
    public String mounts() {
        StringBuilder b = new StringBuilder(String.format("%-36s %-12s %-9s %-9s %9s %9s %7s %s%n", "MOUNTPOINT",
                "DRIVER", "STATE", "UPTIME", "REQUESTS", "ERRORS", "INFLIGHT", "OPTIONS"));
        for (MountDTO m : management.mounts()) {
            Duration up = m.mountedAt() == null ? Duration.ZERO : Duration.between(m.mountedAt(), Instant.now());
            b.append(String.format("%-36s %-12s %-9s %-9s %9d %9d %7d %s%n", m.mountpoint(), m.driver(), m.state(),
                    uptime(up), m.requests(), m.errors(), m.inFlight(), String.join(",", m.options())));
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
            throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fuse:mount: setting '" + s + "' is not key=value");
            }
            props.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return call("fuse:mount", () -> management.mount(driver, mountpoint, props)) + "; see fuse:mounts";
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
    public String unmount(@Descriptor("the mountpoint") String mountpoint) throws IOException {
        return call("fuse:unmount", () -> management.unmount(mountpoint));
    }

    /** Per-operation statistics of a mount. */
    @Descriptor("per-operation statistics of a mount: count, errors, latency percentiles")
    public String stats(@Descriptor("the mountpoint") String mountpoint) {
        String mp = Path.of(mountpoint).toAbsolutePath().normalize().toString();
        MountDTO m = management.mounts().stream().filter(x -> x.mounted() && x.mountpoint().equals(mp)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fuse:stats: nothing is mounted on " + mountpoint));
        StringBuilder b = new StringBuilder(String.format("%-16s %10s %8s %10s %10s %10s%n", "OPERATION", "COUNT",
                "ERRORS", "P50", "P90", "P99"));
        for (OperationDTO op : m.operations()) {
            b.append(String.format("%-16s %10d %8d %10s %10s %10s%n", op.name(), op.count(), op.errors(),
                    nanos(op.p50Nanos()), nanos(op.p90Nanos()), nanos(op.p99Nanos())));
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
        return call("fuse:invalidate", () -> management.invalidate(mountpoint, path));
    }
}
