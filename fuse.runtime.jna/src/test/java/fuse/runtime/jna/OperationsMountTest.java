package fuse.runtime.jna;

import static fuse.runtime.jna.MountTestSupport.py;
import static fuse.runtime.jna.MountTestSupport.sh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Fuse;
import fuse.testing.Mounts;

/**
 * Every operation, driven by ordinary file calls against a real mount of {@link TestFs}: each test checks that the
 * request reached the driver with the right arguments and that the driver's reply reached the caller.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OperationsMountTest {
    @TempDir
    Path tmp;
    TestFs fs;
    FuseMount mount;
    Path mp;

    @BeforeEach
    void mount() throws IOException {
        fs = new TestFs();
        mp = tmp.resolve("mnt");
        mount = MountTestSupport.mount(fs, mp, Map.of(Fuse.DRIVER, "testfs"));
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.closeAndAssertUnmounted(mount, mp);
    }

    private boolean called(String call) {
        return fs.calls.contains(call);
    }

    @Test
    void initNegotiatesOneMebibyteWrites() {
        assertTrue(called("init max_write=1048576"), fs.calls.toString());
        assertTrue(fs.connection.maxWrite() >= 128 * 1024);
    }

    @Test
    void createWriteReadAndStatThroughNio() throws IOException {
        byte[] data = "some bytes\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(mp.resolve("f"), data);
        assertArrayEquals(data, Files.readAllBytes(mp.resolve("f")));
        assertEquals(data.length, Files.size(mp.resolve("f")));
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("create 1 f 100")), fs.calls.toString());
        assertTrue(called("write " + ino + " fh=" + ino * 1000 + " off=0 len=" + data.length), fs.calls.toString());
        assertTrue(called("flush " + ino + " fh=" + ino * 1000));
        assertTrue(called("release " + ino + " fh=" + ino * 1000));
    }

    @Test
    void shellToolsSeeTheFiles() throws Exception {
        fs.addFile(Fuse.ROOT_INODE, "hello.txt", "hi there\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hi there\n", sh("cat " + mp + "/hello.txt"));
        assertEquals("hello.txt\n", sh("ls " + mp));
        assertEquals("9 regular file\n", sh("stat -c '%s %F' " + mp + "/hello.txt"));
    }

    @Test
    void lookupOfAMissingNameIsEnoent() {
        assertThrows(NoSuchFileException.class, () -> Files.readAttributes(mp.resolve("missing"), "unix:ino"));
        assertTrue(called("lookup 1 missing"));
    }

    @Test
    void mkdirRmdirSymlinkReadlinkLinkUnlink() throws Exception {
        Files.createDirectory(mp.resolve("d"));
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("mkdir 1 d 40")), fs.calls.toString());
        Files.createSymbolicLink(mp.resolve("l"), Path.of("target/x"));
        assertTrue(called("symlink 1 l -> target/x"));
        assertEquals("target/x", Files.readSymbolicLink(mp.resolve("l")).toString());
        Files.write(mp.resolve("f"), new byte[] { 1 });
        Files.createLink(mp.resolve("d/hard"), mp.resolve("f"));
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        long dino = fs.nodes.get(Fuse.ROOT_INODE).children.get("d");
        assertTrue(called("link " + ino + " " + dino + " hard"));
        assertEquals(2, ((Number) Files.getAttribute(mp.resolve("d/hard"), "unix:nlink")).intValue());
        Files.delete(mp.resolve("d/hard"));
        assertTrue(called("unlink " + dino + " hard"));
        Files.delete(mp.resolve("d"));
        assertTrue(called("rmdir 1 d"));
    }

    @Test
    void renameWithAndWithoutNoreplace() throws Exception {
        Files.write(mp.resolve("a"), new byte[] { 1 });
        Files.write(mp.resolve("b"), new byte[] { 2 });
        String renameat2 = "import ctypes,sys,os\nlibc=ctypes.CDLL(None,use_errno=True)\n"
                + "r=libc.renameat2(-100,sys.argv[1].encode(),-100,sys.argv[2].encode(),1)\n"
                + "print(r, os.strerror(ctypes.get_errno()) if r else 'ok')";
        assertEquals("-1 File exists", py(renameat2, mp + "/a", mp + "/b"), "NOREPLACE onto an existing name");
        assertEquals("0 ok", py(renameat2, mp + "/a", mp + "/c"));
        assertTrue(called("rename 1 a 1 c flags=1"), fs.calls.toString());
        Files.move(mp.resolve("c"), mp.resolve("b"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(called("rename 1 c 1 b flags=0"));
        assertEquals(1, Files.readAllBytes(mp.resolve("b"))[0], "b was replaced by the renamed a");
        Files.move(mp.resolve("b"), mp.resolve("c"));
        assertTrue(Files.exists(mp.resolve("c")));
    }

    @Test
    void mknodMakesFifosAndDevices() throws Exception {
        py("import os,sys,stat\nos.mkfifo(sys.argv[1]+'/fifo', 0o644)\n"
                + "os.mknod(sys.argv[1]+'/null', 0o600|stat.S_IFCHR, os.makedev(1,3))", mp.toString());
        assertTrue(called("mknod 1 fifo 10644 0"), fs.calls.toString());
        assertTrue(called("mknod 1 null 20600 259"), fs.calls.toString());
        assertEquals("fifo\n", sh("stat -c %F " + mp + "/fifo"));
        assertEquals("character special file 1,3\n", sh("stat -c '%F %Hr,%Lr' " + mp + "/null"));
    }

    @Test
    void setattrCarriesModeSizeAndNanosecondTimes() throws Exception {
        Files.write(mp.resolve("f"), new byte[100]);
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        sh("chmod 640 " + mp + "/f");
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("setattr " + ino) && c.contains("mode=100640")),
                fs.calls.toString());
        sh("truncate -s 10 " + mp + "/f");
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("setattr " + ino) && c.contains("size=10")));
        try (FileChannel ch = FileChannel.open(mp.resolve("f"), StandardOpenOption.WRITE)) {
            ch.truncate(3);
        }
        assertTrue(fs.calls.stream().anyMatch(c -> c.contains("size=3") && c.endsWith(" fh")), fs.calls.toString());
        assertEquals(3, Files.size(mp.resolve("f")));
        sh("touch -m -d '2037-01-01 00:00:00.999999999 UTC' " + mp + "/f");
        long expected = 2114380800L * 1_000_000_000L + 999_999_999L;
        assertTrue(fs.calls.stream().anyMatch(c -> c.contains("mtime=" + expected)), fs.calls.toString());
        assertEquals("2114380800.999999999\n", sh("stat -c %.9Y " + mp + "/f"));
    }

    @Test
    void statfsRepliesReachDf() throws Exception {
        assertEquals(1000L * 4096, Files.getFileStore(mp).getTotalSpace());
        assertEquals(500L * 4096, Files.getFileStore(mp).getUsableSpace());
        assertEquals("77 33 255\n", sh("stat -f -c '%c %d %l' " + mp));
    }

    @Test
    void xattrsWithSizeProbesAndMissingNames() throws Exception {
        Files.write(mp.resolve("f"), new byte[0]);
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        sh("setfattr -n user.color -v blue " + mp + "/f");
        assertTrue(called("setxattr " + ino + " user.color=blue flags=0"));
        assertEquals("\"blue\"", py("import os,sys\n"
                + "print(repr(os.getxattr(sys.argv[1],'user.color').decode()).replace(\"'\",'\"'))", mp + "/f"));
        // A size probe (size 0) then the value: both served from one driver answer each.
        assertEquals("4", py("import ctypes,sys\nlibc=ctypes.CDLL(None)\n"
                + "print(libc.getxattr(sys.argv[1].encode(),b'user.color',None,0))", mp + "/f"));
        assertEquals("-1 34", py("import ctypes,sys\nlibc=ctypes.CDLL(None,use_errno=True)\n"
                + "b=ctypes.create_string_buffer(2)\n"
                + "print(libc.getxattr(sys.argv[1].encode(),b'user.color',b,2), ctypes.get_errno())", mp + "/f"));
        sh("setfattr -n user.size -v xx " + mp + "/f");
        assertEquals("['user.color', 'user.size']",
                py("import os,sys\nprint(sorted(os.listxattr(sys.argv[1])))", mp + "/f"));
        sh("setfattr -x user.color " + mp + "/f");
        assertTrue(called("removexattr " + ino + " user.color"));
        String missing = fuse.testing.Cmd.of("getfattr", "-n", "user.color", mp + "/f").mergeStderr().run().out();
        assertTrue(missing.contains("No such attribute"), missing);
    }

    @Test
    void readdirPagesThroughThousandsOfEntries() throws Exception {
        for (int i = 0; i < 5000; i++) {
            fs.addFile(Fuse.ROOT_INODE, "file-with-a-longish-name-" + i, new byte[0]);
        }
        assertEquals("5002\n", sh("ls -f " + mp + " | wc -l"));
        try (Stream<Path> s = Files.list(mp)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertEquals(5000, names.size());
            assertEquals(5000, names.stream().distinct().count());
        }
        assertTrue(fs.calls.stream().filter(c -> c.startsWith("readdir 1")).count() > 2, "several pages");
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("readdir 1") && !c.contains(" off=0")));
        assertTrue(called("opendir 1"));
        // (the kernel sends RELEASEDIR in the background after closedir returns)
        MountTestSupport.awaitTrue(() -> called("releasedir 1 fh=8"), "releasedir of the listed directory");
    }

    @Test
    void fsyncAndFsyncdir() throws Exception {
        Files.write(mp.resolve("f"), new byte[] { 1 });
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        try (FileChannel ch = FileChannel.open(mp.resolve("f"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { 2 }));
            ch.force(true);
            ch.force(false);
        }
        assertTrue(called("fsync " + ino + " fh=" + ino * 1000 + " datasync=false"), fs.calls.toString());
        assertTrue(called("fsync " + ino + " fh=" + ino * 1000 + " datasync=true"), fs.calls.toString());
        py("import os,sys\nfd=os.open(sys.argv[1],os.O_RDONLY|os.O_DIRECTORY)\nos.fsync(fd)\nos.close(fd)",
                mp.toString());
        assertTrue(called("fsyncdir 1 fh=8"), fs.calls.toString());
    }

    @Test
    void posixLocksAndFlock() throws Exception {
        Files.write(mp.resolve("f"), new byte[10]);
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        try (FileChannel ch = FileChannel.open(mp.resolve("f"), StandardOpenOption.WRITE);
                FileLock lock = ch.lock(0, 5, false)) {
            assertTrue(lock.isValid());
        }
        assertTrue(called("setlk " + ino + " type=1 start=0 end=4 sleep=true"), fs.calls.toString());
        assertTrue(called("setlk " + ino + " type=2 start=0 end=4 sleep=false"), fs.calls.toString());
        // F_GETLK reports the conflicting lock the driver answers with.
        fs.locks.add(new fuse.api.FileLock(Fuse.F_WRLCK, 2, 7, 4242));
        String getlk = py("import fcntl,os,struct,sys\nfd=os.open(sys.argv[1],os.O_RDWR)\n"
                + "r=fcntl.fcntl(fd,fcntl.F_GETLK,struct.pack('hhqqi4x',fcntl.F_WRLCK,0,0,0,0))\n"
                + "t,w,s,l,p=struct.unpack('hhqqi4x',r)\nprint(t,s,l)", mp + "/f");
        assertEquals("1 2 6", getlk);
        assertTrue(called("getlk " + ino + " type=1 start=0 end=" + Long.MAX_VALUE), fs.calls.toString());
        sh("flock -x " + mp + "/f true");
        assertTrue(called("flock " + ino + " op=" + Fuse.LOCK_EX), fs.calls.toString());
    }

    @Test
    void fallocateCopyFileRangeAndLseek() throws Exception {
        Files.write(mp.resolve("f"), new byte[0]);
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        sh("fallocate -l 8192 " + mp + "/f");
        assertTrue(called("fallocate " + ino + " mode=0 off=0 len=8192"), fs.calls.toString());
        assertEquals(8192, Files.size(mp.resolve("f")));
        Files.write(mp.resolve("src"), "0123456789".getBytes(StandardCharsets.US_ASCII));
        Files.write(mp.resolve("dst"), new byte[0]);
        String copied = py("import os,sys\na=os.open(sys.argv[1],os.O_RDONLY)\nb=os.open(sys.argv[2],os.O_WRONLY)\n"
                + "print(os.copy_file_range(a,b,4,2,0))", mp + "/src", mp + "/dst");
        assertEquals("4", copied);
        assertTrue(fs.calls.stream().anyMatch(c -> c.startsWith("copy_file_range") && c.endsWith("len=4")));
        assertEquals("2345", Files.readString(mp.resolve("dst")));
        String data = py("import os,sys\nfd=os.open(sys.argv[1],os.O_RDONLY)\n"
                + "print(os.lseek(fd,0,os.SEEK_DATA), os.lseek(fd,100,os.SEEK_HOLE))", mp + "/f");
        assertEquals("4096 8192", data);
        assertTrue(called("lseek " + ino + " off=0 whence=3"));
        assertTrue(called("lseek " + ino + " off=100 whence=4"));
    }

    @Test
    void getattrThroughAnOpenFileCarriesItsHandle() throws Exception {
        mount.close();
        fs = new TestFs();
        fs.timeout = 0;
        mount = MountTestSupport.mount(fs, mp, Map.of(Fuse.DRIVER, "testfs"));
        Files.write(mp.resolve("f"), new byte[3]);
        long ino = fs.nodes.get(Fuse.ROOT_INODE).children.get("f");
        // lseek(SEEK_END) refreshes the size through the open file: GETATTR carries the handle.
        assertEquals("3", py("import os,sys\nfd=os.open(sys.argv[1],os.O_RDONLY)\nprint(os.lseek(fd,0,os.SEEK_END))",
                mp + "/f"));
        assertTrue(called("getattr " + ino + " fh=" + ino * 1000), fs.calls.toString());
    }

    @Test
    void accessIsAskedWithoutDefaultPermissions() throws Exception {
        mount.close();
        fs = new TestFs();
        mount = MountTestSupport.mount(fs, mp, Map.of(Fuse.DRIVER, "testfs", Fuse.OPTIONS, ""));
        TestFs.Node ro = fs.addFile(Fuse.ROOT_INODE, "ro", new byte[0]);
        ro.mode = Fuse.S_IFREG | 0444;
        assertEquals("True False", py("import os,sys\n"
                + "print(os.access(sys.argv[1],os.R_OK), os.access(sys.argv[1],os.W_OK))", mp + "/ro"));
        assertTrue(called("access " + ro.ino + " mask=" + Fuse.W_OK), fs.calls.toString());
    }

    @Test
    void nonUtf8NamesRoundTripAsBytes() throws Exception {
        String out = py("import os,sys\nd=sys.argv[1].encode()\nopen(d+b'/caf\\xe9-\\xff','wb').close()\n"
                + "print([n.hex() for n in os.listdir(d)])", mp.toString());
        assertEquals("['636166e92dff']", out);
        assertTrue(fs.nodes.get(Fuse.ROOT_INODE).children.containsKey("caf\u00e9-\u00ff"));
    }

    @Test
    void writeToAReadOnlyDriverAnswerIsReported() {
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> Files.readAttributes(mp.resolve("fuseerr"), "unix:ino"));
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
    }
}
