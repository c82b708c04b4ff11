package fuse.runtime.jna;

/** The FUSE operations the runtime dispatches, for statistics and log lines. */
public enum Op {
    INIT, DESTROY, LOOKUP, FORGET, GETATTR, SETATTR, READLINK, MKNOD, MKDIR, UNLINK, RMDIR, SYMLINK, RENAME, LINK,
    OPEN, READ, WRITE, FLUSH, RELEASE, FSYNC, OPENDIR, READDIR, READDIRPLUS, RELEASEDIR, FSYNCDIR, STATFS, SETXATTR,
    GETXATTR, LISTXATTR, REMOVEXATTR, ACCESS, CREATE, GETLK, SETLK, FLOCK, FALLOCATE, COPY_FILE_RANGE, LSEEK;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The operation's name as libfuse spells it, e.g. {@code copy_file_range}. */
    public String label() {
        return label;
    }
}
