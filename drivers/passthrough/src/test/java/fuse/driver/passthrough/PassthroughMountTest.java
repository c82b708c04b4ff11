package fuse.driver.passthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Cmd;
import fuse.testing.Mounts;

/**
 * passthrough on a real mount, driven with java.nio and shell tools. Layout of each test's directory:
 * {@code src/} (the source), {@code m/mnt/} (the mount point), {@code outside/} (must never change) and
 * {@code m/outside/} (what a relative link {@code ../outside} in the source means when the kernel follows it from the
 * mount point: the kernel resolves symbolic links itself, on the mount side, and may go there).
 */
class PassthroughMountTest {
    @TempDir
    Path tmp;
    Path src;
    Path mnt;
    Path outside;
    FuseMount mount;

    @BeforeEach
    void mount() throws Exception {
        Mounts.assumeFuseDevice();
        src = Files.createDirectory(tmp.resolve("src"));
        Files.createDirectory(tmp.resolve("m"));
        mnt = Files.createDirectory(tmp.resolve("m/mnt"));
        Files.createDirectory(tmp.resolve("m/outside"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        // other users must reach the test directories (setpriv tests)
        run("chmod", "-R", "a+rwX", tmp.toString());
        mount = FuseMount.mount(new Passthrough(src), mnt,
                Map.of(Fuse.DRIVER, "passthrough", Fuse.FSNAME, "passthrough-test",
                        Fuse.OPTIONS, "default_permissions,allow_other"));
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.closeAndAssertUnmounted(mount, mnt);
    }

    /** Runs a command; returns "exit:output". */
    private static String exec(String... cmd) {
        Cmd.Result r = Cmd.of(cmd).mergeStderr().run();
        return r.exit() + ":" + r.out();
    }

    /** Runs a command that must succeed; returns its output. */
    private static String run(String... cmd) {
        return Cmd.of(cmd).mergeStderr().ok();
    }

    /** Runs a command as uid 1000, gid 1000 without supplementary groups. */
    private static String asUser(String... cmd) {
        return Cmd.of(cmd).as(1000, 1000).mergeStderr().ok();
    }

    /** The stat fields pyfuse3's tst_passthrough compares, with ns timestamps. */
    private static String stat(Path p) throws Exception {
        return run("stat", "--format=ino=%i mode=%f nlink=%h uid=%u gid=%g size=%s atime=%.9X mtime=%.9Y ctime=%.9Z",
                p.toString());
    }

    private void assertOutsideUntouched() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret")), s.toList(), "outside the source");
        }
        assertEquals("secret", Files.readString(outside.resolve("secret")));
    }

    @Test
    void readWriteMkdirSymlinkRenameLinkThroughTheMount() throws Exception {
        Path f = mnt.resolve("hello.txt");
        Files.writeString(f, "hello passthrough\n");
        assertEquals("hello passthrough\n", Files.readString(src.resolve("hello.txt")));
        run("sh", "-c", "echo appended >> '" + f + "'");
        assertEquals("hello passthrough\nappended\n", run("cat", f.toString()));
        Files.createDirectories(mnt.resolve("a/b/c"));
        run("cp", f.toString(), mnt.resolve("a/b/c/copy").toString());
        assertTrue(Files.isRegularFile(src.resolve("a/b/c/copy")));
        Files.createSymbolicLink(mnt.resolve("link"), Path.of("hello.txt"));
        assertEquals("hello.txt\n", run("readlink", mnt.resolve("link").toString()));
        assertEquals("hello.txt", Files.readSymbolicLink(src.resolve("link")).toString());
        run("mv", mnt.resolve("a/b").toString(), mnt.resolve("b2").toString());
        assertTrue(Files.isRegularFile(src.resolve("b2/c/copy")));
        run("ln", f.toString(), mnt.resolve("b2/hard").toString());
        assertEquals("2\n", run("stat", "-c", "%h", f.toString()));
        assertEquals(stat(f).replaceAll("ctime=\\S+", ""), stat(mnt.resolve("b2/hard")).replaceAll("ctime=\\S+", ""));
        Files.delete(f);
        assertEquals("hello passthrough\nappended\n", Files.readString(mnt.resolve("b2/hard")));
        assertEquals("1\n", run("stat", "-c", "%h", mnt.resolve("b2/hard").toString()));
        try (FileChannel ch = FileChannel.open(mnt.resolve("big"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3 }), 10_000_000);
            ch.truncate(5_000_001);
            assertEquals(5_000_001, ch.size());
        }
        assertEquals(5_000_001, Files.size(src.resolve("big")));
        run("setfattr", "-n", "user.colour", "-v", "blue", mnt.resolve("big").toString());
        assertTrue(run("getfattr", "-d", src.resolve("big").toString()).contains("user.colour=\"blue\""));
        assertEquals(Files.getFileStore(src).getTotalSpace(), Files.getFileStore(mnt).getTotalSpace(), "statfs");
    }

    @Test
    void changesPropagateBothWaysWithIdenticalStats() throws Exception {
        // source -> mount, at the top and in a subdirectory
        Files.createDirectories(src.resolve("sub/deeper"));
        Files.writeString(src.resolve("top"), "from the source");
        Files.writeString(src.resolve("sub/deeper/file"), "deep");
        run("touch", "-d", "2001-02-03 04:05:06.123456789", src.resolve("sub/deeper/file").toString());
        run("chown", "1234:4321", src.resolve("top").toString());
        run("chmod", "0640", src.resolve("top").toString());
        for (String name : List.of("top", "sub", "sub/deeper", "sub/deeper/file")) {
            assertEquals(stat(src.resolve(name)), stat(mnt.resolve(name)), name);
        }
        assertEquals("deep", Files.readString(mnt.resolve("sub/deeper/file")));
        Files.writeString(src.resolve("sub/deeper/file"), "changed in the source");
        assertEquals("changed in the source", Files.readString(mnt.resolve("sub/deeper/file")));

        // mount -> source
        Files.writeString(mnt.resolve("sub/deeper/made"), "made through the mount");
        run("touch", "-d", "@2114380800.999999999", mnt.resolve("sub/deeper/made").toString());
        run("chown", "1000:1000", mnt.resolve("sub/deeper/made").toString());
        run("chmod", "0600", mnt.resolve("sub/deeper/made").toString());
        run("mkdir", mnt.resolve("sub/newdir").toString());
        for (String name : List.of("sub/deeper/made", "sub/newdir", "sub", "sub/deeper")) {
            assertEquals(stat(mnt.resolve(name)), stat(src.resolve(name)), name);
        }
        assertTrue(stat(src.resolve("sub/deeper/made")).contains("mtime=2114380800.999999999"));

        // removal in the source shows at once (timeouts 0)
        Files.delete(src.resolve("top"));
        assertFalse(Files.exists(mnt.resolve("top")));
        try (Stream<Path> s = Files.list(mnt.resolve("sub"))) {
            assertEquals(List.of("deeper", "newdir"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aSymlinkToTheRootIsReadAsALinkAndTheKernelFollowsIt() throws Exception {
        run("ln", "-s", "/", src.resolve("evil").toString());
        assertEquals("/\n", run("readlink", mnt.resolve("evil").toString()));
        assertEquals("symbolic link\n", run("stat", "-c", "%F", mnt.resolve("evil").toString()));
        // the kernel resolves the link on the mount's side, as for any link: this lists the host's own /
        assertTrue(run("ls", mnt.resolve("evil") + "/").contains("proc\n"));
        // what the driver is asked to do with the link itself stays on the link
        run("chown", "-h", "1000:1000", mnt.resolve("evil").toString());
        assertEquals("0:0\n", run("stat", "-c", "%u:%g", "/"));
        assertEquals("1000:1000\n", run("stat", "-c", "%u:%g", src.resolve("evil").toString()));
        Files.delete(mnt.resolve("evil"));
        assertTrue(Files.isDirectory(Path.of("/proc")));
    }

    @Test
    void aRelativeLinkOutOfTheSourceLeadsOutOfTheMountPointInstead() throws Exception {
        // ../outside means tmp/outside from the source but tmp/m/outside from the mount point
        Files.createSymbolicLink(src.resolve("up"), Path.of("../outside"));
        Files.writeString(mnt.resolve("up/written"), "x");
        assertTrue(Files.exists(tmp.resolve("m/outside/written")), "followed by the kernel, from the mount point");
        assertOutsideUntouched();
    }

    @Test
    void swappingADirectoryWithALinkOutOfTheSourceNeverWritesOutside() throws Exception {
        Files.createDirectory(src.resolve("d"));
        Files.createSymbolicLink(src.resolve("lnk"), Path.of("../outside"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Files.move(src.resolve("d"), src.resolve("tmp"), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(src.resolve("lnk"), src.resolve("d"), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(src.resolve("d"), src.resolve("lnk"), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(src.resolve("tmp"), src.resolve("d"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // a move lost a race with itself: go on swapping
                }
            }
        });
        swapper.start();
        try {
            for (int i = 0; i < 1500; i++) {
                try {
                    Files.writeString(mnt.resolve("d/x" + i), "x");
                    try (Stream<Path> s = Files.list(mnt.resolve("d"))) {
                        s.count();
                    }
                } catch (IOException | UncheckedIOException e) {
                    // the name was a link or missing at that moment: expected
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertOutsideUntouched();
    }

    @Test
    void renamingADirectoryBackAndForthWhileLookingThroughItStaysInside() throws Exception {
        Files.createDirectories(src.resolve("a/inner"));
        Files.createDirectory(src.resolve("elsewhere"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread renamer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Files.move(src.resolve("a"), src.resolve("elsewhere/a"), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(src.resolve("elsewhere/a"), src.resolve("a"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // keep going
                }
            }
        });
        renamer.start();
        int seen = 0;
        try {
            for (int i = 0; i < 2000; i++) {
                try {
                    Files.writeString(mnt.resolve("a/inner/f" + (i % 10)), "x");
                    if (Files.isDirectory(mnt.resolve("a/inner"))) {
                        seen++;
                    }
                } catch (IOException e) {
                    // a was away at that moment
                }
            }
        } finally {
            stop.set(true);
            renamer.join();
        }
        assertTrue(seen > 0, "some lookups went through");
        assertOutsideUntouched();
        try (Stream<Path> s = Files.list(src.resolve("a/inner"))) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().matches("f\\d")));
        }
    }

    @Test
    void theCallerOwnsWhatItMakesAndSetgidDirectoriesKeepTheirGroup() throws Exception {
        asUser("touch", mnt.resolve("file").toString());
        asUser("mkdir", mnt.resolve("dir").toString());
        asUser("ln", "-s", "file", mnt.resolve("link").toString());
        asUser("mkfifo", mnt.resolve("fifo").toString());
        for (String name : List.of("file", "dir", "link", "fifo")) {
            assertEquals("1000:1000\n", run("stat", "-c", "%u:%g", src.resolve(name).toString()), name);
        }
        Path sg = Files.createDirectory(src.resolve("sg"));
        run("chgrp", "4321", sg.toString());
        run("chmod", "2777", sg.toString());
        asUser("touch", src.resolve("sg/direct").toString());
        asUser("touch", mnt.resolve("sg/via-mount").toString());
        asUser("mkdir", mnt.resolve("sg/subdir").toString());
        assertEquals(run("stat", "-c", "%u:%g", src.resolve("sg/direct").toString()),
                run("stat", "-c", "%u:%g", src.resolve("sg/via-mount").toString()));
        assertEquals("1000:4321:drwxr-sr-x\n", run("stat", "-c", "%u:%g:%A", src.resolve("sg/subdir").toString()));
    }

    /**
     * libc's opendir/readdir/telldir/seekdir/rewinddir through ctypes: prints the whole listing, then the entries after
     * the 1000th again after seekdir back to it, then the listing after rewinddir, each line "count first last".
     */
    private static final String LISTER = """
            import ctypes, sys
            class Dirent(ctypes.Structure):
                _fields_ = [('ino', ctypes.c_uint64), ('off', ctypes.c_int64), ('reclen', ctypes.c_ushort),
                            ('type', ctypes.c_ubyte), ('name', ctypes.c_char * 256)]
            libc = ctypes.CDLL(None, use_errno=True)
            libc.opendir.restype = ctypes.c_void_p
            libc.readdir.restype = ctypes.POINTER(Dirent)
            libc.readdir.argtypes = [ctypes.c_void_p]
            libc.telldir.restype = ctypes.c_long
            libc.telldir.argtypes = [ctypes.c_void_p]
            libc.seekdir.argtypes = [ctypes.c_void_p, ctypes.c_long]
            libc.rewinddir.argtypes = [ctypes.c_void_p]
            d = libc.opendir(sys.argv[1].encode())
            def rest():
                out = []
                while True:
                    e = libc.readdir(d)
                    if not e:
                        return out
                    out.append(e.contents.name.decode())
            first = []
            for i in range(1000):
                first.append(libc.readdir(d).contents.name.decode())
            mark = libc.telldir(d)
            after = rest()
            libc.seekdir(d, mark)
            again = rest()
            libc.rewinddir(d)
            whole = rest()
            print('\\n'.join(first + after))
            print('--')
            print('\\n'.join(again))
            print('--')
            print('\\n'.join(whole))
            """;

    @Test
    void aLargeDirectoryListsEveryEntryOnceAndSeekdirAndRewinddirGoBackInIt() throws Exception {
        Path big = Files.createDirectory(src.resolve("big"));
        java.util.Set<String> names = new java.util.TreeSet<>(List.of(".", ".."));
        for (int i = 0; i < 3000; i++) {
            // lengths from 5 to 204 bytes, so the pages end at different entries of getdents64's batches
            String name = "e" + String.format("%04d", i) + "x".repeat(i % 200);
            Files.createFile(big.resolve(name));
            names.add(name);
        }
        String[] parts = run("python3", "-c", LISTER, mnt.resolve("big").toString()).split("--\n");
        List<String> listed = List.of(parts[0].strip().split("\n"));
        List<String> again = List.of(parts[1].strip().split("\n"));
        List<String> whole = List.of(parts[2].strip().split("\n"));
        assertEquals(names.size(), listed.size(), "every entry once: " + listed.size() + " listed");
        assertEquals(names, new java.util.TreeSet<>(listed));
        assertEquals(listed.subList(1000, listed.size()), again,
                "seekdir back to the 1000th entry lists on from there");
        assertEquals(listed, whole, "rewinddir lists the same again");
    }

    @Test
    void locksAreSharedWithProcessesUsingTheSource() throws Exception {
        Path f = Files.writeString(src.resolve("f"), "x");
        Process holder = new ProcessBuilder("flock", f.toString(), "sh", "-c", "echo locked; read x").start();
        try {
            assertEquals("locked\n", new String(holder.getInputStream().readNBytes(7), StandardCharsets.UTF_8));
            assertTrue(exec("flock", "-n", mnt.resolve("f").toString(), "true").startsWith("1:"),
                    "flock through the mount sees the lock taken on the source");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(exec("flock", "-n", mnt.resolve("f").toString(), "true").startsWith("0:"));

        // A POSIX lock held by another process on the source. (Not by this JVM: the driver runs in it too, and
        // its closing a descriptor of the file, for the release of an earlier open, would drop this process's
        // POSIX locks on it.)
        String tryLock = "import fcntl,sys\nf=open(sys.argv[1],'r+')\ntry:\n fcntl.lockf(f, fcntl.LOCK_EX|"
                + "fcntl.LOCK_NB)\n print('got')\nexcept OSError:\n print('busy')";
        Process posixHolder = new ProcessBuilder("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\nsys.stdin.read()", f.toString())
                .start();
        try {
            assertEquals("locked\n", new String(posixHolder.getInputStream().readNBytes(7), StandardCharsets.UTF_8));
            assertEquals("busy\n", run("python3", "-c", tryLock, mnt.resolve("f").toString()),
                    "lockf through the mount sees the POSIX lock on the source");
        } finally {
            posixHolder.getOutputStream().close();
            posixHolder.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals("got\n", run("python3", "-c", tryLock, mnt.resolve("f").toString()), "and its release");
    }

    @Test
    void unmountingLeavesNoDescriptorOfTheSourceOpen() throws Exception {
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(mnt.resolve("d" + i + "/e"));
        }
        mount.close();
        mount = null;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            List<String> intoSource = fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.startsWith(src.toString())).toList();
            assertEquals(List.of(), intoSource);
        }
    }
}
