package fuse.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;

/** The runtime mounts every Operations service that has a mount point, and unmounts it when the service leaves. */
class WhiteboardTest {
    @TempDir
    Path tmp;
    ServiceRegistration<Operations> registration;

    /** A one-file driver registered straight from this bundle, no DS, no configuration. */
    static final class OneFile implements Operations {
        static final byte[] CONTENT = "from the whiteboard\n".getBytes(StandardCharsets.US_ASCII);

        @Override
        public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
            if (inode == Fuse.ROOT_INODE) {
                reply.attr(new EntryAttributes().inode(inode).mode(Fuse.S_IFDIR | 0755).nlink(2));
            } else {
                reply.attr(new EntryAttributes().inode(inode).mode(Fuse.S_IFREG | 0444).size(CONTENT.length));
            }
        }

        @Override
        public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
            if (new String(name, StandardCharsets.US_ASCII).equals("file")) {
                reply.entry(new EntryAttributes().inode(2).mode(Fuse.S_IFREG | 0444).size(CONTENT.length));
            } else {
                reply.error(Errno.ENOENT);
            }
        }

        @Override
        public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
            int from = (int) Math.min(offset, CONTENT.length);
            reply.data(CONTENT, from, Math.min(size, CONTENT.length - from));
        }
    }

    @AfterEach
    void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
    }

    @Test
    void aServiceWithAMountpointIsMountedAndUnmountedWithTheService() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("wb"));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, mp.toString());
        props.put(Fuse.DRIVER, "onefile");
        registration = Osgi.context().registerService(Operations.class, new OneFile(), props);
        Osgi.await("the service is mounted", () -> Osgi.mounted(mp));
        assertEquals("onefile", Osgi.mountedFsname(mp));
        assertEquals("from the whiteboard\n", Files.readString(mp.resolve("file")));
        registration.unregister();
        assertFalse(Osgi.mounted(mp), "unmounted by the time unregister returns");
    }

    @Test
    void changingTheMountpointPropertyMovesTheMount() throws Exception {
        Path first = Files.createDirectory(tmp.resolve("first"));
        Path second = Files.createDirectory(tmp.resolve("second"));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, first.toString());
        registration = Osgi.context().registerService(Operations.class, new OneFile(), props);
        Osgi.await("mounted on the first directory", () -> Osgi.mounted(first));
        props.put(Fuse.MOUNTPOINT, second.toString());
        registration.setProperties(props);
        Osgi.await("moved to the second directory", () -> Osgi.mounted(second) && !Osgi.mounted(first));
        assertTrue(Files.exists(second.resolve("file")));
    }

    @Test
    void aServiceWithoutAMountpointIsLeftAlone() throws Exception {
        registration = Osgi.context().registerService(Operations.class, new OneFile(), new Hashtable<>());
        Path mp = Files.createDirectory(tmp.resolve("untouched"));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Fuse.MOUNTPOINT, mp.toString());
        ServiceRegistration<Operations> other = Osgi.context().registerService(Operations.class, new OneFile(), props);
        try {
            // The second service, registered later, is mounted; so the first was processed and skipped.
            Osgi.await("the second service is mounted", () -> Osgi.mounted(mp));
        } finally {
            other.unregister();
        }
    }
}
