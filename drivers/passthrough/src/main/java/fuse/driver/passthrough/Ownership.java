package fuse.driver.passthrough;

import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.driver.passthrough.SystemCalls.procPath;
import static fuse.linux.CStrings.terminated;

import com.sun.jna.Memory;

import fuse.api.Fuse;
import fuse.api.RequestContext;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Stat;
import fuse.utils.posix.Caller;
import fuse.utils.posix.NewInode;
import fuse.utils.posix.Privileges;

/**
 * What the caller's credentials would have done to a file, done by the driver, which runs as root: a file made for
 * the caller gets the caller's owner and group and the mode asked for, and a write, truncation or chown by anyone but
 * root takes away the set-user-ID and set-group-ID bits a local file system would take.
 */
final class Ownership {
    private Ownership() {
    }

    /** Gives a file made for the caller the caller's owner and group (the driver runs as root). */
    static void own(int dirFd, byte[] name, RequestContext ctx) {
        if (ctx.uid() != 0 || ctx.gid() != 0) {
            // In a set-group-id directory the new name already has the directory's group, as POSIX wants: keep it.
            Memory dir = STAT.get();
            boolean inherit = LibC.fstat(dirFd, dir) == 0 && (Stat.mode(dir) & Fuse.S_ISGID) != 0;
            LibC.fchownat(dirFd, terminated(name), ctx.uid(), inherit ? -1 : ctx.gid(), Fcntl.AT_SYMLINK_NOFOLLOW);
        }
    }

    /**
     * Gives the file {@code fd} refers to, just made for {@code ctx} in the directory {@code dirFd}, the mode the
     * request asked for, as a local file system would. The backing call made it with this process's umask too (the
     * kernel had already applied the caller's: a caller with umask 0 asking for 0620 got 0600 under the JVM's 022),
     * and {@link #own}'s chown, made as root, took set-user-ID and set-group-ID away. What stays as the backing file
     * system made it: a directory in a set-group-ID directory keeps the set-group-ID it inherited
     * ({@link NewInode#mode}). Symbolic links have no mode of their own.
     */
    static void settleMode(RequestContext ctx, int dirFd, int fd, int requested) {
        Memory st = STAT.get();
        check(LibC.fstat(fd, st), "fstat");
        int mode = Stat.mode(st);
        int gid = st.getInt(Stat.ST_GID);
        if (Fuse.isSymlink(mode)) {
            return;
        }
        check(LibC.fstat(dirFd, st), "fstat");
        int wanted = NewInode.mode(ctx, (mode & Fuse.S_IFMT) | NewInode.permissions(ctx, requested), Stat.mode(st),
                gid);
        if ((wanted & 07777) != (mode & 07777)) {
            check(LibC.chmod(procPath(fd), wanted & 07777), "chmod");
        }
    }

    /**
     * Takes set-user-ID and set-group-ID from the regular file {@code fd} refers to once {@code ctx} wrote or
     * truncated it, as a local file system does for a caller without CAP_FSETID ({@link Privileges}): the backing
     * call is made by this process, as root, which keeps them. The kernel leaves all of it to passthrough: it
     * negotiates {@code FUSE_HANDLE_KILLPRIV_V2} (see {@link Passthrough#init}).
     */
    static void dropPrivileges(RequestContext ctx, int fd) {
        if (Caller.isRoot(ctx)) {
            return;
        }
        Memory st = STAT.get();
        check(LibC.fstat(fd, st), "fstat");
        int mode = Stat.mode(st);
        if (!Fuse.isRegularFile(mode)) {
            return;
        }
        int kept = Privileges.afterTruncate(mode, st.getInt(Stat.ST_GID), ctx);
        if (kept != mode) {
            check(LibC.chmod(procPath(fd), kept & 07777), "chmod");
        }
    }

    /**
     * Takes set-group-ID from the file {@code fd} refers to once {@code ctx} changed its owner or group, when
     * {@code ctx} is neither root nor a member of {@code group}, the file's group before the change
     * ({@link Privileges#afterChown}, Linux 6.2+). The backing chown is made by this process, as root, which keeps a
     * set-group-ID without group execute; it took set-user-ID and a group-executable set-group-ID away itself.
     */
    static void dropPrivilegesAfterChown(RequestContext ctx, int fd, int group) {
        if (Caller.isRoot(ctx)) {
            return;
        }
        Memory st = STAT.get();
        check(LibC.fstat(fd, st), "fstat");
        int mode = Stat.mode(st);
        if (Fuse.isSymlink(mode)) {
            return;
        }
        int kept = Privileges.afterChown(mode, group, ctx);
        if (kept != mode) {
            check(LibC.chmod(procPath(fd), kept & 07777), "chmod");
        }
    }
}
