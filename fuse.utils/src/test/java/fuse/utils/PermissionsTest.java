package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.testing.Calls;
import fuse.testing.Cmd;
import fuse.testing.Ctx;
import fuse.testing.Tmpfs;

/**
 * The permission check against the kernel's own decision: access(2) on tmpfs inodes with the same mode, owner and
 * group, asked by a child process running with the same uid, gid and supplementary groups.
 */
class PermissionsTest {
    private static final int OWNER = 1000;
    private static final int GROUP = 1000;
    private static final int[] MODES = {0000, 0001, 0002, 0004, 0010, 0020, 0040, 0100, 0200, 0400, 0007, 0070,
        0700, 0777, 0640, 0604, 0460, 0406, 0046, 0064, 0750, 0705, 0075, 0057, 0111, 0555, 0666, 0077, 0707,
        0771, 0123, 0456, 0321, 0642, 0530, 0305};

    /** A caller: uid, gid and supplementary groups. */
    private record Caller(String what, int uid, int gid, int... groups) {
        Set<Integer> groupSet() {
            return Arrays.stream(groups).boxed().collect(Collectors.toSet());
        }
    }

    private static final List<Caller> CALLERS = List.of(
            new Caller("owner", OWNER, GROUP),
            new Caller("owner in another group", OWNER, 2000, 3000),
            new Caller("group by primary gid", 2000, GROUP),
            new Caller("group by supplementary gid", 2000, 2000, 3000, GROUP),
            new Caller("other with unrelated groups", 2000, 2000, 3000, 4000),
            new Caller("other without groups", 65534, 65534),
            new Caller("root", 0, 0));

    private static Tmpfs tmpfs;
    /** File name to its mode, including the type bits. */
    private static final Map<String, Integer> INODES = new LinkedHashMap<>();

    @BeforeAll
    static void createInodes() throws Exception {
        tmpfs = Tmpfs.mountTemp("fuse-utils-perm", "4m");
        for (int mode : MODES) {
            String octal = String.format("%04o", mode);
            Path file = Files.createFile(tmpfs.dir().resolve("f" + octal));
            Path dir = Files.createDirectory(tmpfs.dir().resolve("d" + octal));
            for (Path p : List.of(file, dir)) {
                Files.setAttribute(p, "unix:uid", OWNER);
                Files.setAttribute(p, "unix:gid", GROUP);
                Files.setAttribute(p, "unix:mode", mode);
            }
            INODES.put(file.getFileName().toString(), Fuse.S_IFREG | mode);
            INODES.put(dir.getFileName().toString(), Fuse.S_IFDIR | mode);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    /** The kernel's answers for one caller: "name mask" to granted. */
    private static Map<String, Boolean> kernel(Caller caller) throws Exception {
        String script = """
                import os, sys
                for p in sys.argv[1:]:
                    for m in range(8):
                        print(os.path.basename(p), m, int(os.access(p, m)))
                """;
        List<String> command = new ArrayList<>(Cmd.asUser(caller.uid(), caller.gid(), caller.groups()));
        command.addAll(List.of(Cmd.PYTHON, "-c", script));
        INODES.keySet().forEach(name -> command.add(tmpfs.dir().resolve(name).toString()));
        Map<String, Boolean> answers = new HashMap<>();
        for (String line : Cmd.of(command).ok().split("\n")) {
            String[] parts = line.split(" ");
            answers.put(parts[0] + " " + parts[1], parts[2].equals("1"));
        }
        assertEquals(INODES.size() * 8, answers.size());
        return answers;
    }

    @Test
    void agreesWithTheKernelForEveryModeCallerAndMask() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (Caller caller : CALLERS) {
            Map<String, Boolean> kernel = kernel(caller);
            Ctx ctx = new Ctx(caller.uid(), caller.gid(), 1, caller.groups());
            for (Map.Entry<String, Integer> inode : INODES.entrySet()) {
                EntryAttributes attributes = new EntryAttributes().mode(inode.getValue()).uid(OWNER).gid(GROUP);
                for (int mask = 0; mask < 8; mask++) {
                    boolean expected = kernel.get(inode.getKey() + " " + mask);
                    boolean explicit = Permissions.check(inode.getValue(), OWNER, GROUP, caller.uid(), caller.gid(),
                            caller.groupSet(), mask);
                    boolean fromContext = Permissions.check(attributes, ctx, mask);
                    if (explicit != expected || fromContext != expected) {
                        disagreements.add(caller.what() + ": " + inode.getKey() + " mask " + mask + " kernel="
                                + expected + " check=" + explicit + " check(ctx)=" + fromContext);
                    }
                    compared++;
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertEquals(CALLERS.size() * MODES.length * 2 * 8, compared);
    }

    @Test
    void supplementaryGroupsFromTheCallersPidAgreeWithTheKernel() throws Exception {
        Caller caller = CALLERS.get(3);
        List<String> command = new ArrayList<>(Cmd.asUser(caller.uid(), caller.gid(), caller.groups()));
        command.addAll(List.of("sh", "-c", "echo ready; exec sleep 600"));
        Process child = new ProcessBuilder(command).start();
        try {
            child.getOutputStream().close();
            assertEquals("ready", new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            // the context carries no groups: they must come from /proc/<pid>/status of the caller
            Ctx ctx = new Ctx(caller.uid(), caller.gid(), (int) child.pid(), new int[0]);
            SupplementaryGroups groups = new SupplementaryGroups(Duration.ofMinutes(1));
            Map<String, Boolean> kernel = kernel(caller);
            List<String> disagreements = new ArrayList<>();
            for (Map.Entry<String, Integer> inode : INODES.entrySet()) {
                EntryAttributes attributes = new EntryAttributes().mode(inode.getValue()).uid(OWNER).gid(GROUP);
                for (int mask = 0; mask < 8; mask++) {
                    if (Permissions.check(attributes, ctx, mask, groups) != kernel.get(inode.getKey() + " " + mask)) {
                        disagreements.add(inode.getKey() + " mask " + mask);
                    }
                }
            }
            assertEquals(List.of(), disagreements);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void requireThrowsEaccesAndAnswerRepliesInOneLine() {
        EntryAttributes attributes = new EntryAttributes().mode(Fuse.S_IFREG | 0640).uid(OWNER).gid(GROUP);
        Ctx other = Ctx.user(2000, 2000);
        Ctx member = Ctx.user(2000, 2000, GROUP);

        FuseException denied = assertThrows(FuseException.class,
                () -> Permissions.require(attributes, other, Fuse.R_OK));
        assertEquals(Errno.EACCES, denied.errno());
        Permissions.require(attributes, member, Fuse.R_OK);

        Calls.Answer reply = new Calls.Answer();
        Permissions.answer(reply, attributes, other, Fuse.R_OK);
        assertEquals(Errno.EACCES, reply.errno);
        Calls.Answer granted = new Calls.Answer();
        Permissions.answer(granted, attributes, member, Fuse.R_OK);
        assertTrue(granted.answered && granted.errno == 0, "answered ok");
    }

    @Test
    void rejectsAMaskWithUnknownBits() {
        EntryAttributes attributes = new EntryAttributes();
        Ctx ctx = Ctx.ROOT;
        assertThrows(IllegalArgumentException.class, () -> Permissions.check(attributes, ctx, 8));
        assertFalse(Permissions.check(0, 1, 1, 2, 2, Set.of(), Fuse.R_OK));
    }
}
