package fuse.linux;

import com.sun.jna.Pointer;

import fuse.api.FileLock;
import fuse.api.Fuse;

/**
 * {@code struct flock} ({@code <fcntl.h>}) and its conversion to and from {@link FileLock}. Offsets in bytes;
 * checked by the ABI test. {@code l_len} 0 means "to the end of the file", which {@link FileLock} writes as an
 * {@link FileLock#end() end} of {@link Long#MAX_VALUE}.
 */
public final class Flock {
    private Flock() {
    }

    /** Bytes of {@code struct flock}. */
    public static final int SIZEOF = 32;
    /** Offset of {@code short l_type}. */
    public static final int L_TYPE = 0;
    /** Offset of {@code short l_whence}. */
    public static final int L_WHENCE = 2;
    /** Offset of {@code off_t l_start}. */
    public static final int L_START = 8;
    /** Offset of {@code off_t l_len}. */
    public static final int L_LEN = 16;
    /** Offset of {@code pid_t l_pid}. */
    public static final int L_PID = 24;

    /**
     * {@code l_type} of the {@code struct flock} at {@code p}: {@link Fuse#F_RDLCK}, {@code F_WRLCK} or
     * {@code F_UNLCK}.
     */
    public static int type(Pointer p) {
        return p.getShort(L_TYPE);
    }

    /** Reads the {@code struct flock} at {@code p} (with {@code l_whence} SEEK_SET) as a {@link FileLock}. */
    public static FileLock read(Pointer p) {
        long start = p.getLong(L_START);
        long len = p.getLong(L_LEN);
        return new FileLock(type(p), start, len == 0 ? Long.MAX_VALUE : start + len - 1, p.getInt(L_PID));
    }

    /**
     * Writes {@code lock} as the {@code struct flock} at {@code p}, all {@link #SIZEOF} bytes, with {@code l_whence}
     * SEEK_SET.
     *
     * @param pid the {@code l_pid} to write: the lock's own in a reply to the kernel, 0 for an open file description
     *        lock request ({@link Fcntl#F_OFD_SETLK} and friends insist on 0)
     */
    public static void write(Pointer p, FileLock lock, int pid) {
        p.clear(SIZEOF);
        p.setShort(L_TYPE, (short) lock.type());
        p.setShort(L_WHENCE, (short) Fuse.SEEK_SET);
        p.setLong(L_START, lock.start());
        p.setLong(L_LEN, lock.end() == Long.MAX_VALUE ? 0 : lock.end() - lock.start() + 1);
        p.setInt(L_PID, pid);
    }
}
