package fuse.host.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import fuse.testing.Mounts;
import fuse.testing.Trees;

/**
 * The set-up every host test shares: a fresh working directory per test under {@code target/host-runs/}, the host
 * processes the test starts there, and, when the test ends whatever happened, every host ended (latest first), what
 * they left mounted unmounted, their output kept in {@code target/host-logs/} and the directory removed. Register it
 * on an instance field ({@code @RegisterExtension final HostRuns runs = new HostRuns();}).
 */
final class HostRuns implements BeforeEachCallback, AfterEachCallback {
    private final List<HostProcess> hosts = new ArrayList<>();
    private Path dir;
    private String testName;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        testName = context.getRequiredTestMethod().getName();
        Path runs = Path.of(System.getProperty("project.build.directory", "target"), "host-runs").toAbsolutePath();
        Files.createDirectories(runs);
        dir = Files.createTempDirectory(runs, testName + "-").toRealPath();
    }

    /** This test's working directory. */
    Path dir() {
        return dir;
    }

    /** The name of the running test method. */
    String testName() {
        return testName;
    }

    /** Starts the host jar in {@code where} (created if needed), with extra JVM options before {@code -jar}. */
    HostProcess start(Path where, String... jvmOptions) throws IOException {
        HostProcess h = HostProcess.start(where, jvmOptions);
        hosts.add(h);
        return h;
    }

    /** The hosts started so far, in start order. */
    List<HostProcess> hosts() {
        return List.copyOf(hosts);
    }

    /**
     * Ends every host this test started (latest first), unmounts what they left, keeps their output as
     * {@code target/host-logs/<run>-[<host dir>-]host-output-<pid>.log}, and removes the working directory.
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (HostProcess h : hosts.reversed()) {
            try {
                h.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        hosts.clear();
        Mounts.unmountAllUnder(dir);
        Path logs = dir.getParent().resolveSibling("host-logs");
        Files.createDirectories(logs);
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path log : s.filter(p -> p.getFileName().toString().startsWith("host-output-")).toList()) {
                String host = log.getParent().equals(dir) ? "" : log.getParent().getFileName() + "-";
                Files.copy(log, logs.resolve(dir.getFileName() + "-" + host + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Mounts.anyUnder(dir)) { // never remove below a mount that could not be taken down
            Trees.remove(dir);
        }
        if (first != null) {
            throw first;
        }
    }
}
