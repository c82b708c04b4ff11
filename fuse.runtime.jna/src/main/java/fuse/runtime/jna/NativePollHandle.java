package fuse.runtime.jna;

import java.util.concurrent.atomic.AtomicReference;

import com.sun.jna.Pointer;

import fuse.api.FuseException;
import fuse.api.PollHandle;
import fuse.runtime.jna.natives.LibFuse;

/**
 * A {@code struct fuse_pollhandle *} a driver keeps from a poll request: notified at most once, then freed. The
 * notification needs the live session; freeing does not (the handle is libfuse's own allocation).
 */
final class NativePollHandle implements PollHandle {
    private final FuseSession session;
    private final AtomicReference<Pointer> handle;

    NativePollHandle(FuseSession session, Pointer ph) {
        this.session = session;
        this.handle = new AtomicReference<>(ph);
    }

    @Override
    public void notifyReady() {
        Pointer ph = handle.getAndSet(null);
        if (ph == null) {
            return;
        }
        try {
            session.live(); // (ENOTCONN once the session ended: libfuse would use its freed memory)
            int rc = LibFuse.fuse_lowlevel_notify_poll(ph);
            if (rc < 0) {
                throw new FuseException(-rc, "notify poll");
            }
        } finally {
            LibFuse.fuse_pollhandle_destroy(ph);
        }
    }

    @Override
    public void release() {
        Pointer ph = handle.getAndSet(null);
        if (ph != null) {
            LibFuse.fuse_pollhandle_destroy(ph);
        }
    }
}
