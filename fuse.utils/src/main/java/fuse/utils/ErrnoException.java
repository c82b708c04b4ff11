package fuse.utils;

import java.io.IOException;
import java.nio.file.Path;

import fuse.api.Errno;

/**
 * A system call failed with an errno: pyfuse3's {@code OSError} with its {@code errno} attribute.
 *
 * <p>Callers switch on {@link #errno()} against the constants of {@link Errno}, exactly as the pyfuse3 examples
 * compare {@code e.errno} with {@code errno.ENOENT}:
 * <pre>{@code
 * try {
 *     List<String> names = FuseUtils.listdir(dir);
 * } catch (ErrnoException e) {
 *     switch (e.errno()) {
 *         case Errno.ENOENT -> System.out.println("Directory not found");
 *         case Errno.ENOTDIR -> System.out.println("Not a directory");
 *         case Errno.EACCES -> System.out.println("Permission denied");
 *         default -> throw e;
 *     }
 * }
 * }</pre>
 *
 * <p>The message names the failed call, the path and the errno symbol, e.g.
 * {@code "open /mnt/x: ENOENT (No such file or directory)"}. Instances are immutable.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final transient Path path;
    private final String operation;

    /**
     * Creates an exception for a failed call on a path.
     *
     * @param errno the positive errno value (see {@link Errno})
     * @param operation the failed call, e.g. {@code "open"}, or {@code null}
     * @param path the path the call was made on, or {@code null}
     * @param detail more context for the message (e.g. an xattr name), or {@code null}
     * @throws IllegalArgumentException if {@code errno} is not positive
     */
    public ErrnoException(int errno, String operation, Path path, String detail) {
        super(message(errno, operation, path, detail));
        if (errno <= 0) {
            throw new IllegalArgumentException("errno must be positive, was " + errno);
        }
        this.errno = errno;
        this.operation = operation;
        this.path = path;
    }

    /**
     * Creates an exception for a failed call on a path, without further detail.
     *
     * @param errno the positive errno value (see {@link Errno})
     * @param operation the failed call, e.g. {@code "open"}, or {@code null}
     * @param path the path the call was made on, or {@code null}
     * @throws IllegalArgumentException if {@code errno} is not positive
     */
    public ErrnoException(int errno, String operation, Path path) {
        this(errno, operation, path, null);
    }

    /** The positive errno value, one of the constants of {@link Errno}. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "ENOENT"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The path the failed call was made on; {@code null} if none was given (or after deserialization). */
    public Path path() {
        return path;
    }

    /** The failed call, e.g. {@code "open"} or {@code "getxattr"}; may be {@code null}. */
    public String operation() {
        return operation;
    }

    private static String message(int errno, String operation, Path path, String detail) {
        StringBuilder sb = new StringBuilder();
        if (operation != null) {
            sb.append(operation).append(' ');
        }
        if (path != null) {
            sb.append(path);
        }
        if (detail != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(detail);
        }
        if (!sb.isEmpty()) {
            sb.append(": ");
        }
        return sb.append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')').toString();
    }
}
