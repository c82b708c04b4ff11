package fuse.runtime.jna;

import com.sun.jna.Pointer;

import fuse.api.ConnectionInfo;
import fuse.linux.libfuse.FuseConnInfo;

/** {@link ConnectionInfo} over libfuse's {@code struct fuse_conn_info}; writable only during {@code init}. */
final class ConnInfo implements ConnectionInfo {
    private final Pointer conn;
    private volatile boolean writable = true;

    ConnInfo(Pointer conn) {
        this.conn = conn;
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
        return Integer.toUnsignedLong(get(FuseConnInfo.CAPABLE));
    }

    @Override
    public long want() {
        return Integer.toUnsignedLong(get(FuseConnInfo.WANT));
    }

    @Override
    public void enable(long caps) {
        long missing = caps & ~capable();
        if (missing != 0) {
            throw new IllegalArgumentException(
                    "the kernel does not support capabilities 0x" + Long.toHexString(missing));
        }
        set(FuseConnInfo.WANT, (int) (want() | caps));
    }

    @Override
    public void disable(long caps) {
        set(FuseConnInfo.WANT, (int) (want() & ~caps));
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
