package fuse.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import fuse.api.Operations;
import fuse.runtime.jna.FuseMount;

/** Mounts drivers from plain Java; see the package documentation. */
public final class FuseMounts {
    private FuseMounts() {
    }

    /**
     * Mounts {@code driver} on {@code mountpoint} and returns once the mount is live and the driver's {@code init}
     * ran.
     *
     * @param properties mount settings by their property names ({@link fuse.api.MountSettings}); the mount point is
     *        taken from {@code mountpoint}
     * @throws IOException naming the mount point and the problem (missing, busy, not permitted, the driver's
     *         {@code init} threw)
     * @throws IllegalArgumentException for a property that cannot be used, naming it
     */
    public static Mount mount(Operations driver, Path mountpoint, Map<String, ?> properties) throws IOException {
        return FuseMount.mount(driver, mountpoint, properties);
    }

    /** Mounts with the default settings ({@code default_permissions}; the driver and file system named osgi-fuse). */
    public static Mount mount(Operations driver, Path mountpoint) throws IOException {
        return mount(driver, mountpoint, Map.of());
    }
}
