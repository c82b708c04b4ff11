package fuse.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command the tests run the way a user would from a shell: ordinary tools, {@code sh -c} scripts and python3
 * snippets (for the system calls java.nio lacks). Standard input is {@code /dev/null}; standard output and error are
 * read while the command runs, so a chatty command never blocks on a full pipe. A command that outlives its timeout
 * is killed with everything it started, and the test fails saying so.
 *
 * <pre>{@code
 * String listing = Cmd.of("ls", "-f", dir.toString()).ok();
 * Cmd.Result r = Cmd.sh("mount --bind \"$1\" \"$2\"", from, to).timeout(30).run();
 * String errors = Cmd.of("rmdir", full.toString()).mergeStderr().fails();
 * }</pre>
 */
public final class Cmd {
    /**
     * Debian's interpreter, not whatever a shim on PATH selects (a pyenv shim under /root that other users cannot
     * enter).
     */
    public static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
            : "python3";

    /** The timeout of a command that does not set one. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private final List<String> argv;
    private Path dir;
    private final Map<String, String> env = new HashMap<>();
    private long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private boolean mergeStderr;

    private Cmd(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.argv = List.copyOf(argv);
    }

    /** The command {@code argv[0]} with its arguments. */
    public static Cmd of(String... argv) {
        return new Cmd(List.of(argv));
    }

    /** The command {@code argv.get(0)} with its arguments. */
    public static Cmd of(List<String> argv) {
        return new Cmd(argv);
    }

    /** {@code sh -c script sh args...}: in the script, {@code $1}, {@code $2}, ... are {@code args}. */
    public static Cmd sh(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return new Cmd(argv);
    }

    /** {@code python3 -c code args...}: in the code, {@code sys.argv[1:]} are the arguments' strings. */
    public static Cmd python(String code, Object... args) {
        List<String> argv = new ArrayList<>(List.of(PYTHON, "-c", code));
        for (Object a : args) {
            argv.add(a.toString());
        }
        return new Cmd(argv);
    }

    /**
     * The {@code setpriv} prefix that runs the rest of a command as {@code uid}/{@code gid} with exactly the given
     * supplementary groups (none when empty).
     */
    public static List<String> asUser(int uid, int gid, int... groups) {
        List<String> prefix = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid));
        if (groups.length == 0) {
            prefix.add("--clear-groups");
        } else {
            StringBuilder list = new StringBuilder();
            for (int g : groups) {
                list.append(list.isEmpty() ? "" : ",").append(g);
            }
            prefix.add("--groups=" + list);
        }
        return prefix;
    }

    /**
     * This command run as {@code uid}/{@code gid} with exactly the given supplementary groups (see
     * {@link #asUser}).
     */
    public Cmd as(int uid, int gid, int... groups) {
        List<String> all = new ArrayList<>(asUser(uid, gid, groups));
        all.addAll(argv);
        Cmd c = new Cmd(all);
        c.dir = dir;
        c.env.putAll(env);
        c.timeoutSeconds = timeoutSeconds;
        c.mergeStderr = mergeStderr;
        return c;
    }

    /** Runs in {@code directory} (null: the test's working directory). */
    public Cmd in(Path directory) {
        this.dir = directory;
        return this;
    }

    /** Adds these variables to the inherited environment. */
    public Cmd env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Kills the command (and what it started) and fails the test after {@code seconds}; default 60. */
    public Cmd timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** Standard error goes where standard output goes ({@code 2>&1}): {@link Result#out()} has both, in order. */
    public Cmd mergeStderr() {
        this.mergeStderr = true;
        return this;
    }

    /** The outcome of a finished command. {@code err} is empty when standard error was merged into {@code out}. */
    public record Result(int exit, String out, String err) {
        /** Exit status and both outputs, for failure messages. */
        public String describe() {
            return "exit " + exit + "\nstdout: " + out + (err.isEmpty() ? "" : "\nstderr: " + err);
        }
    }

    /** Runs the command to its end, whatever its exit status. */
    public Result run() {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(mergeStderr);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + this + ": " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + this);
            }
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + this, e);
        }
    }

    /** Runs a command that must exit with 0 and returns its standard output. */
    public String ok() {
        Result r = run();
        if (r.exit() != 0) {
            throw new AssertionError(this + " failed: " + r.describe());
        }
        return r.out();
    }

    /** Runs a command that must fail (exit status not 0) and returns its standard output (with stderr if merged). */
    public String fails() {
        Result r = run();
        if (r.exit() == 0) {
            throw new AssertionError(this + " succeeded where it must fail: " + r.describe());
        }
        return r.out();
    }

    /**
     * Runs each of {@code scripts} ({@code sh -c}) in {@code dir}, one after the other: every one must fail (exit
     * status not 0) and say {@code message} (standard output or error), e.g. each change to an immutable file
     * refused with "Operation not permitted". Fails naming the first script that did otherwise, with its output.
     */
    public static void assertRefused(Path dir, String message, String... scripts) {
        for (String script : scripts) {
            Result r = sh(script).in(dir).mergeStderr().run();
            if (r.exit() == 0 || !r.out().contains(message)) {
                throw new AssertionError("'" + script + "' in " + dir + " was to fail with \"" + message + "\": "
                        + r.describe());
            }
        }
    }

    /** The command line, shortened to 300 characters (python snippets are long). */
    @Override
    public String toString() {
        String s = String.join(" ", argv);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Reads a stream to its end on a thread of its own. */
    private static final class Drain {
        private final Thread thread;
        private volatile String text = "";

        Drain(InputStream in) {
            thread = Thread.ofVirtual().start(() -> {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "<" + e.getMessage() + ">";
                }
            });
        }

        String text() throws InterruptedException {
            thread.join();
            return text;
        }
    }
}
