package fuse.linux;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.sun.jna.Pointer;

/** NUL-terminated byte strings, the way the kernel and libc take and return names and paths. */
public final class CStrings {
    private CStrings() {
    }

    /** A new array: {@code name} followed by a NUL byte. */
    public static byte[] terminated(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    /** Reads the NUL-terminated string at {@code p} as bytes (without the NUL), not decoded. */
    public static byte[] read(Pointer p) {
        return p.getByteArray(0, (int) p.indexOf(0, (byte) 0));
    }

    /** Length of the string in {@code field} up to its first NUL, or the whole array when there is none. */
    public static int length(byte[] field) {
        for (int i = 0; i < field.length; i++) {
            if (field[i] == 0) {
                return i;
            }
        }
        return field.length;
    }

    /** Length of the NUL-terminated string at {@code from} of {@code b}, which ends at {@code end} at the latest. */
    public static int length(ByteBuffer b, int from, int end) {
        int i = from;
        while (i < end && b.get(i) != 0) {
            i++;
        }
        return i - from;
    }
}
