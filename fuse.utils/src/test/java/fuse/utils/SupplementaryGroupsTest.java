package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.testing.Cmd;

class SupplementaryGroupsTest {
    @TempDir
    Path proc;

    private static Set<Integer> parseIds(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? Set.of()
                : Arrays.stream(trimmed.split("\\s+")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    private void writeStatus(int pid, String groupsLine) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("status"), "Name:\tprobe\nUid:\t0\t0\t0\t0\n" + groupsLine + "VmRSS:\t1 kB\n",
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void ownGroupsMatchIdAndProcReadIndependently() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        Set<Integer> groups = FuseUtils.getSupGroups(pid);

        // /proc/self/status read without the code under test
        String line = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow();
        assertEquals(parseIds(line.substring("Groups:".length())), groups);

        // `id -G` prints the effective gid followed by the supplementary groups
        Set<Integer> id = parseIds(Cmd.of("id", "-G").ok());
        int egid = Integer.parseInt(Cmd.of("id", "-g").ok().strip());
        Set<Integer> withPrimary = new java.util.HashSet<>(groups);
        withPrimary.add(egid);
        assertEquals(id, withPrimary);
    }

    @Test
    void groupsOfAnotherProcessMatchWhatItWasGiven() throws Exception {
        // the child prints its own view (`id -G`) and then waits; after that line its groups are set
        Process child = new ProcessBuilder(concat(Cmd.asUser(0, 0, 4, 27, 1000, 70000),
                List.of("sh", "-c", "id -G; exec sleep 600"))).start();
        try {
            child.getOutputStream().close();
            String seenByChild = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            Set<Integer> groups = FuseUtils.getSupGroups((int) child.pid());
            assertEquals(Set.of(4, 27, 1000, 70000), groups);
            Set<Integer> withPrimary = new java.util.HashSet<>(groups);
            withPrimary.add(0);
            assertEquals(parseIds(seenByChild), withPrimary);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void missingProcessIsNotFound() throws Exception {
        // pids are always below pid_max, so this one cannot exist. (Read line-wise: on this kernel
        // Files.readString of a sysctl file returns only its first byte.)
        int pidMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
        assertThrows(NoSuchFileException.class, () -> FuseUtils.getSupGroups(pidMax),
                () -> "pid " + pidMax + " exists: " + java.nio.file.Files.exists(Path.of("/proc/" + pidMax)));
        assertThrows(NoSuchFileException.class, () -> new SupplementaryGroups().get(pidMax));
        assertEquals(Set.of(), new SupplementaryGroups().getOrEmpty(pidMax));
    }

    @Test
    void statusWithoutGroupsLineIsAParseErrorNamingTheFile() throws Exception {
        writeStatus(42, "");
        SupplementaryGroups groups = new SupplementaryGroups(proc, Duration.ZERO, System::nanoTime);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> groups.get(42));
        assertTrue(e.getMessage().contains(proc.resolve("42").resolve("status").toString()), e.getMessage());
        assertEquals(Set.of(), groups.getOrEmpty(42));
    }

    @Test
    void unparseableGroupsLineIsAParseErrorNamingTheFile() throws Exception {
        writeStatus(43, "Groups:\t1 two 3\n");
        SupplementaryGroups groups = new SupplementaryGroups(proc, Duration.ZERO, System::nanoTime);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> groups.get(43));
        assertTrue(e.getMessage().contains(proc.resolve("43").resolve("status").toString())
                && e.getMessage().contains("two"), e.getMessage());
    }

    @Test
    void emptyGroupsLineIsAnEmptySetAndOddNamesDoNotMatter() throws Exception {
        Path dir = Files.createDirectories(proc.resolve("44"));
        // a command name that is not UTF-8 must not break the parse
        byte[] status = "Name:\t\u00ff\u00fe\nGroups:\t \nNSpid:\t44\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("status"), status);
        assertEquals(Set.of(), new SupplementaryGroups(proc, Duration.ZERO, System::nanoTime).get(44));
    }

    @Test
    void largeGidsKeepTheirBits() throws Exception {
        writeStatus(45, "Groups:\t0 4294967294 \n");
        assertEquals(Set.of(0, -2), new SupplementaryGroups(proc, Duration.ZERO, System::nanoTime).get(45));
    }

    @Test
    void cacheServesWithinTheTtlAndRereadsAfterItOrOnInvalidate() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        SupplementaryGroups groups = new SupplementaryGroups(proc, Duration.ofSeconds(10), now::get);
        writeStatus(50, "Groups:\t1 2\n");
        assertEquals(Set.of(1, 2), groups.get(50));

        writeStatus(50, "Groups:\t3\n");
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(Set.of(1, 2), groups.get(50), "still fresh: served from the cache");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Set.of(3), groups.get(50), "expired: read again");

        writeStatus(50, "Groups:\t4\n");
        assertEquals(Set.of(3), groups.get(50));
        groups.invalidate(50);
        assertEquals(Set.of(4), groups.get(50), "invalidated: read again");

        writeStatus(50, "Groups:\t5\n");
        groups.invalidateAll();
        assertEquals(Set.of(5), groups.get(50));
        assertEquals(Duration.ofSeconds(10), groups.ttl());
    }

    @Test
    void zeroTtlReadsEveryTimeAndFailuresAreNotCached() throws Exception {
        AtomicLong now = new AtomicLong();
        SupplementaryGroups uncached = new SupplementaryGroups(proc, Duration.ZERO, now::get);
        writeStatus(60, "Groups:\t1\n");
        assertEquals(Set.of(1), uncached.get(60));
        writeStatus(60, "Groups:\t2\n");
        assertEquals(Set.of(2), uncached.get(60));

        SupplementaryGroups cached = new SupplementaryGroups(proc, Duration.ofHours(1), now::get);
        assertThrows(NoSuchFileException.class, () -> cached.get(61));
        writeStatus(61, "Groups:\t7\n");
        assertEquals(Set.of(7), cached.get(61), "the failure was not remembered");
    }

    @Test
    void cacheStaysBounded() throws Exception {
        AtomicLong now = new AtomicLong();
        SupplementaryGroups groups = new SupplementaryGroups(proc, Duration.ofHours(1), now::get);
        for (int pid = 1; pid <= SupplementaryGroups.MAX_ENTRIES + 10; pid++) {
            writeStatus(pid, "Groups:\t" + pid + "\n");
            assertEquals(Set.of(pid), groups.get(pid));
        }
        // still correct after the bound forced an eviction
        assertEquals(Set.of(1), groups.get(1));
    }

    @Test
    void negativeTtlIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SupplementaryGroups(Duration.ofSeconds(-1)));
    }
}
