package fuse.driver.memfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import fuse.api.ConnectionInfo;
import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.utils.posix.InodeFlags;
import fuse.utils.posix.XattrRules;

/**
 * The extended attributes of a mount's inodes: each node's map ({@link Node#xattrs}, made on first use), changed
 * under the node's monitor, every name and value charged to the capacity and the heap budget ({@link Inodes}).
 * Values are replaced, never changed in place, so a value read may be answered without a copy.
 */
final class Xattrs {
    /** The xattr holding a file's capabilities, in {@link Node#key}'s form. */
    private static final String FILE_CAPABILITY = "security.capability";

    private final Inodes inodes;

    Xattrs(Inodes inodes) {
        this.inodes = inodes;
    }

    /** setxattr: {@code XATTR_CREATE} and {@code XATTR_REPLACE} are checked and applied in one step. */
    void set(long inode, byte[] name, byte[] value, int flags) {
        XattrRules.checkSet(name, value, flags); // POSIX ACLs are refused: see XattrRules
        Node n = inodes.node(inode);
        String key = Node.key(name);
        synchronized (n) {
            InodeFlags.checkSetattr(n.inodeFlags, false);
            byte[] old = n.xattrs == null ? null : n.xattrs.get(key);
            XattrRules.checkPresence(old != null, flags);
            long delta = old == null ? name.length + value.length : value.length - old.length;
            if (delta >= 0) {
                inodes.reserveHeapBytes(delta);
            } else {
                inodes.releaseHeapBytes(-delta);
            }
            if (n.xattrs == null) {
                n.xattrs = new HashMap<>(4);
            }
            n.xattrs.put(key, value.clone());
            n.changed(Node.now(), false);
        }
    }

    /** getxattr: the value, not a copy (values are never changed in place); ENODATA when there is none. */
    byte[] get(long inode, byte[] name) {
        Node n = inodes.node(inode);
        byte[] value;
        synchronized (n) {
            value = n.xattrs == null ? null : n.xattrs.get(Node.key(name));
        }
        if (value == null) {
            throw new FuseException(Errno.ENODATA);
        }
        return value;
    }

    /** listxattr: the names. */
    List<byte[]> list(long inode) {
        Node n = inodes.node(inode);
        List<byte[]> names = new ArrayList<>();
        synchronized (n) {
            if (n.xattrs != null) {
                for (String k : n.xattrs.keySet()) {
                    names.add(k.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return names;
    }

    /** removexattr; ENODATA when there is no such xattr. */
    void remove(long inode, byte[] name) {
        Node n = inodes.node(inode);
        String key = Node.key(name);
        synchronized (n) {
            InodeFlags.checkSetattr(n.inodeFlags, false);
            byte[] old = n.xattrs == null ? null : n.xattrs.remove(key);
            if (old == null) {
                throw new FuseException(Errno.ENODATA);
            }
            inodes.releaseHeapBytes(name.length + old.length);
            n.changed(Node.now(), false);
        }
    }

    /**
     * Removes the file's {@code security.capability}, as Linux does on every write and truncate whoever the caller:
     * the kernel leaves that to memfs ({@link ConnectionInfo#CAP_HANDLE_KILLPRIV_V2}). Call holding {@code n}'s
     * monitor.
     */
    void dropFileCapability(Node n) {
        byte[] old = n.xattrs == null ? null : n.xattrs.remove(FILE_CAPABILITY);
        if (old != null) {
            inodes.releaseHeapBytes(FILE_CAPABILITY.length() + old.length);
        }
    }
}
