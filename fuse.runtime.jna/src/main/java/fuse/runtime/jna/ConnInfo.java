package fuse.runtime.jna;

import com.sun.jna.Pointer;

import fuse.api.ConnectionInfo;
import fuse.linux.libfuse.FuseConnInfo;

/** {@link ConnectionInfo} over libfuse's {@code struct fuse_conn_info}; writable only during {@code init}. */
final class ConnInfo implements ConnectionInfo {
    /** The capabilities libfuse 3.14 knows: its {@code capable} and {@code want} are 32-bit. */
    private static final long LIBFUSE_CAPS = 0xFFFF_FFFFL;
    private final Pointer conn;
    /** Where {@link #CAP_HANDLE_KILLPRIV_V2} is kept (null: not offered). */
    private final InitReplyIo initReply;
    private volatile boolean writable = true;

    ConnInfo(Pointer conn, InitReplyIo initReply) {
        this.conn = conn;
        this.initReply = initReply;
    }

    void seal() {
        writable = false;
    }

    private void checkWritable() {
        if (!writable) {
            throw new IllegalStateException("connection parameters can only be changed during init()");
        }
    }

    private int get(int off) {
        return conn.getInt(off);
    }

    private void set(int off, int value) {
        checkWritable();
        conn.setInt(off, value);
    }

    @Override
    public int protoMajor() {
        return get(FuseConnInfo.PROTO_MAJOR);
    }

    @Override
    public int protoMinor() {
        return get(FuseConnInfo.PROTO_MINOR);
    }

    @Override
    public long capable() {
        long caps = Integer.toUnsignedLong(get(FuseConnInfo.CAPABLE));
        if (initReply != null && initReply.canAddKillprivV2(protoMinor())) {
            caps |= CAP_HANDLE_KILLPRIV_V2;
        }
        return caps;
    }

    @Override
    public long want() {
        long caps = Integer.toUnsignedLong(get(FuseConnInfo.WANT));
        if (initReply != null && initReply.killprivV2()) {
            caps |= CAP_HANDLE_KILLPRIV_V2;
        }
        return caps;
    }

    @Override
    public void enable(long caps) {
        long missing = caps & ~capable();
        if (missing != 0) {
            throw new IllegalArgumentException(
                    "the kernel does not support capabilities 0x" + Long.toHexString(missing));
        }
        checkWritable();
        if ((caps & CAP_HANDLE_KILLPRIV_V2) != 0) {
            initReply.killprivV2(true);
        }
        set(FuseConnInfo.WANT, (int) ((want() | caps) & LIBFUSE_CAPS));
    }

    @Override
    public void disable(long caps) {
        checkWritable();
        if ((caps & CAP_HANDLE_KILLPRIV_V2) != 0 && initReply != null) {
            initReply.killprivV2(false);
        }
        set(FuseConnInfo.WANT, (int) ((want() & ~caps) & LIBFUSE_CAPS));
    }

    @Override
    public int maxWrite() {
        return get(FuseConnInfo.MAX_WRITE);
    }

    @Override
    public void maxWrite(int bytes) {
        set(FuseConnInfo.MAX_WRITE, bytes);
    }

    @Override
    public int maxRead() {
        return get(FuseConnInfo.MAX_READ);
    }

    /**
     * Sets {@code max_read}: not for drivers (it must equal the {@code max_read} mount option, or libfuse fails INIT),
     * so not in {@link ConnectionInfo}.
     */
    void maxRead(int bytes) {
        set(FuseConnInfo.MAX_READ, bytes);
    }

    @Override
    public int maxReadahead() {
        return get(FuseConnInfo.MAX_READAHEAD);
    }

    @Override
    public void maxReadahead(int bytes) {
        set(FuseConnInfo.MAX_READAHEAD, bytes);
    }

    @Override
    public int maxBackground() {
        return get(FuseConnInfo.MAX_BACKGROUND);
    }

    @Override
    public void maxBackground(int count) {
        set(FuseConnInfo.MAX_BACKGROUND, count);
    }

    @Override
    public int congestionThreshold() {
        return get(FuseConnInfo.CONGESTION_THRESHOLD);
    }

    @Override
    public void congestionThreshold(int count) {
        set(FuseConnInfo.CONGESTION_THRESHOLD, count);
    }

    @Override
    public int timeGran() {
        return get(FuseConnInfo.TIME_GRAN);
    }

    @Override
    public void timeGran(int nanos) {
        set(FuseConnInfo.TIME_GRAN, nanos);
    }

    @Override
    public boolean readdirplus() {
        return (want() & CAP_READDIRPLUS) != 0;
    }

    @Override
    public void readdirplus(boolean enabled) {
        if (enabled) {
            enable(CAP_READDIRPLUS | CAP_READDIRPLUS_AUTO);
        } else {
            disable(CAP_READDIRPLUS | CAP_READDIRPLUS_AUTO);
        }
    }
}
