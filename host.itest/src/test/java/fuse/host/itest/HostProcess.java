package fuse.host.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import fuse.testing.Await;
import fuse.testing.Mounts;

/**
 * The exported host jar running as a separate process in a working directory, driven through the Gogo shell on its
 * stdin. Its stdout and stderr (the shell's output and the log) are collected line by line, with the time each line
 * arrived.
 */
final class HostProcess implements AutoCloseable {
    /** The jar under test, set by the pom. */
    static final Path JAR = Path.of(System.getProperty("host.jar", "../host/target/osgi-fuse.jar")).toAbsolutePath()
            .normalize();
    /** The longest any single wait lasts; waits poll and return as soon as their condition holds. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final int httpPort;
    private final Process process;
    private final long startedNanos;
    private final Writer stdin;
    private final Thread reader;
    /** Everything the host printed so far; guarded by itself. */
    private final StringBuilder output = new StringBuilder();
    /** Arrival time (System.nanoTime) of each line of {@link #output}; guarded by {@link #output}. */
    private final List<Line> lines = new ArrayList<>();
    private int markers;

    private record Line(long nanos, String text) {
    }

    private HostProcess(Path dir, List<String> jvmOptions) throws IOException {
        this.dir = dir;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(jvmOptions);
        // The web console's HTTP port: a free one unless the test chose, so hosts never collide (nor with port 8080)
        String portOption = "-D" + HTTP_PORT + "=";
        String chosen = jvmOptions.stream().filter(o -> o.startsWith(portOption)).findFirst().orElse(null);
        if (chosen != null) {
            httpPort = Integer.parseInt(chosen.substring(portOption.length()));
        } else {
            httpPort = freePort();
            command.add(portOption + httpPort);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        startedNanos = System.nanoTime();
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(this::readOutput, "host-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The framework property of the HTTP port (Felix HTTP). */
    static final String HTTP_PORT = "org.osgi.service.http.port";

    /** A TCP port on the loopback that nothing listens on right now. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The port the host's HTTP server (the web console) is to listen on. */
    int httpPort() {
        return httpPort;
    }

    /** Starts the host jar in {@code dir} (created if needed), with extra JVM options before {@code -jar}. */
    static HostProcess start(Path dir, String... jvmOptions) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail("the host jar " + JAR + " does not exist: build it with mvn -o install -pl host");
        }
        Files.createDirectories(dir);
        return new HostProcess(dir, List.of(jvmOptions));
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    lines.add(new Line(System.nanoTime(), line));
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** The working directory. */
    Path dir() {
        return dir;
    }

    /** A path relative to the working directory, absolute. */
    Path path(String relative) {
        return dir.resolve(relative).toAbsolutePath().normalize();
    }

    /** The underlying process. */
    Process process() {
        return process;
    }

    /** Everything printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /**
     * Milliseconds from starting the process to the first line containing {@code text}; waits for that line.
     */
    long millisUntilLine(String text) {
        awaitOutput(text);
        synchronized (output) {
            for (Line l : lines) {
                if (l.text().contains(text)) {
                    return TimeUnit.NANOSECONDS.toMillis(l.nanos() - startedNanos);
                }
            }
        }
        throw new AssertionError("unreachable: " + text + " was printed");
    }

    /** Waits until the host has printed {@code text}. */
    void awaitOutput(String text) {
        awaitOutput(0, text);
    }

    private int awaitOutput(int from, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (output) {
            while (true) {
                int at = output.indexOf(text, from);
                if (at >= 0) {
                    return at;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    fail("the host did not print '" + text + "' within " + WAIT.toSeconds() + " s"
                            + (process.isAlive() ? "" : " (it exited)") + "; its output:\n" + output);
                }
                try {
                    output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }

    /** Writes one line to the shell without waiting for anything. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * Runs a shell command and returns what was printed while it ran: the command is followed by an {@code echo} of
     * a marker, and the output up to the marker is the command's (log lines printed meanwhile included).
     */
    String command(String command) throws IOException {
        String marker = "--itest-marker-" + (++markers) + "--";
        int from;
        synchronized (output) {
            from = output.length();
        }
        send(command);
        send("echo " + marker);
        int at = awaitOutput(from, marker + "\n");
        synchronized (output) {
            return output.substring(from, at);
        }
    }

    /**
     * Runs a shell command once the shell knows the {@code fuse:} commands: right after start-up the command may
     * not be registered yet, so the first use retries while Gogo says the command is not found.
     */
    String commandWhenReady(String command) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String out = command(command);
            if (!out.contains("CommandNotFoundException") || System.nanoTime() > deadline) {
                return out;
            }
            Await.sleep(100);
        }
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            fail("the host did not exit within " + WAIT.toSeconds() + " s; its output:\n" + output());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    /**
     * Ends the process if it still runs: SIGTERM first (the host unmounts on it), SIGKILL if it is still there after
     * {@link #WAIT}. Then saves its output as {@code host-output.log} in the working directory. Mounts are left to
     * the caller: another host may be using the same working directory.
     */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    if (Mounts.anyUnder(dir)) {
                        // worth knowing: SIGTERM is meant to unmount everything
                        System.err.println("host.itest: SIGTERM (exit " + process.exitValue() + ") left mounts under "
                                + dir + ": " + Mounts.all().stream().filter(m -> m.mountpoint().startsWith(dir))
                                        .toList());
                    }
                } else {
                    process.destroyForcibly();
                    process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close();
            } catch (IOException e) {
                // the pipe is broken when the process is gone
            }
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5)); // the rest of the output, up to EOF
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.writeString(dir.resolve("host-output-" + process.pid() + ".log"), output());
        }
    }

    /** Polls {@code condition} until it holds, at most {@link #WAIT}; fails naming {@code what} and the output. */
    void awaitWithOutput(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition, () -> "host output:\n" + output());
    }
}
