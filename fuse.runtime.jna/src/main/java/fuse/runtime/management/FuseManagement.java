package fuse.runtime.management;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's mounts and drivers, and the changes a user makes to them. Changes go through Configuration Admin (a
 * factory configuration per mount), so they survive a restart, and a mount made here is the same thing as one made
 * with {@code fuse:mount} or an {@code etc/*.cfg} file.
 *
 * <p>Methods that change something throw {@link IllegalArgumentException} with a message meant for the user (without
 * a command prefix) when the request is refused.
 */
@ProviderType
public interface FuseManagement {

    /** Every mount, live or failed, ordered by mount point. */
    List<MountDTO> mounts();

    /** The drivers of every installed bundle, started or not. */
    List<DriverDTO> drivers();

    /**
     * The settings a driver's configuration takes, from its metatype.
     *
     * @throws IllegalArgumentException when no such driver is installed, or it describes no settings
     * @throws IllegalStateException when no metatype service runs
     */
    DriverSettingsDTO settings(String driver);

    /**
     * Mounts {@code driver} on {@code mountpoint} by creating a factory configuration with {@code settings}.
     * The mount point must be an absolute path of an existing directory on which nothing is mounted or configured.
     *
     * @return what was done, for the user
     */
    String mount(String driver, String mountpoint, Map<String, String> settings) throws IOException;

    /**
     * Unmounts by deleting the configuration of the mount on {@code mountpoint} (an absolute path).
     *
     * @return what was done, for the user
     */
    String unmount(String mountpoint) throws IOException;

    /**
     * Drops the kernel's cached attributes, data and directory entry of {@code path} (absolute, or relative to the
     * mount point) inside the live mount on {@code mountpoint}.
     *
     * @return what was done, for the user
     */
    String invalidate(String mountpoint, String path) throws IOException;
}
