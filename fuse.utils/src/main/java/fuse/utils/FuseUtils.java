package fuse.utils;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.linux.CStrings;
import fuse.linux.Dirent64;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Platform;

/**
 * pyfuse3's module-level utility functions: {@code listdir}, {@code syncfs}, {@code get_sup_groups},
 * {@code readdir_reply} and the {@code setxattr} / {@code getxattr} helpers (plus {@code listxattr} and
 * {@code removexattr}). See the {@linkplain fuse.utils package documentation} for the full correspondence.
 *
 * <h2>Paths</h2>
 * Path arguments must belong to the default file system (else {@link java.nio.file.ProviderMismatchException}). They
 * are passed to the kernel as {@code path.toString()} encoded in the JDK's file name charset (the
 * {@code sun.jnu.encoding} system property, UTF-8 on a UTF-8 locale), the same encoding {@link java.nio.file.Files}
 * uses, so a path names the same file here as there. A path that cannot be encoded strictly raises
 * {@link java.nio.file.InvalidPathException}. Relative paths are resolved against the process's working directory,
 * as by the JDK.
 *
 * <h2>Errors</h2>
 * A failed system call raises {@link ErrnoException} carrying the errno, the path and the call's name. These helpers
 * are implemented for Linux on the architectures whose system call ABI the project has verified (x86_64); on other
 * platforms they throw {@link UnsupportedOperationException} with a one-line reason.
 *
 * <h2>Threads</h2>
 * Every method here is thread-safe and holds no lock while it blocks in the kernel, so it may be called on a path
 * inside a FUSE mount served by this same JVM: the request it causes is served by one of the session's reader threads.
 * (Calling them from a reader thread of that same mount ties up that reader until the request is answered; the
 * runtime starts another reader when none is left waiting, up to its {@link Fuse#MAX_THREADS} bound.)
 */
public final class FuseUtils {
    /** Bytes of one getdents64 buffer: large enough for ~1000 typical entries per system call. */
    private static final int DIRENT_BUFFER_SIZE = 32 * 1024;
    /** How often getxattr/listxattr re-probe the size when the value grows between probe and read. */
    private static final int XATTR_SIZE_RETRIES = 16;

    private FuseUtils() {
    }

    // ----- listdir ---------------------------------------------------------------------------------------------------

    /**
     * Lists the names in a directory, as {@code os.listdir} / pyfuse3's {@code listdir}: names only, without
     * {@code .} and {@code ..}, in no particular order.
     *
     * <p><b>Decoding.</b> Names are decoded strictly from the JDK's file name charset ({@code sun.jnu.encoding}), so
     * every name equals the file name {@link java.nio.file.Files#list} shows for it. A name that is not valid in
     * that charset is never replaced or mangled: the call fails with {@link Errno#EILSEQ} naming the directory and
     * the offending bytes. Use {@link #listdirBytes} for directories that may hold such names.
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#ENOENT} the path does not exist,
     * {@link Errno#ENOTDIR} it is not a directory, {@link Errno#EACCES} no read permission, {@link Errno#EILSEQ}
     * a name is not valid in the charset; any other errno of open(2) or getdents64(2) as it comes.
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM). Blocks while the file system
     * answers.
     *
     * @param path the directory (a symbolic link to a directory is followed)
     * @return a new, modifiable list of the names
     * @throws ErrnoException when the directory cannot be read, or a name cannot be decoded
     */
    public static List<String> listdir(Path path) throws ErrnoException {
        List<byte[]> raw = listdirBytes(path);
        List<String> names = new ArrayList<>(raw.size());
        for (byte[] name : raw) {
            try {
                names.add(NativeNames.decode(name));
            } catch (CharacterCodingException e) {
                throw new ErrnoException(Errno.EILSEQ, "listdir", path, "(entry name 0x"
                        + HexFormat.of().formatHex(name) + " is not valid " + NativeNames.CHARSET
                        + "; use listdirBytes)");
            }
        }
        return names;
    }

    /**
     * Lists the names in a directory as the exact bytes the file system returned: names only, without {@code .} and
     * {@code ..}, in no particular order. Unlike {@link #listdir} this never fails on a name's encoding.
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#ENOENT} the path does not exist,
     * {@link Errno#ENOTDIR} it is not a directory, {@link Errno#EACCES} no read permission; any other errno of
     * open(2) or getdents64(2) as it comes.
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the directory (a symbolic link to a directory is followed)
     * @return a new, modifiable list of new arrays, one per name (no NUL terminator)
     * @throws ErrnoException when the directory cannot be opened or read
     */
    public static List<byte[]> listdirBytes(Path path) throws ErrnoException {
        Platform.requireSupported("FuseUtils.listdir");
        int fd = LibC.open(NativeNames.path(path), Fuse.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        if (fd < 0) {
            throw new ErrnoException(LibC.errno(), "open", path);
        }
        List<byte[]> names = new ArrayList<>();
        try (Memory buffer = new Memory(DIRENT_BUFFER_SIZE)) {
            while (true) {
                long filled = LibC.getdents64(fd, buffer, DIRENT_BUFFER_SIZE);
                if (filled < 0) {
                    int errno = LibC.errno();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw new ErrnoException(errno, "getdents64", path);
                }
                if (filled == 0) {
                    return names;
                }
                for (long offset = 0; offset < filled; ) {
                    int recordLength = Short.toUnsignedInt(buffer.getShort(offset + Dirent64.D_RECLEN));
                    // d_name is NUL-terminated and padded within the record
                    byte[] field = buffer.getByteArray(offset + Dirent64.D_NAME, recordLength - Dirent64.D_NAME);
                    byte[] name = Arrays.copyOf(field, CStrings.length(field));
                    if (!isDotOrDotDot(name)) {
                        names.add(name);
                    }
                    offset += recordLength;
                }
            }
        } finally {
            // The descriptor is released even when close reports an error (Linux), and a read-only directory
            // descriptor has nothing to flush: there is nothing useful to report.
            LibC.close(fd);
        }
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    // ----- syncfs ----------------------------------------------------------------------------------------------------

    /**
     * Commits the buffered changes of the whole file system containing {@code path} to stable storage: opens the path
     * read-only (directories allowed), calls syncfs(2) on it and closes it. As pyfuse3's {@code syncfs}.
     *
     * <p>The path is opened with {@code O_NONBLOCK} as well, so that a FIFO or device node does not block the open;
     * for regular files and directories it changes nothing.
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): those of open(2) ({@link Errno#ENOENT} missing,
     * {@link Errno#EACCES} not readable, ...) and of syncfs(2) ({@link Errno#EIO}, {@link Errno#ENOSPC}, ...). An
     * error of the final close is ignored (the descriptor is released anyway).
     *
     * <p><b>Threads:</b> thread-safe; may block for a long time. It holds no lock, so on a path inside a mount served
     * by this JVM the resulting requests are served by the mount's reader threads and it does not deadlock.
     *
     * @param path any file or directory on the file system to sync
     * @return {@code path}, the argument itself
     * @throws ErrnoException when open or syncfs fails
     */
    public static Path syncfs(Path path) throws ErrnoException {
        Platform.requireSupported("FuseUtils.syncfs");
        int fd = LibC.open(NativeNames.path(path), Fuse.O_RDONLY | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
        if (fd < 0) {
            throw new ErrnoException(LibC.errno(), "open", path);
        }
        try {
            if (LibC.syncfs(fd) != 0) {
                throw new ErrnoException(LibC.errno(), "syncfs", path);
            }
            return path;
        } finally {
            LibC.close(fd);
        }
    }

    // ----- get_sup_groups --------------------------------------------------------------------------------------------

    /**
     * The supplementary group ids of a process: the {@code Groups:} line of {@code /proc/<pid>/status}, as pyfuse3's
     * {@code get_sup_groups}. The primary group is not included unless it is also a supplementary group (use
     * {@link fuse.api.RequestContext#gid()} for it). Reads {@code /proc} on every call; drivers that call it per
     * request should use a {@link SupplementaryGroups} cache instead.
     *
     * <p><b>Errors:</b> {@link java.nio.file.NoSuchFileException} when the process does not exist (pyfuse3's
     * {@code FileNotFoundError}); {@link IllegalStateException} naming the file when it has no parseable
     * {@code Groups:} line (pyfuse3's {@code RuntimeError}); any other {@link IOException} of reading the file.
     *
     * <p><b>Threads:</b> thread-safe; blocks briefly on the read of {@code /proc}.
     *
     * @param pid a process or thread id (FUSE request contexts carry thread ids; {@code /proc} serves both)
     * @return a new, unmodifiable set; empty when the process has no supplementary groups
     * @throws IOException when the status file cannot be read, {@link java.nio.file.NoSuchFileException} if the
     *         process does not exist
     */
    public static Set<Integer> getSupGroups(int pid) throws IOException {
        return SupplementaryGroups.read(SupplementaryGroups.PROC, pid);
    }

    // ----- readdir_reply ---------------------------------------------------------------------------------------------

    /**
     * Adds one entry to the page of a {@code readdir} call, as pyfuse3's {@code readdir_reply}; delegates to
     * {@link Reply.Directory#add} after checking the arguments.
     *
     * <p>Returns {@code false} when the kernel's buffer is full: the entry was NOT added and the driver must stop
     * (then {@link Reply.Directory#done()}) without counting a lookup for it; the kernel asks again with the
     * {@code nextId} of the last added entry. Returns {@code true} otherwise; in a READDIRPLUS page
     * ({@link Reply.Directory#isPlus()}) the entry then counts as one lookup of its inode, except {@code .} and
     * {@code ..}. A full buffer is never an exception.
     *
     * <p><b>Errors:</b> {@link IllegalArgumentException} if {@code name} is empty, longer than
     * {@value Fuse#NAME_MAX} bytes or contains {@code '/'} or NUL, or if {@code nextId} is not positive (it must also
     * be greater than the offset the {@code readdir} call received, which the token does not expose, so that part is
     * the caller's duty); {@link IllegalStateException} if the token's reply was already sent ({@code done()} or
     * {@code error()}), i.e. the token is used after its {@code readdir} finished: a programming error, reported
     * clearly and never touching freed memory (the check is also made by {@link Reply.Directory#add} itself, so a
     * race with another thread's {@code done()} ends the same way); {@link NullPointerException} for null
     * arguments.
     *
     * <p><b>Threads:</b> not for concurrent use on one token (like pyfuse3: call it from the handler, or from the one
     * thread that finishes the listing); different tokens are independent.
     *
     * @param token the reply handle the {@code readdir} call received (pyfuse3's {@code ReaddirToken})
     * @param name the entry name as bytes
     * @param attributes the entry's attributes; in a READDIRPLUS page they are cached by the kernel like a
     *        {@code lookup} answer, so they must be complete (size, times, timeouts); for plain READDIR only the
     *        inode and the file type bits are used
     * @param nextId the offset the kernel passes back as {@code offset} to continue after this entry
     * @return whether the entry was added
     */
    public static boolean readdirReply(Reply.Directory token, byte[] name, EntryAttributes attributes, long nextId) {
        checkName(name);
        if (attributes == null) {
            throw new NullPointerException("attributes");
        }
        if (nextId <= 0) {
            throw new IllegalArgumentException("nextId must be positive (greater than the readdir offset), was "
                    + nextId);
        }
        if (token.isAnswered()) {
            throw new IllegalStateException("readdir token used after its reply was sent (done() or error() was "
                    + "called): entries can only be added while the readdir request is unanswered");
        }
        return token.add(name, attributes, nextId);
    }

    private static void checkName(byte[] name) {
        if (name.length == 0 || name.length > Fuse.NAME_MAX) {
            throw new IllegalArgumentException("a name must have 1 to " + Fuse.NAME_MAX + " bytes, this one has "
                    + name.length);
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new IllegalArgumentException("a name must not contain '/' or NUL: 0x"
                        + HexFormat.of().formatHex(name));
            }
        }
    }

    // ----- xattr helpers ---------------------------------------------------------------------------------------------

    /**
     * Sets an extended attribute, creating or replacing it (pyfuse3's {@code setxattr(path, name, value)}).
     * Same as {@link #setxattr(Path, byte[], byte[], int, LinkOption...) setxattr(path, name, value, 0, options)}.
     *
     * <p><b>Errors:</b> as {@link #setxattr(Path, byte[], byte[], int, LinkOption...)}, without the flag-related
     * ones. <b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the file
     * @param name the attribute name with its namespace, e.g. {@code "user.comment"} as bytes (no NUL)
     * @param value the value, any bytes
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a symbolic link itself
     * @throws ErrnoException when the call fails
     */
    public static void setxattr(Path path, byte[] name, byte[] value, LinkOption... options) throws ErrnoException {
        setxattr(path, name, value, 0, options);
    }

    /**
     * Sets an extended attribute with setxattr(2) (lsetxattr(2) with {@link LinkOption#NOFOLLOW_LINKS}).
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#EEXIST} with {@link Fuse#XATTR_CREATE} when it
     * exists, {@link Errno#ENODATA} (alias {@link Errno#ENOATTR}) with {@link Fuse#XATTR_REPLACE} when it does not,
     * {@link Errno#EOPNOTSUPP} when the file system or namespace does not support xattrs, {@link Errno#ERANGE} for
     * a name or value that is too long, {@link Errno#ENOENT}, {@link Errno#EACCES}, {@link Errno#EPERM} ...;
     * {@link IllegalArgumentException} if {@code name} contains NUL.
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the file
     * @param name the attribute name with its namespace, e.g. {@code "user.comment"} as bytes (no NUL)
     * @param value the value, any bytes
     * @param flags 0, {@link Fuse#XATTR_CREATE} or {@link Fuse#XATTR_REPLACE}
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a symbolic link itself
     * @throws ErrnoException when the call fails
     */
    public static void setxattr(Path path, byte[] name, byte[] value, int flags, LinkOption... options)
            throws ErrnoException {
        Platform.requireSupported("FuseUtils.setxattr");
        byte[] p = NativeNames.path(path);
        byte[] n = xattrName(name);
        boolean follow = follow(options);
        int rc = follow ? LibC.setxattr(p, n, value, value.length, flags)
                : LibC.lsetxattr(p, n, value, value.length, flags);
        if (rc != 0) {
            throw xattrError(follow ? "setxattr" : "lsetxattr", path, name);
        }
    }

    /**
     * Reads an extended attribute with getxattr(2) (lgetxattr(2) with {@link LinkOption#NOFOLLOW_LINKS}), as
     * pyfuse3's {@code getxattr(path, name)}: probes the size, reads, and probes again if the value grew in between.
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#ENODATA} (alias {@link Errno#ENOATTR}) when
     * the attribute does not exist, {@link Errno#EOPNOTSUPP} when xattrs are not supported, {@link Errno#ERANGE} if
     * the value kept growing over 16 attempts, {@link Errno#ENOENT},
     * {@link Errno#EACCES} ...; {@link IllegalArgumentException} if {@code name} contains NUL.
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the file
     * @param name the attribute name with its namespace, as bytes (no NUL)
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a symbolic link itself
     * @return a new array holding the value
     * @throws ErrnoException when the call fails
     */
    public static byte[] getxattr(Path path, byte[] name, LinkOption... options) throws ErrnoException {
        Platform.requireSupported("FuseUtils.getxattr");
        byte[] p = NativeNames.path(path);
        byte[] n = xattrName(name);
        boolean follow = follow(options);
        String call = follow ? "getxattr" : "lgetxattr";
        for (int attempt = 1; ; attempt++) {
            long size = follow ? LibC.getxattr(p, n, null, 0) : LibC.lgetxattr(p, n, null, 0);
            if (size < 0) {
                throw xattrError(call, path, name);
            }
            if (size == 0) {
                return new byte[0];
            }
            byte[] value = new byte[(int) size];
            long read = follow ? LibC.getxattr(p, n, value, size) : LibC.lgetxattr(p, n, value, size);
            if (read >= 0) {
                return read == size ? value : Arrays.copyOf(value, (int) read);
            }
            if (LibC.errno() != Errno.ERANGE || attempt == XATTR_SIZE_RETRIES) {
                throw xattrError(call, path, name);
            }
        }
    }

    /**
     * Lists the names of a file's extended attributes with listxattr(2) (llistxattr(2) with
     * {@link LinkOption#NOFOLLOW_LINKS}). Only the names the caller may see are listed (e.g. {@code trusted.*} needs
     * CAP_SYS_ADMIN).
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#EOPNOTSUPP} when xattrs are not supported,
     * {@link Errno#ERANGE} if the list kept growing over 16 attempts, {@link Errno#ENOENT},
     * {@link Errno#EACCES} ...
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a symbolic link itself
     * @return a new, modifiable list of new arrays, one per name (no NUL terminator), in the file system's order
     * @throws ErrnoException when the call fails
     */
    public static List<byte[]> listxattr(Path path, LinkOption... options) throws ErrnoException {
        Platform.requireSupported("FuseUtils.listxattr");
        byte[] p = NativeNames.path(path);
        boolean follow = follow(options);
        String call = follow ? "listxattr" : "llistxattr";
        for (int attempt = 1; ; attempt++) {
            long size = follow ? LibC.listxattr(p, null, 0) : LibC.llistxattr(p, null, 0);
            if (size < 0) {
                throw new ErrnoException(LibC.errno(), call, path);
            }
            if (size == 0) {
                return new ArrayList<>();
            }
            byte[] list = new byte[(int) size];
            long read = follow ? LibC.listxattr(p, list, size) : LibC.llistxattr(p, list, size);
            if (read >= 0) {
                return splitNames(list, (int) read);
            }
            int errno = LibC.errno();
            if (errno != Errno.ERANGE || attempt == XATTR_SIZE_RETRIES) {
                throw new ErrnoException(errno, call, path);
            }
        }
    }

    /**
     * Removes an extended attribute with removexattr(2) (lremovexattr(2) with {@link LinkOption#NOFOLLOW_LINKS}).
     *
     * <p><b>Errors</b> ({@link ErrnoException#errno()}): {@link Errno#ENODATA} (alias {@link Errno#ENOATTR}) when
     * the attribute does not exist, {@link Errno#EOPNOTSUPP}, {@link Errno#ENOENT}, {@link Errno#EACCES},
     * {@link Errno#EPERM} ...; {@link IllegalArgumentException} if {@code name} contains NUL.
     *
     * <p><b>Threads:</b> thread-safe; holds no lock (safe on a mount served by this JVM).
     *
     * @param path the file
     * @param name the attribute name with its namespace, as bytes (no NUL)
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a symbolic link itself
     * @throws ErrnoException when the call fails
     */
    public static void removexattr(Path path, byte[] name, LinkOption... options) throws ErrnoException {
        Platform.requireSupported("FuseUtils.removexattr");
        byte[] p = NativeNames.path(path);
        byte[] n = xattrName(name);
        boolean follow = follow(options);
        int rc = follow ? LibC.removexattr(p, n) : LibC.lremovexattr(p, n);
        if (rc != 0) {
            throw xattrError(follow ? "removexattr" : "lremovexattr", path, name);
        }
    }

    private static boolean follow(LinkOption... options) {
        for (LinkOption option : options) {
            if (option == LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        return true;
    }

    private static byte[] xattrName(byte[] name) {
        for (byte b : name) {
            if (b == 0) {
                throw new IllegalArgumentException("an xattr name must not contain NUL: 0x"
                        + HexFormat.of().formatHex(name));
            }
        }
        return CStrings.terminated(name);
    }

    private static ErrnoException xattrError(String call, Path path, byte[] name) {
        int errno = LibC.errno();
        return new ErrnoException(errno, call, path, printable(name));
    }

    /** An xattr name for a message: as text when it is printable ASCII (the usual case), else as hex. */
    private static String printable(byte[] name) {
        for (byte b : name) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(name);
            }
        }
        return new String(name, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static List<byte[]> splitNames(byte[] list, int length) {
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(Arrays.copyOfRange(list, start, i));
                }
                start = i + 1;
            }
        }
        if (start < length) {
            names.add(Arrays.copyOfRange(list, start, length));
        }
        return names;
    }
}
