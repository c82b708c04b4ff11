package fuse.driver.passthrough;

import java.util.Arrays;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The names every directory lists but no request may use ({@code .} and {@code ..}), and the check of a name a
 * request brings.
 */
final class Names {
    static final byte[] DOT = { '.' };
    static final byte[] DOTDOT = { '.', '.' };

    private Names() {
    }

    static void checkName(byte[] name) {
        if (name.length == 0 || Arrays.equals(name, DOT) || Arrays.equals(name, DOTDOT)) {
            throw new FuseException(Errno.EINVAL, "name");
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new FuseException(Errno.EINVAL, "name");
            }
        }
        if (name.length > Fuse.NAME_MAX) {
            throw new FuseException(Errno.ENAMETOOLONG);
        }
    }
}
