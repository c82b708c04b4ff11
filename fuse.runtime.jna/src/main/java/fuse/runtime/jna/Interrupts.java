package fuse.runtime.jna;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;

import fuse.runtime.jna.natives.LibFuse;
import fuse.runtime.jna.natives.LowlevelOps;

/**
 * The kernel's interrupts of requests whose driver asked to hear of them ({@code Reply.onInterrupt}): registers
 * {@code fuse_req_interrupt_func} for such a request, with a cookie as its data, and runs the request's actions
 * when libfuse calls back (from the reader thread that received the INTERRUPT, or at once when the request was
 * interrupted before). Requests that never ask cost nothing.
 */
final class Interrupts {
    private final Map<Long, Request> watched = new ConcurrentHashMap<>();
    private final AtomicLong cookies = new AtomicLong();
    /** One callback for the session, kept reachable with it (JNA frees a trampoline with its object). */
    private final LowlevelOps.InterruptCb callback = (req, data) -> interrupted(Pointer.nativeValue(data));

    /** Asks libfuse to report an interrupt of {@code r}; returns the cookie to {@link #forget} it by. */
    long watch(Request r) {
        long cookie = cookies.incrementAndGet();
        watched.put(cookie, r);
        LibFuse.fuse_req_interrupt_func(r.req, callback, new Pointer(cookie));
        if (r.isAnswered()) {
            watched.remove(cookie); // answered meanwhile: its finish may have run before the cookie was known
        }
        return cookie;
    }

    /** The request was answered: libfuse forgets its callback itself, this forgets the request. */
    void forget(long cookie) {
        watched.remove(cookie);
    }

    private void interrupted(long cookie) {
        Request r = watched.remove(cookie);
        if (r != null) {
            r.interrupted();
        }
    }
}
