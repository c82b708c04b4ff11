package fuse.driver.memfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/** {@code chattr +i} and {@code +a} on memfs, set and honoured as on ext4, driven with the shell's tools. */
class InodeFlagsMountTest {
    @TempDir
    Path tmp;
    Path mp;
    FuseMount mount;

    @BeforeEach
    void mount() throws IOException {
        mp = Mounts.mountpoint(tmp.resolve("memfs"));
        mount = FuseMount.mount(new MemFs(MemFsConfig.defaults()), mp, Map.of(Fuse.DRIVER, "memfs"));
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.closeAndAssertUnmounted(mount, mp);
    }

    private static String sh(String script) {
        return Cmd.of("sh", "-c", script).mergeStderr().ok();
    }

    /** Runs {@code script}, which must fail, and returns its output. */
    private static String fails(String script) {
        return Cmd.of("sh", "-c", script).mergeStderr().fails();
    }

    /** Runs each change in the mount point: every one must be refused with EPERM. */
    private void assertNotPermitted(String... changes) {
        Cmd.assertRefused(mp, "Operation not permitted", changes);
    }

    @Test
    void anImmutableFileCannotBeChangedRenamedOrRemovedUntilTheFlagIsCleared() throws Exception {
        Path f = mp.resolve("f");
        Files.writeString(f, "kept\n");
        sh("chattr +i " + f);
        assertTrue(sh("lsattr " + f).startsWith("----i"), sh("lsattr " + f));
        assertNotPermitted("echo more >> f", "echo new > f", "truncate -s 0 f", "chmod 600 f", "touch f", "rm -f f",
                "mv f g", "ln f g", "setfattr -n user.a -v 1 f");
        assertEquals("kept\n", Files.readString(f), "content unchanged");
        assertEquals("f", sh("ls " + mp).trim(), "still there under its name");
        sh("chattr -i " + f + " && rm " + f);
        assertFalse(Files.exists(f), "removable once the flag is cleared");
    }

    @Test
    void anAppendOnlyFileTakesAppendsAndNothingElse() throws Exception {
        Path f = mp.resolve("log");
        Files.writeString(f, "one\n");
        sh("chattr +a " + f);
        assertTrue(sh("lsattr " + f).startsWith("-----a"), sh("lsattr " + f));
        sh("echo two >> " + f);
        assertNotPermitted("echo new > log", "truncate -s 0 log", "rm -f log", "mv log g");
        assertEquals("one\ntwo\n", Files.readString(f));
    }

    @Test
    void anAppendOnlyDirectoryGainsEntriesButLosesNone() throws Exception {
        Path d = Files.createDirectory(mp.resolve("d"));
        Files.writeString(d.resolve("old"), "x");
        sh("chattr +a " + d);
        sh("touch " + d.resolve("new"));
        String out = fails("rm " + d.resolve("old"));
        assertTrue(out.contains("Operation not permitted"), out);
        assertEquals("new\nold", sh("ls " + d).trim());
    }

    @Test
    void aFlagMemfsDoesNotKeepIsRefused() throws Exception {
        Path f = mp.resolve("f");
        Files.writeString(f, "x");
        String out = fails("chattr +d " + f);
        assertTrue(out.contains("Operation not supported"), out);
        assertTrue(sh("lsattr " + f).startsWith("------"), "no flag set: " + sh("lsattr " + f));
    }
}
