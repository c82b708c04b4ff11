package fuse.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

import fuse.api.Fuse;

/**
 * Driver bundles mounted from factory configurations, the way {@code etc/*.cfg} files and {@code fuse:mount} declare
 * them; mounts follow the configuration and the driver bundle's life cycle.
 */
class ConfiguredMountTest {
    @TempDir
    Path tmp;
    Configuration config;

    @AfterEach
    void deleteConfiguration() throws Exception {
        if (config != null) {
            try {
                config.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
        Bundle memfs = Osgi.bundle("fuse.driver.memfs");
        if (memfs.getState() != Bundle.ACTIVE) {
            memfs.start();
        }
        // Configuration Admin delivers the deletion asynchronously: wait for the unmount before @TempDir cleans up.
        Osgi.await("nothing is mounted under " + tmp, () -> !Osgi.anyMountUnder(tmp));
    }

    private Configuration memfs(String alias, Path mp) throws Exception {
        Configuration c = Osgi.configAdmin().getFactoryConfiguration("fuse.driver.memfs", alias, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, mp.toString());
        c.update(props);
        return c;
    }

    @Test
    void aConfigurationMountsAndItsDeletionUnmounts() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("scratch"));
        config = memfs("scratch", mp);
        Osgi.await("memfs is mounted", () -> Osgi.mounted(mp));
        assertEquals("memfs", Osgi.mountedFsname(mp));
        Files.writeString(mp.resolve("note.txt"), "kept in memory");
        assertEquals("kept in memory", Files.readString(mp.resolve("note.txt")));
        config.delete();
        Osgi.await("memfs is unmounted", () -> !Osgi.mounted(mp));
        assertFalse(Files.exists(mp.resolve("note.txt")), "the directory underneath is empty again");
    }

    @Test
    void editingTheConfigurationRemountsWithTheNewSettings() throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        config = memfs("moving", a);
        Osgi.await("mounted on a", () -> Osgi.mounted(a));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, b.toString());
        props.put("capacity", "8m");
        config.update(props);
        Osgi.await("mounted on b only", () -> Osgi.mounted(b) && !Osgi.mounted(a));
        long total = Files.getFileStore(b).getTotalSpace();
        assertEquals(8L << 20, total, "the new capacity setting is in effect");
    }

    @Test
    void stoppingTheDriverBundleUnmountsAndStartingItMountsAgain() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("follows-bundle"));
        config = memfs("follows", mp);
        Osgi.await("mounted", () -> Osgi.mounted(mp));
        Bundle bundle = Osgi.bundle("fuse.driver.memfs");
        bundle.stop();
        assertFalse(Osgi.mounted(mp), "unmounted by the time the bundle has stopped");
        bundle.start();
        Osgi.await("mounted again", () -> Osgi.mounted(mp));
    }

    @Test
    void updatingADriverWithoutStableInodesRemounts() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("updated"));
        config = memfs("updated", mp);
        Osgi.await("mounted", () -> Osgi.mounted(mp));
        Files.writeString(mp.resolve("before-update"), "x");
        Bundle bundle = Osgi.bundle("fuse.driver.memfs");
        bundle.update();
        Osgi.await("mounted after the update", () -> Osgi.mounted(mp));
        Osgi.await("a fresh memfs (remounted, not swapped)", () -> !Files.exists(mp.resolve("before-update")));
        assertTrue(Files.isDirectory(mp));
    }

    @Test
    void uninstallingTheDriverUnmountsAndReinstallingMountsAgain() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("uninstalled"));
        config = memfs("uninstalled", mp);
        Osgi.await("mounted", () -> Osgi.mounted(mp));
        Bundle bundle = Osgi.bundle("fuse.driver.memfs");
        String location = bundle.getLocation();
        bundle.uninstall();
        assertFalse(Osgi.mounted(mp), "unmounted when the bundle is gone");
        Bundle again = Osgi.context().installBundle(location);
        again.start();
        Osgi.await("mounted by the reinstalled bundle", () -> Osgi.mounted(mp));
    }

    @Test
    void aConfigurationWithARelativeMountpointMountsNothingAndDisturbsNothing() throws Exception {
        Path good = Files.createDirectory(tmp.resolve("good"));
        config = memfs("good", good);
        Osgi.await("the good one is mounted", () -> Osgi.mounted(good));
        Configuration bad = memfs("bad", Path.of("relative/dir"));
        try {
            Files.writeString(good.resolve("still"), "works");
            assertEquals("works", Files.readString(good.resolve("still")));
            assertFalse(Osgi.mounted(Path.of("relative/dir").toAbsolutePath()));
        } finally {
            bad.delete();
        }
    }
}
