package fuse.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

import fuse.api.Fuse;

/**
 * A driver that declares stable inode numbers (passthrough) is replaced while mounted: the mount never goes away,
 * a file open across the update keeps working, and names looked up before the update still resolve.
 */
class HotSwapTest {
    @TempDir
    Path tmp;
    Configuration config;

    @AfterEach
    void cleanUp() throws Exception {
        if (config != null) {
            config.delete();
        }
        Osgi.await("nothing is mounted under " + tmp, () -> !Osgi.anyMountUnder(tmp));
    }

    @Test
    void updatingPassthroughKeepsTheMountAndOpenFiles() throws Exception {
        Path source = Files.createDirectory(tmp.resolve("source"));
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        Files.createDirectories(source.resolve("sub/deeper"));
        Files.writeString(source.resolve("sub/deeper/kept.txt"), "before the update\n");
        config = Osgi.configAdmin().getFactoryConfiguration("fuse.driver.passthrough", "swap", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, mp.toString());
        props.put("source", source.toString());
        config.update(props);
        Osgi.await("passthrough is mounted", () -> Osgi.mounted(mp));

        // Watch the mount table while the bundle is updated: the mount must never disappear.
        AtomicBoolean sawUnmounted = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                if (!Osgi.mounted(mp)) {
                    sawUnmounted.set(true);
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();
        try (FileChannel open = FileChannel.open(mp.resolve("sub/deeper/kept.txt"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Bundle bundle = Osgi.bundle("fuse.driver.passthrough");
            long before = bundle.getLastModified();
            bundle.update();
            Osgi.await("the updated bundle is active", () -> bundle.getState() == Bundle.ACTIVE
                    && bundle.getLastModified() != before);

            // The file opened before the update: read and write through the same descriptor.
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n = open.read(buf, 0);
            assertEquals("before the update\n", new String(buf.array(), 0, n, StandardCharsets.UTF_8));
            open.write(ByteBuffer.wrap("after!".getBytes(StandardCharsets.UTF_8)), 0);
            open.force(true);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertTrue(!sawUnmounted.get(), "the mount stayed in place during the update");
        assertEquals("after! the update\n", Files.readString(source.resolve("sub/deeper/kept.txt")),
                "the write made after the update reached the source");
        // Names the kernel had cached resolve through the new driver (it took over the inode table).
        assertEquals("after! the update\n", Files.readString(mp.resolve("sub/deeper/kept.txt")));
        Files.writeString(mp.resolve("sub/new.txt"), "made by the new version");
        assertEquals("made by the new version", Files.readString(source.resolve("sub/new.txt")));
    }
}
