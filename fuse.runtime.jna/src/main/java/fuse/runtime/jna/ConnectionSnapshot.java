package fuse.runtime.jna;

import fuse.api.ConnectionInfo;

/**
 * The connection parameters as agreed at INIT, read-only: what a replacement driver sees in {@code init} after a hot
 * swap, when the kernel can no longer be asked for different ones. {@link #capable()} is what was agreed, so a
 * driver's usual {@code if (isCapable(x)) enable(x)} works: enabling what is in force already, or disabling what is
 * not, changes nothing and is allowed; any other change throws.
 */
record ConnectionSnapshot(int protoMajor, int protoMinor, long capable, long want, int maxWrite, int maxRead,
        int maxReadahead, int maxBackground, int congestionThreshold, int timeGran) implements ConnectionInfo {

    static ConnectionSnapshot of(ConnectionInfo c) {
        return new ConnectionSnapshot(c.protoMajor(), c.protoMinor(), c.want(), c.want(), c.maxWrite(), c.maxRead(),
                c.maxReadahead(), c.maxBackground(), c.congestionThreshold(), c.timeGran());
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("connection parameters were fixed when the mount was initialized");
    }

    @Override
    public void enable(long caps) {
        if ((want & caps) != caps) {
            throw readOnly();
        }
    }

    @Override
    public void disable(long caps) {
        if ((want & caps) != 0) {
            throw readOnly();
        }
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
