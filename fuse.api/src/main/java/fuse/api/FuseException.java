package fuse.api;

/**
 * The way a driver fails a request with a chosen errno: pyfuse3's {@code FUSEError}.
 *
 * <p>Thrown from an {@link Operations} method (or passed to {@link Reply#error(int)} as its {@link #errno()}), it makes
 * the runtime answer the request with that errno and log nothing: an errno is an answer, not a fault. Any other
 * {@link Throwable} escaping an operation is answered with {@link Errno#EIO} and logged with its stack trace.
 *
 * <p>The stack trace is not filled in: drivers throw this on hot paths ({@code ENOENT} from {@code lookup}) and the
 * trace would cost more than the request.
 */
public class FuseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * Creates an exception for a positive errno value.
     *
     * @param errno a positive errno value from {@link Errno}
     * @throws IllegalArgumentException if {@code errno} is not positive
     */
    public FuseException(int errno) {
        this(errno, null);
    }

    /**
     * Creates an exception for a positive errno value with an explanatory detail (shown in logs and messages only).
     *
     * @param errno a positive errno value from {@link Errno}
     * @param detail what failed, e.g. a path; may be {@code null}
     */
    public FuseException(int errno, String detail) {
        super(message(errno, detail), null, false, false);
        if (errno <= 0) {
            throw new IllegalArgumentException("errno must be positive, was " + errno);
        }
        this.errno = errno;
    }

    /** The positive errno value this exception answers with. */
    public int errno() {
        return errno;
    }

    /** The symbolic name of {@link #errno()}, e.g. {@code "ENOENT"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    private static String message(int errno, String detail) {
        String base = Errno.name(errno) + " (" + Errno.describe(errno) + ")";
        return detail == null ? base : detail + ": " + base;
    }
}
