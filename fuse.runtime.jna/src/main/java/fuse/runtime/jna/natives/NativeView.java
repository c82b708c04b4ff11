package fuse.runtime.jna.natives;

import com.sun.jna.Pointer;

/**
 * A {@code Pointer} that can be moved to another address: the callbacks receive their pointer arguments (the request,
 * {@code fuse_file_info}, names) as addresses, and read them through this thread's view, so that a request costs no
 * {@code Pointer} object (JNA makes one per pointer argument through JNI's {@code NewObject}). A view is valid until
 * its thread's next {@link #at}: read what is needed at once and never keep or hand out the view.
 */
public final class NativeView extends Pointer {
    private static final ThreadLocal<NativeView> PER_THREAD = ThreadLocal.withInitial(NativeView::new);

    private NativeView() {
        super(0);
    }

    /** This thread's view, moved to {@code address}. */
    public static Pointer at(long address) {
        NativeView v = PER_THREAD.get();
        v.peer = address;
        return v;
    }
}
