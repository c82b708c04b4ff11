package fuse.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Helpers for the bundle-level tests: the framework, Configuration Admin, and the mount table. */
final class Osgi {
    private Osgi() {
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Osgi.class).getBundleContext();
    }

    static Bundle bundle(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** Kept open: a ConfigurationAdmin object is only valid while its service is held. */
    private static ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdminTracker;

    static synchronized ConfigurationAdmin configAdmin() throws InterruptedException {
        if (configAdminTracker == null) {
            configAdminTracker = new ServiceTracker<>(context(), ConfigurationAdmin.class, null);
            configAdminTracker.open();
        }
        ConfigurationAdmin ca = configAdminTracker.waitForService(30_000);
        if (ca == null) {
            throw new AssertionError("no ConfigurationAdmin service");
        }
        return ca;
    }

    /** Whether a FUSE file system is mounted on {@code dir} right now, and which fsname it has. */
    static String mountedFsname(Path dir) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(dir.toString()) && f[2].startsWith("fuse")) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    /** Whether any FUSE file system is mounted at or below {@code dir}. */
    static boolean anyMountUnder(Path dir) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].startsWith("fuse") && Path.of(f[1]).startsWith(dir)) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return false;
    }

    static boolean mounted(Path dir) {
        return mountedFsname(dir) != null;
    }

    /**
     * Waits until {@code condition} holds (mounts follow services asynchronously), failing after 30 s. The bound
     * only keeps a broken build from hanging; nothing is asserted about how fast it happens.
     */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
