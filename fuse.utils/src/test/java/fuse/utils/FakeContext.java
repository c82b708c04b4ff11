package fuse.utils;

import fuse.api.RequestContext;
import fuse.api.Session;

/** A request context with chosen credentials, for unit tests that call utilities without a mount. */
record FakeContext(int uid, int gid, int pid, int[] groups) implements RequestContext {
    @Override
    public int umask() {
        return 022;
    }

    @Override
    public boolean isInterrupted() {
        return false;
    }

    @Override
    public Session session() {
        return null;
    }
}
