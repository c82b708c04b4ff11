package fuse.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs shell tools and python3 snippets (for system calls java.nio does not offer) on behalf of the suite. */
final class Tools {
    /** The interpreter is Debian's, not whatever a shim on PATH selects, so the suite runs the same everywhere. */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

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
                _check(_libc.renameat2(-100, ctypes.c_char_p(old), -100, ctypes.c_char_p(new), ctypes.c_uint(flags)), old)
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

    /** The result of a finished process. */
    record Result(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    /** Runs a command in {@code dir}, waiting at most {@code timeoutSeconds}; kills it if it takes longer. */
    static Result exec(Path dir, Map<String, String> env, long timeoutSeconds, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e.getMessage(), e);
        }
        // both streams are drained concurrently so a chatty process never blocks on a full pipe
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p, false));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p, true));
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("timed out after " + timeoutSeconds + " s: " + abbreviate(cmd));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String drain(Process p, boolean error) {
        try {
            return new String((error ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e.getMessage() + ">";
        }
    }

    private static String abbreviate(List<String> cmd) {
        String s = String.join(" ", cmd);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Runs a command that must succeed and returns its standard output. */
    static String sh(Path dir, String... cmd) {
        return sh(dir, Map.of(), 60, cmd);
    }

    static String sh(Path dir, Map<String, String> env, long timeoutSeconds, String... cmd) {
        Result r = exec(dir, env, timeoutSeconds, List.of(cmd));
        if (r.exit() != 0) {
            fail(abbreviate(List.of(cmd)) + " failed: " + r.describe());
        }
        return r.out();
    }

    /** Runs a shell script ({@code sh -c}) that must succeed; {@code $1...} are {@code args}. */
    static String script(Path dir, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Result r = exec(dir, Map.of(), 120, cmd);
        if (r.exit() != 0) {
            fail("sh -c '" + script + "' failed: " + r.describe());
        }
        return r.out();
    }

    /** Runs a python3 snippet (after {@link #PRELUDE}) that must succeed, and returns its output without trailing blanks. */
    static String py(String snippet, Object... args) {
        return py(60, snippet, args);
    }

    static String py(long timeoutSeconds, String snippet, Object... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", PRELUDE + snippet));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Result r = exec(null, Map.of(), timeoutSeconds, cmd);
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
