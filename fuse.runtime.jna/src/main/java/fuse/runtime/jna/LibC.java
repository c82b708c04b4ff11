package fuse.runtime.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The few libc calls the runtime needs that the JDK lacks. */
final class LibC {
    /** umount2 flag: detach now, clean up when no longer busy (lazy unmount). */
    static final int MNT_DETACH = 2;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    static native int umount2(String target, int flags) throws LastErrorException;

    /**
     * Unmounts {@code target} lazily.
     *
     * @return 0 on success, otherwise the errno
     */
    static int detach(String target) {
        try {
            umount2(target, MNT_DETACH);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }
}
