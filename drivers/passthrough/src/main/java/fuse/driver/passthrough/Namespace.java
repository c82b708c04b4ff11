package fuse.driver.passthrough;

import static fuse.driver.passthrough.Names.checkName;
import static fuse.driver.passthrough.Ownership.own;
import static fuse.driver.passthrough.Ownership.settleMode;
import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.linux.CStrings.terminated;

import com.sun.jna.Memory;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.driver.passthrough.Node.Link;
import fuse.linux.Fcntl;
import fuse.linux.LibC;

/**
 * The names in the source: looking them up, making (nodes, directories, symbolic links, hard links), removing and
 * renaming them, each by one name relative to its directory's descriptor. Known inodes learn where they are now
 * ({@link Inodes}).
 */
final class Namespace {
    private final Inodes inodes;
    private final Descriptors descriptors;

    Namespace(Inodes inodes, Descriptors descriptors) {
        this.inodes = inodes;
        this.descriptors = descriptors;
    }

    // ----- lookups ------------------------------------------------------------------------------------------------

    void lookup(long parent, byte[] name, Reply.Entry reply) {
        checkName(name);
        Node p = inodes.node(parent);
        int dirFd = descriptors.openDir(p);
        try {
            Memory st = STAT.get();
            check(LibC.fstatat(dirFd, terminated(name), st, Fcntl.AT_SYMLINK_NOFOLLOW), "lookup");
            reply.entry(inodes.remember(p, dirFd, name, st));
        } finally {
            descriptors.release(dirFd);
        }
    }

    // ----- making and removing names ------------------------------------------------------------------------------

    /**
     * Creates a name with {@code make}, gives it to the caller with the requested {@code mode} (see
     * {@link Ownership#settleMode}; ignored for symbolic links), and answers its entry.
     */
    private void make(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply, MakeCall make) {
        checkName(name);
        Node p = inodes.node(parent);
        int dirFd = descriptors.openDir(p);
        try {
            check(make.run(dirFd, terminated(name)), "create");
            own(dirFd, name, ctx);
            // the new name through a descriptor: the mode is settled on the file made here, even if the name moved
            int fd = check(LibC.openat(dirFd, terminated(name), Fcntl.O_PATH | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC, 0),
                    "open");
            try {
                settleMode(ctx, dirFd, fd, mode);
                Memory st = STAT.get();
                check(LibC.fstat(fd, st), "stat");
                reply.entry(inodes.remember(p, dirFd, name, st));
            } finally {
                LibC.close(fd);
            }
        } finally {
            descriptors.release(dirFd);
        }
    }

    @FunctionalInterface
    private interface MakeCall {
        int run(int dirFd, byte[] name);
    }

    void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        make(ctx, parent, name, mode, reply, (d, n) -> LibC.mknodat(d, n, mode, rdev));
    }

    void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        make(ctx, parent, name, mode, reply, (d, n) -> LibC.mkdirat(d, n, mode & 07777));
    }

    void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        make(ctx, parent, name, 0777, reply, (d, n) -> LibC.symlinkat(terminated(target), d, n));
    }

    void link(long inode, long newParent, byte[] newName, Reply.Entry reply) {
        checkName(newName);
        Node n = inodes.node(inode);
        Node np = inodes.node(newParent);
        Link l = n.link;
        if (l == null) {
            throw new FuseException(Errno.EPERM, "link of the root");
        }
        int oldDir = descriptors.openDir(l.parent());
        try {
            int newDir = descriptors.openDir(np);
            try {
                check(LibC.linkat(oldDir, terminated(l.name()), newDir, terminated(newName), 0), "link");
                Memory st = STAT.get();
                check(LibC.fstatat(newDir, terminated(newName), st, Fcntl.AT_SYMLINK_NOFOLLOW), "stat");
                reply.entry(inodes.remember(np, newName, st));
            } finally {
                descriptors.release(newDir);
            }
        } finally {
            descriptors.release(oldDir);
        }
    }

    void unlink(long parent, byte[] name, Reply.Empty reply) {
        remove(parent, name, 0, reply);
    }

    void rmdir(long parent, byte[] name, Reply.Empty reply) {
        remove(parent, name, Fcntl.AT_REMOVEDIR, reply);
    }

    private void remove(long parent, byte[] name, int flags, Reply.Empty reply) {
        checkName(name);
        int dirFd = descriptors.openDir(inodes.node(parent));
        try {
            check(LibC.unlinkat(dirFd, terminated(name), flags), "unlink");
            reply.ok();
        } finally {
            descriptors.release(dirFd);
        }
    }

    void rename(long parent, byte[] name, long newParent, byte[] newName, int flags, Reply.Empty reply) {
        checkName(name);
        checkName(newName);
        Node p = inodes.node(parent);
        Node np = inodes.node(newParent);
        int oldDir = descriptors.openDir(p);
        try {
            int newDir = descriptors.openDir(np);
            try {
                check(LibC.renameat2(oldDir, terminated(name), newDir, terminated(newName), flags), "rename");
                relink(newDir, np, newName);
                if ((flags & Fuse.RENAME_EXCHANGE) != 0) {
                    relink(oldDir, p, name);
                }
                reply.ok();
            } finally {
                descriptors.release(newDir);
            }
        } finally {
            descriptors.release(oldDir);
        }
    }

    /** After a rename, points the known inode now at {@code name} in {@code dir} to its new place. */
    private void relink(int dirFd, Node dir, byte[] name) {
        Memory st = STAT.get();
        if (LibC.fstatat(dirFd, terminated(name), st, Fcntl.AT_SYMLINK_NOFOLLOW) == 0) {
            inodes.moved(dir, name, st);
        }
    }
}
