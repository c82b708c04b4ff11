package fuse.host.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fuse.testing.Mounts;
import fuse.testing.ProcessMemory;

/**
 * Starts the exported host jar ({@code host/target/osgi-fuse.jar}) as a separate process, as a user would, in a fresh
 * working directory per test; drives it through the Gogo shell on stdin and through its {@code deploy/} and
 * {@code etc/} folders; and checks the mounts with ordinary file calls.
 */
class HostTest {
    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    final HostRuns runs = new HostRuns();

    private HostProcess start(String... jvmOptions) throws IOException {
        return runs.start(runs.dir(), jvmOptions);
    }

    /** Starts the host and waits until the default mounts are live and the shell knows the fuse: commands. */
    private HostProcess startWithDefaults() throws IOException {
        HostProcess h = start();
        h.awaitOutput("mounted hello on " + h.path("mnt/hello"));
        h.awaitOutput("mounted memfs on " + h.path("mnt/memfs"));
        h.commandWhenReady("fuse:drivers");
        return h;
    }

    private Path mkdir(String name) throws IOException {
        return Files.createDirectories(runs.dir().resolve(name));
    }

    // ----- 1. default start --------------------------------------------------------------------------------------

    @Test
    void defaultStartMountsHelloAndMemfsAtThePrintedPaths() throws Exception {
        HostProcess host = start();
        Path hello = host.path("mnt/hello");
        Path memfs = host.path("mnt/memfs");
        long helloMillis = host.millisUntilLine("INFO fuse.runtime: mounted hello on " + hello);
        long memfsMillis = host.millisUntilLine("INFO fuse.runtime: mounted memfs on " + memfs);
        System.out.printf("host.itest: start-up to mounted (from starting the JVM): hello %d ms, memfs %d ms%n",
                helloMillis, memfsMillis);

        assertEquals("fuse.osgi.hello", Mounts.typeAt(hello));
        assertEquals("fuse.osgi.memfs", Mounts.typeAt(memfs));
        assertEquals("hello world\n", Files.readString(hello.resolve("message")));

        Path note = memfs.resolve("note.txt");
        Files.writeString(note, "written through the host\n");
        assertEquals("written through the host\n", Files.readString(note));
        try (var list = Files.list(memfs)) {
            assertEquals(List.of(note), list.toList());
        }
    }

    @Test
    void anOlderJavaGetsOneLineSayingWhatTheHostNeedsAndStartsNothing() throws Exception {
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java17), "a Java 17 to start the jar with");
        Path dir = runs.dir();
        fuse.testing.Cmd.Result r = fuse.testing.Cmd.of(java17.toString(), "-jar", HostProcess.JAR.toString()).in(dir)
                .mergeStderr().timeout(60).run();
        assertEquals(1, r.exit(), r.describe());
        assertEquals(List.of("osgi-fuse needs Java 21 or newer; this is Java 17 (/usr/lib/jvm/java-17-openjdk-amd64): "
                + "start the jar with the java of a JDK 21+, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar "
                + "osgi-fuse.jar"), r.out().lines().toList(), "one line, nothing else");
        assertFalse(Files.exists(dir.resolve("data")), "no framework was started (no framework storage)");
    }

    @Test
    void memoryTheDataOfADeletedFileTookIsGivenBackOnceTheHostIsIdle() throws Exception {
        // 2 s instead of the default minute without a collection, so that the test need not wait long
        HostProcess host = start("-Dfuse.host.idle.gc.seconds=2");
        Path memfs = host.path("mnt/memfs");
        host.awaitOutput("mounted memfs on " + memfs);
        long idle = heldMiB(host);
        Path big = memfs.resolve("big");
        byte[] block = new byte[1 << 20];
        java.util.Arrays.fill(block, (byte) 'm');
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 512; i++) {
                out.write(block);
            }
        }
        long holding = heldMiB(host);
        assertTrue(holding > idle + 400, "the host holds the 512 MiB file: " + idle + " -> " + holding + " MiB");
        Files.delete(big);
        host.awaitWithOutput("the host's memory is back near its idle size (" + idle + " MiB idle, "
                + holding + " MiB holding the file)", () -> heldMiB(host) < idle + 150);
    }

    /** The memory the host process holds (resident, and memfs's memory file: {@link ProcessMemory}) in MiB. */
    private static long heldMiB(HostProcess host) {
        return ProcessMemory.held(host.process().pid()) >> 20;
    }

    // ----- 2. shell scripting ------------------------------------------------------------------------------------

    @Test
    void shellListsDriversMountsShowsStatsAndUnmounts() throws Exception {
        HostProcess host = startWithDefaults();

        String drivers = host.command("fuse:drivers");
        for (String name : List.of("hello", "memfs", "passthrough")) {
            String line = lineStartingWith(drivers, name + " ")
                    .orElseGet(() -> fail("fuse:drivers does not list " + name + ":\n" + drivers));
            assertTrue(line.contains("fuse.driver." + name) && line.contains("Active"), line);
        }

        // A driver's settings come from its metatype: the mount's (MountSettings) and the driver's own, with defaults
        String settings = host.command("fuse:settings memfs");
        for (String key : List.of("fuse.mountpoint ", "fuse.options ", "fuse.threads.max ", "capacity ",
                "root.mode ")) {
            assertTrue(settings.lines().anyMatch(l -> l.startsWith(key)), "fuse:settings memfs lists " + key
                    + ":\n" + settings);
        }
        assertTrue(lineStartingWith(settings, "capacity ").orElseThrow().contains(" 1g "), settings);
        assertTrue(lineStartingWith(settings, "fuse.threads.max ").orElseThrow().contains(" 16 "), settings);
        String helloSettings = host.command("fuse:settings hello");
        assertTrue(lineStartingWith(helloSettings, "fuse.mountpoint ").isPresent(), helloSettings);
        String noSuchDriver = host.command("fuse:settings nosuchdriver");
        assertTrue(noSuchDriver.contains("fuse:settings: unknown driver 'nosuchdriver'"), noSuchDriver);

        Path x = mkdir("x");
        String mount = host.command("fuse:mount memfs " + x + " capacity=8m");
        assertTrue(mount.contains("configured memfs on " + x), mount);
        host.awaitWithOutput(x + " is mounted", () -> Mounts.isOsgiFuseMount(x));
        assertEquals(8 * MIB, Files.getFileStore(x).getTotalSpace(), "df size of the 8m memfs");

        String mounts = host.command("fuse:mounts");
        String line = lineStartingWith(mounts, x + " ")
                .orElseGet(() -> fail("fuse:mounts does not list " + x + ":\n" + mounts));
        assertTrue(line.contains(" memfs ") && line.contains(" MOUNTED "), line);

        Path file = x.resolve("data.bin");
        Files.write(file, new byte[100_000]);
        // The write left the data in the kernel's page cache (memfs keeps it across opens); dropping it makes the
        // read below reach the driver.
        String invalidated = host.command("fuse:invalidate " + x + " data.bin");
        assertTrue(invalidated.contains("invalidated " + file), invalidated);
        assertEquals(100_000, Files.readAllBytes(file).length);
        // A request is counted just after its reply went out, so the caller can be a moment ahead of the counters.
        List<String> ops = List.of("create", "write", "read", "getattr");
        String[] stats = new String[1];
        host.awaitWithOutput("fuse:stats counts " + ops, () -> {
            try {
                stats[0] = host.command("fuse:stats " + x);
            } catch (IOException e) {
                return false;
            }
            return ops.stream().allMatch(op -> lineStartingWith(stats[0], op + " ")
                    .map(l -> Long.parseLong(l.trim().split("\\s+")[1]) > 0).orElse(false));
        });
        assertTrue(stats[0].contains("OPERATION") && stats[0].contains("P99"), stats[0]);

        String unmount = host.command("fuse:unmount " + x);
        assertTrue(unmount.contains("unmounted " + x), unmount);
        host.awaitWithOutput(x + " is unmounted", () -> !Mounts.isOsgiFuseMount(x));
        String after = host.command("fuse:mounts");
        assertTrue(lineStartingWith(after, x + " ").isEmpty(), after);

        String help = host.command("help fuse:mount");
        assertTrue(help.contains("mount a driver") && help.contains("driver name"), help);
    }

    // ----- 3. clear errors ---------------------------------------------------------------------------------------

    @Test
    void badCommandsAndBadConfigurationsSayWhatIsWrongAndDisturbNothingElse() throws Exception {
        HostProcess host = startWithDefaults();
        Path free = mkdir("free");

        String unknown = host.command("fuse:mount nosuchdriver " + free);
        assertTrue(unknown.contains("unknown driver 'nosuchdriver'") && unknown.contains("memfs"), unknown);

        String relative = host.command("fuse:mount memfs relative/dir");
        assertTrue(relative.contains("must be an absolute path") && relative.contains("relative/dir"), relative);

        Path missing = runs.dir().resolve("does-not-exist");
        String notThere = host.command("fuse:mount memfs " + missing);
        assertTrue(notThere.contains(missing + " does not exist"), notThere);

        Path hello = host.path("mnt/hello");
        String busy = host.command("fuse:mount memfs " + hello);
        assertTrue(busy.contains(hello.toString()) && busy.contains("busy"), busy);
        assertEquals("fuse.osgi.hello", Mounts.typeAt(hello), "the busy mount point keeps its mount");

        // A configuration file that does not say where to mount.
        writeAtomically(host.path("etc/fuse.driver.memfs-nomountpoint.cfg"), "capacity=1m\n");
        String noMp = awaitReason(host, "fuse.driver.memfs-nomountpoint.cfg");
        assertTrue(noMp.contains("fuse.mountpoint is missing"), noMp);

        // A configuration file with a value of the wrong type.
        Path bad = mkdir("bad");
        writeAtomically(host.path("etc/fuse.driver.memfs-badthreads.cfg"),
                "fuse.mountpoint=" + bad + "\nfuse.threads.max=abc\n");
        String badThreads = awaitReason(host, "fuse.driver.memfs-badthreads.cfg");
        assertTrue(badThreads.contains("fuse.threads.max") && badThreads.contains("abc"), badThreads);
        String mounts = host.command("fuse:mounts");
        String badLine = lineStartingWith(mounts, bad + " ").orElseGet(() -> fail("no line for " + bad + ":\n"
                + mounts));
        assertTrue(badLine.contains("FAILED"), badLine);
        assertFalse(Mounts.isOsgiFuseMount(bad));

        // Nothing else was disturbed.
        assertEquals("hello world\n", Files.readString(hello.resolve("message")));
        Path note = host.path("mnt/memfs/still-writable");
        Files.writeString(note, "yes");
        assertEquals("yes", Files.readString(note));
        String all = host.command("fuse:mounts");
        for (String d : List.of("mnt/hello", "mnt/memfs")) {
            String l = lineStartingWith(all, host.path(d) + " ").orElseGet(() -> fail("no " + d + ":\n" + all));
            assertTrue(l.contains("MOUNTED"), l);
        }
    }

    @Test
    void malformedShellInputGetsAMessageNamingTheProblemAndMountsNothing() throws Exception {
        HostProcess host = startWithDefaults();
        Path free = mkdir("free");

        String noValue = host.command("fuse:mount memfs " + free + " capacity");
        assertTrue(noValue.contains("setting 'capacity' is not key=value"), noValue);
        String noArgs = host.command("fuse:mount");
        assertTrue(noArgs.contains("fuse:mount: missing a driver name and a mountpoint"), noArgs);
        String noMountpoint = host.command("fuse:mount memfs");
        assertTrue(noMountpoint.contains("fuse:mount: missing a mountpoint"), noMountpoint);
        String notMounted = host.command("fuse:stats " + free);
        assertTrue(notMounted.contains("nothing is mounted on " + free), notMounted);
        String relative = host.command("fuse:unmount some/where");
        assertTrue(relative.contains("must be an absolute path") && relative.contains("some/where"), relative);
        String nothingThere = host.command("fuse:unmount " + free);
        assertTrue(nothingThere.contains("no mount is configured on " + free), nothingThere);
        Path memfs = host.path("mnt/memfs");
        String outside = host.command("fuse:invalidate " + memfs + " /etc/hostname");
        assertTrue(outside.contains("/etc/hostname is not inside " + memfs), outside);
        assertFalse(Mounts.isOsgiFuseMount(free));
        String mounts = host.command("fuse:mounts");
        assertTrue(lineStartingWith(mounts, free + " ").isEmpty(), "no partial mount is left:\n" + mounts);

        // A setting of the wrong type given in the shell: the mount is configured but fails, says why, and goes away
        // with fuse:unmount like any other.
        host.command("fuse:mount memfs " + free + " capacity=lots");
        String reason = awaitReason(host, "fuse.driver.memfs~"
                + free.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", ""));
        assertTrue(reason.contains("capacity") && reason.contains("lots"), reason);
        assertFalse(Mounts.isOsgiFuseMount(free));
        String removed = host.command("fuse:unmount " + free);
        assertTrue(removed.contains("unmounted " + free), removed);
        host.awaitWithOutput("the failed mount is no longer listed", () -> {
            try {
                return lineStartingWith(host.command("fuse:mounts"), free + " ").isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals("hello world\n", Files.readString(host.path("mnt/hello/message")));
    }

    @Test
    void aDriverSettingOfTheWrongTypeIsReportedAsAFailedMount() throws Exception {
        HostProcess host = startWithDefaults();
        Path target = mkdir("badcapacity");
        writeAtomically(host.path("etc/fuse.driver.memfs-badcapacity.cfg"),
                "fuse.mountpoint=" + target + "\ncapacity=abc\n");
        String reason = awaitReason(host, "fuse.driver.memfs-badcapacity.cfg");
        assertTrue(reason.contains("capacity") && reason.contains("abc"), reason);
        assertFalse(Mounts.isOsgiFuseMount(target));
        assertEquals("hello world\n", Files.readString(host.path("mnt/hello/message")));
    }

    /** Waits until fuse:mounts shows a failed mount whose {@code reason:} line names {@code file}; returns it. */
    private static String awaitReason(HostProcess host, String file) {
        String[] found = new String[1];
        host.awaitWithOutput("fuse:mounts shows a failure naming " + file, () -> {
            try {
                found[0] = host.command("fuse:mounts").lines().filter(l -> l.trim().startsWith("reason:")
                        && l.contains(file)).findFirst().orElse(null);
                return found[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    // ----- 4. etc/ and deploy/ -----------------------------------------------------------------------------------

    @Test
    void configurationFilesMountRemountAndUnmount() throws Exception {
        HostProcess host = startWithDefaults();
        Path scratch = mkdir("scratch");
        Path cfg = host.path("etc/fuse.driver.memfs-scratch.cfg");

        writeAtomically(cfg, "fuse.mountpoint=" + scratch + "\ncapacity=8m\n");
        host.awaitWithOutput(scratch + " is mounted with 8 MiB", () -> totalSpace(scratch) == 8 * MIB);
        Files.writeString(scratch.resolve("a"), "a");
        assertEquals("a", Files.readString(scratch.resolve("a")));

        writeAtomically(cfg, "fuse.mountpoint=" + scratch + "\ncapacity=16m\n");
        host.awaitWithOutput(scratch + " is re-mounted with 16 MiB", () -> totalSpace(scratch) == 16 * MIB);
        assertTrue(Mounts.isOsgiFuseMount(scratch));

        Files.delete(cfg);
        host.awaitWithOutput(scratch + " is unmounted", () -> !Mounts.isOsgiFuseMount(scratch));
        assertEquals("hello world\n", Files.readString(host.path("mnt/hello/message")));
    }

    @Test
    void configurationFilesPresentAtStartAreMountedAndLeftAsTheUserWroteThem() throws Exception {
        Path early = mkdir("early");
        Path sql = mkdir("early-sql");
        Path memfsCfg = runs.dir().resolve("etc/fuse.driver.memfs-early.cfg");
        Path sqlfsCfg = runs.dir().resolve("etc/fuse.driver.sqlfs-early.cfg");
        String memfsText = "# scratch space\nfuse.mountpoint=" + early + "\ncapacity=2m\n";
        String sqlfsText = "fuse.mountpoint=" + sql + "\ndatabase=" + runs.dir().resolve("early-db") + "\n";
        writeAtomically(memfsCfg, memfsText);
        writeAtomically(sqlfsCfg, sqlfsText);
        for (int run = 1; run <= 2; run++) { // the second start also finds the configurations in data/
            HostProcess host = start();
            host.awaitWithOutput(early + " is mounted with 2 MiB (start " + run + ")",
                    () -> totalSpace(early) == 2 * MIB);
            host.awaitWithOutput(sql + " is mounted (start " + run + ")", () -> Mounts.isOsgiFuseMount(sql));
            Files.writeString(sql.resolve("run-" + run), "kept");
            host.send("stop 0");
            assertEquals(0, host.awaitExit());
            assertEquals(memfsText, Files.readString(memfsCfg), "etc/ files are not rewritten");
            assertEquals(sqlfsText, Files.readString(sqlfsCfg), "etc/ files are not rewritten");
        }
    }

    @Test
    void aBundleDroppedIntoDeployIsInstalledUpdatedAndUninstalled() throws Exception {
        HostProcess host = startWithDefaults();
        String bsn = "itest.dropin." + Long.toHexString(System.nanoTime());
        String driver = "itestdrop" + Long.toHexString(System.nanoTime() & 0xffff);
        Path jar = host.path("deploy/itest-dropin.jar");
        dropBundle(jar, bsn, "1.0.0", driver);
        host.awaitWithOutput(bsn + " is installed and active", () -> {
            try {
                return lineContaining(host.command("lb"), bsn).map(l -> l.contains("Active")).orElse(false);
            } catch (IOException e) {
                return false;
            }
        });
        String drivers = host.command("fuse:drivers");
        assertTrue(lineStartingWith(drivers, driver + " ").map(l -> l.contains(bsn) && l.contains("1.0.0"))
                .orElse(false), drivers);

        // Replacing the file updates the bundle in place (same bundle id, new version).
        String id = lineStartingWith(drivers, driver + " ").orElseThrow().trim().split("\\s+")[1];
        dropBundle(jar, bsn, "1.0.1", driver);
        host.awaitWithOutput(bsn + " is updated to 1.0.1", () -> {
            try {
                return lineStartingWith(host.command("fuse:drivers"), driver + " ")
                        .map(l -> l.contains("1.0.1") && l.trim().split("\\s+")[1].equals(id)).orElse(false);
            } catch (IOException e) {
                return false;
            }
        });

        Files.delete(jar);
        host.awaitWithOutput(bsn + " is uninstalled", () -> {
            try {
                return lineContaining(host.command("lb"), bsn).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        String after = host.command("fuse:drivers");
        assertTrue(lineStartingWith(after, driver + " ").isEmpty(), after);
        assertEquals("hello world\n", Files.readString(host.path("mnt/hello/message")));
    }

    // ----- 5. persistence ----------------------------------------------------------------------------------------

    @Test
    void aMountMadeFromTheShellSurvivesARestart() throws Exception {
        HostProcess first = startWithDefaults();
        Path kept = mkdir("kept");
        first.command("fuse:mount memfs " + kept + " capacity=4m");
        first.awaitWithOutput(kept + " is mounted", () -> Mounts.isOsgiFuseMount(kept));
        first.send("stop 0");
        first.awaitExit();
        assertFalse(Mounts.anyUnder(runs.dir()), "the stopped host left mounts: " + Mounts.all());

        HostProcess second = start();
        second.awaitWithOutput(kept + " is mounted again with 4 MiB", () -> totalSpace(kept) == 4 * MIB);
        String mounts = second.commandWhenReady("fuse:mounts");
        assertTrue(lineStartingWith(mounts, kept + " ").map(l -> l.contains("MOUNTED")).orElse(false), mounts);
        second.awaitWithOutput("hello is mounted again", () -> Mounts.isOsgiFuseMount(second.path("mnt/hello")));
        assertEquals("hello world\n", Files.readString(second.path("mnt/hello/message")));
    }

    // ----- 6. lifecycle ------------------------------------------------------------------------------------------

    @Test
    void stopZeroUnmountsEverythingAndExitsZero() throws Exception {
        HostProcess host = startWithDefaults();
        host.send("stop 0");
        int exit = host.awaitExit();
        assertFalse(Mounts.anyUnder(runs.dir()), () -> "mounts left after stop 0: " + Mounts.all()
                + "\nthe host's output:\n" + host.output());
        assertEquals(0, exit, "exit code of stop 0");
    }

    @Test
    void sigtermUnmountsEverythingAndExits() throws Exception {
        HostProcess host = startWithDefaults();
        host.process().destroy();
        int exit = host.awaitExit();
        System.out.println("host.itest: exit code after SIGTERM: " + exit);
        assertFalse(Mounts.anyUnder(runs.dir()), () -> "mounts left after SIGTERM: " + Mounts.all()
                + "\nthe host's output:\n" + host.output());
        assertEquals(0, exit, "exit code after SIGTERM");
    }

    @Test
    void ctrlCOnTheTerminalUnmountsEverythingAndExitsZero() throws Exception {
        Path script = Path.of(HostTest.class.getResource("/ctrl-c.py").toURI());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder("python3", script.toString(), runs.dir().toString(),
                "INFO fuse.runtime: mounted ", "2", javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", HostProcess.JAR.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertTrue(out.contains("seen 2"), "both default mounts came up before Ctrl-C:\n" + out);
        assertTrue(out.contains("exit 0\n"), "exit status after Ctrl-C:\n" + out);
        assertFalse(Mounts.anyUnder(runs.dir()), "mounts left after Ctrl-C: " + Mounts.all());
    }

    @Test
    void afterSigkillTheNextStartClearsTheStaleMountsAndMountsAgain() throws Exception {
        HostProcess killed = startWithDefaults();
        Path hello = killed.path("mnt/hello");
        Path memfs = killed.path("mnt/memfs");
        killed.process().destroyForcibly();
        killed.awaitExit();
        assertTrue(Mounts.isOsgiFuseMount(hello) && Mounts.isOsgiFuseMount(memfs),
                "SIGKILL cannot unmount: " + Mounts.all());
        assertTrue(Mounts.isDisconnected(hello), "stat of the dead hello mount fails with ENOTCONN");
        assertTrue(Mounts.isDisconnected(memfs), "stat of the dead memfs mount fails with ENOTCONN");

        HostProcess next = start();
        next.awaitOutput("mounted hello on " + hello);
        next.awaitOutput("mounted memfs on " + memfs);
        assertFalse(Mounts.isDisconnected(hello));
        assertEquals("hello world\n", Files.readString(hello.resolve("message")));
        Files.writeString(memfs.resolve("after-restart"), "ok");
        assertEquals("ok", Files.readString(memfs.resolve("after-restart")));
        long stacked = Mounts.all().stream().filter(m -> m.mountpoint().equals(hello)).count();
        assertEquals(1, stacked, "the stale mount was removed, not mounted over: " + Mounts.all());
    }

    @Test
    void theShellMountsOnAMountpointThatAnotherKilledHostLeftStale() throws Exception {
        HostProcess host = startWithDefaults();
        HostProcess other = runs.start(runs.dir().resolve("other"));
        Path left = other.path("mnt/memfs");
        other.awaitOutput("mounted memfs on " + left);
        other.process().destroyForcibly();
        other.awaitExit();
        assertTrue(Mounts.isOsgiFuseMount(left), "SIGKILL cannot unmount: " + Mounts.all());
        Mounts.unmount(other.path("mnt/hello")); // (the killed host's other mount is not this test's subject)

        // The running host never restarts, so its start-up sweep cannot clear this one; the shell's mount does.
        String reply = host.command("fuse:mount memfs " + left + " capacity=4m");
        assertTrue(reply.contains("configured memfs on " + left), reply);
        host.awaitOutput("mounted memfs on " + left);
        assertEquals(4 * MIB, totalSpace(left));
        Files.writeString(left.resolve("after"), "ok");
        assertEquals("ok", Files.readString(left.resolve("after")));
        long stacked = Mounts.all().stream().filter(m -> m.mountpoint().equals(left)).count();
        assertEquals(1, stacked, "the stale mount was removed, not mounted over: " + Mounts.all());
    }

    // ----- 7. security and durability ---------------------------------------------------------------------------

    @Test
    void mountsArePrivateWithKernelPermissionChecksAndTheHostListensOnTheLoopbackOnly() throws Exception {
        HostProcess host = startWithDefaults();
        for (String d : List.of("mnt/hello", "mnt/memfs")) {
            List<String> options = Mounts.superOptions(host.path(d));
            assertTrue(options.contains("default_permissions"), d + ": " + options);
            assertFalse(options.contains("allow_other"), d + ": " + options);
        }
        // the web console's HTTP server, on 127.0.0.1 (0100007F in /proc/net/tcp) and nowhere else
        host.awaitOutput("web console: http://127.0.0.1:" + host.httpPort() + "/system/console/fuse");
        // (Java's sockets are IPv6 ones; 127.0.0.1 is then the v4-mapped ::ffff:127.0.0.1)
        List<String> listening = listeningSockets(host.process().pid());
        String port = String.format(":%04X", host.httpPort());
        assertTrue(listening.equals(List.of("tcp 0100007F" + port))
                || listening.equals(List.of("tcp6 0000000000000000FFFF00000100007F" + port)),
                "the host listens on 127.0.0.1:" + host.httpPort() + " only: " + listening);
    }

    @Test
    void withHttpTurnedOffTheHostListensOnNoPort() throws Exception {
        HostProcess host = start("-Dorg.apache.felix.http.enable=false");
        host.awaitOutput("mounted memfs on " + host.path("mnt/memfs"));
        // the HTTP and console bundles are active all the same
        host.awaitWithOutput("the web console bundles active", () -> {
            try {
                String bundles = host.commandWhenReady("lb -s");
                return bundles.lines().filter(l -> l.contains("Active") && (l.contains("org.apache.felix.http.jetty12")
                        || l.contains("fuse.webconsole") || l.contains("org.apache.felix.webconsole"))).count() == 3;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(List.of(), listeningSockets(host.process().pid()), "sockets the host listens on");
    }

    @Test
    void dataAPassthroughWriterFsyncedSurvivesASigkillOfTheHost() throws Exception {
        HostProcess host = startWithDefaults();
        Path source = mkdir("source");
        Path mirror = mkdir("mirror");
        writeAtomically(host.path("etc/fuse.driver.passthrough-durable.cfg"),
                "fuse.mountpoint=" + mirror + "\nsource=" + source + "\n");
        host.awaitWithOutput(mirror + " is mounted", () -> Mounts.isOsgiFuseMount(mirror));

        byte[] acknowledged = new byte[4 * (int) MIB];
        new java.util.Random(7).nextBytes(acknowledged);
        try (var ch = java.nio.channels.FileChannel.open(mirror.resolve("journal"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(acknowledged);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true); // acknowledged: from here on the bytes must be on disk
            ch.write(java.nio.ByteBuffer.wrap(new byte[64 * 1024])); // in flight when the host dies
            host.process().destroyForcibly();
            host.awaitExit();
        } catch (IOException expectedAfterTheKill) {
            // closing a file on a dead mount may fail; the data that counts was fsynced before
        }
        byte[] onDisk = Files.readAllBytes(source.resolve("journal"));
        assertTrue(onDisk.length >= acknowledged.length, "on disk: " + onDisk.length + " bytes");
        assertTrue(java.util.Arrays.equals(acknowledged, 0, acknowledged.length, onDisk, 0, acknowledged.length),
                "the fsynced bytes are on disk unchanged");

        // The next start clears the dead mount and mirrors the same file again.
        // Wait for the new host's own word: until it has cleared the dead mount, a stat of the mountpoint may still
        // answer from attributes the kernel cached, and between clearing and mounting the directory is empty.
        HostProcess next = start();
        next.awaitOutput("mounted passthrough on " + mirror);
        assertFalse(Mounts.isDisconnected(mirror));
        assertEquals(onDisk.length, Files.size(mirror.resolve("journal")));
    }

    /** The TCP and UDP sockets (v4 and v6) in LISTEN (or, for UDP, bound) state that belong to process {@code pid}. */
    private static List<String> listeningSockets(long pid) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                boolean listening = table.startsWith("tcp") ? f[3].equals("0A") : f[3].equals("07");
                if (listening && inodes.contains(f[9])) {
                    out.add(table + " " + f[1]);
                }
            }
        }
        return out;
    }

    // ----- helpers -----------------------------------------------------------------------------------------------

    /** Writes a bundle (a manifest that declares a driver, no code) into {@code jar} in one step. */
    private static void dropBundle(Path jar, String bsn, String version, String driver) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Name", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Provide-Capability", "fuse.driver;fuse.driver=" + driver + ";pid=fuse.driver." + driver);
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Optional<String> lineStartingWith(String text, String prefix) {
        return text.lines().map(l -> l.startsWith("g! ") ? l.substring(3) : l).filter(l -> l.startsWith(prefix))
                .findFirst();
    }

    private static Optional<String> lineContaining(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).findFirst();
    }

    /** The size df shows, or -1 while nothing (or a dead mount) is there. */
    private static long totalSpace(Path mountpoint) {
        if (!Mounts.isOsgiFuseMount(mountpoint)) {
            return -1;
        }
        try {
            FileStore store = Files.getFileStore(mountpoint);
            return store.getTotalSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Writes a file FileInstall watches in one step: written under a name its filter ignores, then renamed, so it
     * never reads half a file.
     */
    private static void writeAtomically(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
