package fuse.runtime.management;

/**
 * A driver a bundle declares.
 *
 * @param name the driver's name, as {@code fuse:mount} takes it
 * @param pid the factory PID whose configurations mount it
 * @param bundleId the providing bundle
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle's version
 * @param state the bundle's state: Active, Resolved, Installed, Starting, Stopping
 */
public record DriverDTO(String name, String pid, long bundleId, String symbolicName, String version, String state) {
}
