package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs ordinary command-line tools against a mount, the way a user would. */
final class Shell {
    record Result(int exit, String out) {
    }

    private Shell() {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a shell command line and returns its output; fails the test when it exits non-zero. */
    static String sh(String script) throws IOException, InterruptedException {
        Result r = run("sh", "-c", script);
        if (r.exit() != 0) {
            throw new AssertionError("'" + script + "' exited " + r.exit() + ": " + r.out());
        }
        return r.out();
    }

    /** Runs a python3 snippet (the standard library reaches syscalls Java lacks: mkfifo, copy_file_range, …). */
    static String py(String code, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "python3";
        cmd[1] = "-c";
        cmd[2] = code;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Result r = run(cmd);
        if (r.exit() != 0) {
            throw new AssertionError("python3 exited " + r.exit() + ": " + r.out());
        }
        return r.out().trim();
    }
}
