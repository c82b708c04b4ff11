package fuse.runtime.jna;

import fuse.api.ConnectionInfo;

/**
 * The connection parameters as agreed at INIT, read-only: what a replacement driver sees in {@code init} after a hot
 * swap, when the kernel can no longer be asked for different ones.
 */
record ConnectionSnapshot(int protoMajor, int protoMinor, long capable, long want, int maxWrite, int maxRead,
        int maxReadahead, int maxBackground, int congestionThreshold, int timeGran) implements ConnectionInfo {

    static ConnectionSnapshot of(ConnectionInfo c) {
        return new ConnectionSnapshot(c.protoMajor(), c.protoMinor(), c.capable(), c.want(), c.maxWrite(), c.maxRead(),
                c.maxReadahead(), c.maxBackground(), c.congestionThreshold(), c.timeGran());
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("connection parameters were fixed when the mount was initialized");
    }

    @Override
    public void enable(long caps) {
        throw readOnly();
    }

    @Override
    public void disable(long caps) {
        throw readOnly();
    }

    @Override
    public void maxWrite(int bytes) {
        throw readOnly();
    }

    @Override
    public void maxReadahead(int bytes) {
        throw readOnly();
    }

    @Override
    public void maxBackground(int count) {
        throw readOnly();
    }

    @Override
    public void congestionThreshold(int count) {
        throw readOnly();
    }

    @Override
    public void timeGran(int nanos) {
        throw readOnly();
    }

    @Override
    public boolean readdirplus() {
        return (want & CAP_READDIRPLUS) != 0;
    }

    @Override
    public void readdirplus(boolean enabled) {
        throw readOnly();
    }
}
