package fuse.runtime.jna.osgi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import fuse.runtime.jna.FuseSession;
import fuse.runtime.jna.MountConfig;
import fuse.runtime.jna.Op;
import fuse.runtime.jna.OperationStats;
import fuse.runtime.jna.StaleMounts;

/**
 * A driver bundle as the shell lists it. A bundle declares the drivers it provides with the manifest header
 * {@value #HEADER}: a comma separated list of {@code name;pid=<factory pid>} (the pid defaults to
 * {@code fuse.driver.<name>}).
 *
 * @param name the driver's name
 * @param pid the factory PID whose configurations mount it
 * @param bundleId the providing bundle
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle's version
 * @param state the bundle's state
 */
public record DriverInfo(String name, String pid, long bundleId, String symbolicName, String version, String state) {
    /** Manifest header naming the drivers of a bundle. */
    public static final String HEADER = "Fuse-Driver";

    /** The drivers of every installed bundle. */
    public static List<DriverInfo> scan(BundleContext context) {
        List<DriverInfo> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String header = b.getHeaders("").get(HEADER);
            if (header == null) {
                continue;
            }
            for (String clause : header.split(",")) {
                String[] parts = clause.trim().split(";");
                String name = parts[0].trim();
                String pid = "fuse.driver." + name;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("pid=")) {
                        pid = p.substring(4).replace("\"", "");
                    }
                }
                out.add(new DriverInfo(name, pid, b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                        state(b.getState())));
            }
        }
        return out;
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "Active";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.INSTALLED -> "Installed";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            default -> "Uninstalled";
        };
    }
}
