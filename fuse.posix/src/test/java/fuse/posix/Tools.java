package fuse.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;

import fuse.testing.Cmd;

/**
 * The suite's python3 snippets (for system calls java.nio does not offer) and shell scripts, run with
 * {@link Cmd}: every snippet starts with {@link #PRELUDE}.
 */
final class Tools {
    /**
     * Defined for every python snippet: {@code A} (the arguments as bytes paths), {@code err(f, *args)} ("OK" or the
     * errno name), {@code renameat2}, {@code fallocate}, {@code put} (write a whole file) and {@code get} (read it).
     */
    private static final String PRELUDE = """
            import os, sys, errno, stat, ctypes, time
            A = [os.fsencode(x) for x in sys.argv[1:]]
            _libc = ctypes.CDLL(None, use_errno=True)
            def _check(r, *what):
                if r != 0:
                    e = ctypes.get_errno()
                    raise OSError(e, os.strerror(e), *what)
            def err(f, *args, **kwargs):
                try:
                    f(*args, **kwargs)
                    return 'OK'
                except OSError as e:
                    # python names 95 ENOTSUP; the kernel's name for it is EOPNOTSUPP
                    return 'EOPNOTSUPP' if e.errno == errno.EOPNOTSUPP else errno.errorcode.get(e.errno, str(e.errno))
            RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT = 1, 2, 4
            def renameat2(old, new, flags):
                _check(_libc.renameat2(-100, ctypes.c_char_p(old), -100, ctypes.c_char_p(new), ctypes.c_uint(flags)),
                       old)
            FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE, FALLOC_FL_ZERO_RANGE = 1, 2, 16
            def fallocate(fd, mode, off, length):
                _check(_libc.fallocate(fd, ctypes.c_int(mode), ctypes.c_long(off), ctypes.c_long(length)))
            def put(p, data=b''):
                with open(p, 'wb') as f:
                    f.write(data)
            def get(p):
                with open(p, 'rb') as f:
                    return f.read()
            def j(*parts):
                return os.path.join(*[os.fsencode(x) for x in parts])
            """;

    private Tools() {
    }

    /** Runs a shell script ({@code sh -c}, at most 120 s) that must succeed; {@code $1...} are {@code args}. */
    static String script(Path dir, String script, String... args) {
        return Cmd.sh(script, args).in(dir).timeout(120).ok();
    }

    /**
     * Runs a python3 snippet (after {@link #PRELUDE}) that must succeed, and returns its output without trailing
     * blanks.
     */
    static String py(String snippet, Object... args) {
        return py(60, snippet, args);
    }

    static String py(long timeoutSeconds, String snippet, Object... args) {
        Cmd.Result r = Cmd.python(PRELUDE + snippet, args).timeout(timeoutSeconds).run();
        if (r.exit() != 0) {
            fail("python3 failed: " + r.describe() + "\nscript:\n" + snippet);
        }
        assertTrue(r.err().isEmpty(), "python3 wrote to stderr: " + r.err());
        return r.out().stripTrailing();
    }

    /** Asserts a python snippet prints exactly {@code expected} (a text block of {@code label value} lines). */
    static void assertPy(String expected, String snippet, Object... args) {
        assertEquals(expected.stripTrailing(), py(snippet, args));
    }
}
