package fuse.driver.passthrough;

import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.driver.passthrough.SystemCalls.procPath;
import static fuse.linux.CStrings.terminated;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.driver.passthrough.Node.Link;
import fuse.linux.LibC;

/** Extended attributes, read and written on the backing file through {@code /proc/self/fd} paths. */
final class Xattrs {
    private final Inodes inodes;
    private final Descriptors descriptors;

    Xattrs(Inodes inodes, Descriptors descriptors) {
        this.inodes = inodes;
        this.descriptors = descriptors;
    }

    /**
     * Runs an xattr call on {@code n} by a path that cannot leave the tree: {@code /proc/self/fd/<dir>/<name>} with
     * the l* calls (the pinned parent, one name, the final symlink not followed), or the source itself.
     */
    private <T> T xattrPath(Node n, XattrCall<T> call) {
        if (n == descriptors.root()) {
            return call.run(procPath(descriptors.rootFd()), false);
        }
        Link l = n.link;
        int dirFd = descriptors.openDir(l.parent());
        try {
            // the name may be any bytes but '/' and NUL: build the path as bytes
            byte[] prefix = ("/proc/self/fd/" + dirFd + "/").getBytes(StandardCharsets.US_ASCII);
            byte[] path = new byte[prefix.length + l.name().length + 1];
            System.arraycopy(prefix, 0, path, 0, prefix.length);
            System.arraycopy(l.name(), 0, path, prefix.length, l.name().length);
            return call.run(path, true);
        } finally {
            descriptors.release(dirFd);
        }
    }

    @FunctionalInterface
    private interface XattrCall<T> {
        T run(byte[] path, boolean noFollow);
    }

    /** getxattr: the value, asked again with a larger buffer while it grows (ERANGE). */
    byte[] get(long inode, byte[] name) {
        return xattrPath(inodes.node(inode), (path, l) -> {
            byte[] zname = terminated(name);
            while (true) {
                long size = check(l ? LibC.lgetxattr(path, zname, null, 0) : LibC.getxattr(path, zname, null, 0),
                        "getxattr");
                byte[] buf = new byte[(int) size];
                long got = l ? LibC.lgetxattr(path, zname, buf, size) : LibC.getxattr(path, zname, buf, size);
                if (got >= 0) {
                    return Arrays.copyOf(buf, (int) got);
                }
                if (LibC.errno() != Errno.ERANGE) {
                    throw new FuseException(LibC.errno(), "getxattr");
                }
            }
        });
    }

    /** listxattr: the names, asked again with a larger buffer while the list grows (ERANGE). */
    List<byte[]> list(long inode) {
        return xattrPath(inodes.node(inode), (path, l) -> {
            while (true) {
                long size = check(l ? LibC.llistxattr(path, null, 0) : LibC.listxattr(path, null, 0), "listxattr");
                byte[] buf = new byte[(int) size];
                long got = l ? LibC.llistxattr(path, buf, size) : LibC.listxattr(path, buf, size);
                if (got >= 0) {
                    List<byte[]> out = new ArrayList<>();
                    int start = 0;
                    for (int i = 0; i < got; i++) {
                        if (buf[i] == 0) {
                            out.add(Arrays.copyOfRange(buf, start, i));
                            start = i + 1;
                        }
                    }
                    return out;
                }
                if (LibC.errno() != Errno.ERANGE) {
                    throw new FuseException(LibC.errno(), "listxattr");
                }
            }
        });
    }

    void set(long inode, byte[] name, byte[] value, int flags) {
        xattrPath(inodes.node(inode),
                (path, l) -> check(l ? LibC.lsetxattr(path, terminated(name), value, value.length, flags)
                        : LibC.setxattr(path, terminated(name), value, value.length, flags), "setxattr"));
    }

    void remove(long inode, byte[] name) {
        xattrPath(inodes.node(inode), (path, l) -> check(l ? LibC.lremovexattr(path, terminated(name))
                : LibC.removexattr(path, terminated(name)), "removexattr"));
    }
}
