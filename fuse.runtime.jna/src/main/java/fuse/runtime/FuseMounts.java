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
     * Mounts {@code driver} on {@code mountpoint}. Returns only once the kernel has processed INIT: the driver's
     * {@code init} ran and its answer reached the kernel, so the mount can be used at once by this thread or any
     * process, and the connection's settings (/sys/fs/fuse/connections/N, e.g. the {@code max_background} that
     * {@code init} chose) are in effect. When that does not happen within 15 s, or {@code init} throws, nothing stays
     * mounted and an {@link IOException} says why.
     *
     * @param properties mount settings by their property names ({@link fuse.api.MountSettings}); the mount point is
     *        taken from {@code mountpoint}
     * @throws IOException naming the mount point and the problem (missing, busy, not permitted, the driver's
     *         {@code init} threw, the kernel did not initialize the connection in time)
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
