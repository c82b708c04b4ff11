package fuse.driver.passthrough;

import static fuse.driver.passthrough.Names.DOT;
import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.driver.passthrough.SystemCalls.procPath;
import static fuse.linux.CStrings.terminated;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Memory;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.driver.passthrough.Node.Link;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Stat;

/**
 * The descriptors that reach the source tree: the source directory's own, the O_PATH descriptors held for directories
 * the kernel knows, and those opened per operation along a node's remembered (parent, name) chain, each checked to
 * still lead to the node's (device, inode).
 */
final class Descriptors {
    /**
     * Directories the kernel knows keep an O_PATH descriptor, up to this many: a directory renamed or replaced in
     * the source is then still the one the kernel means, and paths resolve in one step. Files never hold one, so the
     * descriptor count stays bounded however many files the kernel caches.
     */
    static final int MAX_HELD_DIRECTORIES = 4096;
    private final AtomicInteger heldDirectories = new AtomicInteger();
    /** The held directory descriptors: borrowed by {@link #openDir}, closed only when the kernel forgets the inode. */
    private final Set<Integer> heldFds = ConcurrentHashMap.newKeySet();

    private final int rootFd;
    private final Node root;

    Descriptors(int rootFd, Node root) {
        this.rootFd = rootFd;
        this.root = root;
    }

    /** The O_PATH descriptor of the source directory, borrowed: never closed but by {@link #close}. */
    int rootFd() {
        return rootFd;
    }

    /** The source directory's node, reached through {@link #rootFd}. */
    Node root() {
        return root;
    }

    /** Closes the descriptors held for {@code known} and the source's; none can be used afterwards. */
    void close(Collection<Node> known) {
        for (Node n : known) {
            unhold(n);
        }
        LibC.close(rootFd);
    }

    /** An O_PATH descriptor of a directory node; the root's is borrowed and must not be closed. */
    int openDir(Node dir) {
        if (dir == root) {
            return rootFd;
        }
        int held = dir.dirFd;
        if (held >= 0) {
            return held;
        }
        Link l = dir.link;
        int parentFd = openDir(l.parent());
        try {
            int fd = LibC.openat(parentFd, terminated(l.name()),
                    Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
            if (fd < 0) {
                int e = LibC.errno();
                throw new FuseException(e == Errno.ENOENT || e == Errno.ENOTDIR ? Errno.ESTALE : e, "open dir");
            }
            return fd;
        } finally {
            release(parentFd);
        }
    }

    /** Closes {@code fd} from {@link #openDir} unless it is borrowed (the source's or a held directory's). */
    void release(int fd) {
        if (fd != rootFd && !heldFds.contains(fd)) {
            LibC.close(fd);
        }
    }

    /**
     * Holds an O_PATH descriptor for a directory node if there is room; {@code parentFd} is a descriptor of its
     * parent.
     */
    void hold(Node n, int parentFd, byte[] name) {
        if (n.dirFd >= 0 || n == root || heldDirectories.incrementAndGet() > MAX_HELD_DIRECTORIES) {
            if (n.dirFd < 0 && n != root) {
                heldDirectories.decrementAndGet();
            }
            return;
        }
        int fd = LibC.openat(parentFd, terminated(name),
                Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
        Memory st = new Memory(Stat.SIZEOF);
        if (fd >= 0 && LibC.fstat(fd, st) == 0 && Stat.dev(st) == n.dev && Stat.ino(st) == n.backingIno) {
            synchronized (n) {
                if (n.dirFd < 0) {
                    heldFds.add(fd);
                    n.dirFd = fd;
                    return;
                }
            }
        }
        if (fd >= 0) {
            LibC.close(fd);
        }
        heldDirectories.decrementAndGet();
    }

    void unhold(Node n) {
        synchronized (n) {
            int fd = n.dirFd;
            if (fd >= 0) {
                n.dirFd = -1;
                heldFds.remove(fd);
                LibC.close(fd);
                heldDirectories.decrementAndGet();
            }
        }
    }

    /** Opens {@code n} itself with {@code flags} (O_NOFOLLOW added), checking it is still the same file. */
    int openNode(Node n, int flags) {
        if (n == root) {
            return check(LibC.openat(rootFd, terminated(DOT), flags | Fcntl.O_CLOEXEC, 0), "open source");
        }
        int held = n.dirFd;
        if (held >= 0) {
            return check(LibC.openat(held, terminated(DOT), flags | Fcntl.O_CLOEXEC, 0), "open directory");
        }
        Link l = n.link;
        int parentFd = openDir(l.parent());
        int fd;
        try {
            fd = LibC.openat(parentFd, terminated(l.name()), flags | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0);
        } finally {
            release(parentFd);
        }
        Memory st = STAT.get();
        if (fd >= 0 && LibC.fstat(fd, st) == 0 && Stat.dev(st) == n.dev && Stat.ino(st) == n.backingIno) {
            return fd;
        }
        int e = fd < 0 ? LibC.errno() : Errno.ESTALE;
        if (fd >= 0) {
            LibC.close(fd);
        }
        // The name is gone or means another file now; an open handle still reaches this one (unlink while open).
        for (Integer open : n.openFds) {
            int reopened = LibC.openat(Fcntl.AT_FDCWD, procPath(open), flags | Fcntl.O_CLOEXEC, 0);
            if (reopened >= 0) {
                return reopened;
            }
        }
        throw new FuseException(e == Errno.ENOENT ? Errno.ESTALE : e, "open");
    }

    /** Stats {@code n} through its parent and name (no descriptor of its own), checking identity. */
    Memory stat(Node n) {
        Memory st = STAT.get();
        if (n == root) {
            check(LibC.fstat(rootFd, st), "fstat");
            return st;
        }
        int held = n.dirFd;
        if (held >= 0) {
            check(LibC.fstat(held, st), "fstat");
            return st;
        }
        Link l = n.link;
        int parentFd = openDir(l.parent());
        int rc;
        try {
            rc = LibC.fstatat(parentFd, terminated(l.name()), st, Fcntl.AT_SYMLINK_NOFOLLOW);
        } finally {
            release(parentFd);
        }
        if (rc == 0 && Stat.dev(st) == n.dev && Stat.ino(st) == n.backingIno) {
            return st;
        }
        int e = rc < 0 ? LibC.errno() : Errno.ESTALE;
        for (Integer open : n.openFds) {
            if (LibC.fstat(open, st) == 0) {
                return st; // unlinked (or renamed away in the source) but still open
            }
        }
        throw new FuseException(e == Errno.ENOENT ? Errno.ESTALE : e, "stat");
    }
}
