package fuse.linux;

/**
 * {@code struct pollfd} and the poll(2) events the project uses ({@code <poll.h>}). Offsets in bytes; checked by the
 * ABI test.
 */
public final class Poll {
    private Poll() {
    }

    /** Bytes of one {@code struct pollfd}. */
    public static final int SIZEOF = 8;
    /** Offset of {@code int fd}. */
    public static final int FD = 0;
    /** Offset of {@code short events}. */
    public static final int EVENTS = 4;
    /** Offset of {@code short revents}. */
    public static final int REVENTS = 6;

    /** Event: there is data to read. */
    public static final short POLLIN = 1;
}
