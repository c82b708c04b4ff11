package fuse.runtime.jna.natives;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Native entry points for callbacks in JNA's <em>direct</em> mode. A callback JNA converts for a {@code Structure}
 * field goes through its generic proxy: every call boxes the arguments into an {@code Object[]}, converts them one
 * by one and invokes the method by reflection. A callback passed as an argument of a direct-mapped method gets a
 * trampoline that calls the Java method straight through JNI with its primitive arguments instead. JNA offers that
 * conversion only for arguments, so the pointer is obtained by passing the callback to a direct-mapped function that
 * returns its first argument unchanged: {@code memmove(dest, src, 0)} returns {@code dest}.
 *
 * <p>JNA keeps the trampoline as long as the callback object is strongly reachable: the caller must hold it.
 */
public final class DirectCallbacks {
    private static final Memory NOTHING = new Memory(1);

    static {
        Native.register(DirectCallbacks.class, NativeLibrary.getInstance("c"));
    }

    private DirectCallbacks() {
    }

    private static native Pointer memmove(Callback dest, Pointer src, long n);

    /** The native function pointer of {@code callback} in direct mode (null for null). */
    public static Pointer pointer(Callback callback) {
        return callback == null ? null : memmove(callback, NOTHING, 0);
    }
}
