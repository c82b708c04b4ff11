package fuse.driver.passthrough;

import static fuse.testing.Calls.b;
import static fuse.testing.Ctx.ROOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileLock;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.testing.Calls;
import fuse.testing.Ctx;

/** {@link Passthrough} called directly, without a mount: inode table, name checks, identity checks, locks. */
class PassthroughTest {
    @TempDir
    Path source;
    Passthrough fs;
    /** Calls {@link #fs} as root. */
    Calls c;

    private Passthrough fs() {
        fs = new Passthrough(source);
        c = new Calls(fs, ROOT);
        return fs;
    }

    @AfterEach
    void close() {
        if (fs != null) {
            fs.destroy();
        }
    }

    @Test
    void sourceMustBeAnExistingAbsoluteDirectory() throws Exception {
        Path file = Files.writeString(source.resolve("file"), "x");
        String relative = assertThrows(IllegalArgumentException.class, () -> new Passthrough(Path.of("rel/dir")))
                .getMessage();
        assertTrue(relative.contains("rel/dir") && relative.contains("absolute"), relative);
        String missing = assertThrows(IllegalArgumentException.class,
                () -> new Passthrough(source.resolve("missing"))).getMessage();
        assertTrue(missing.contains(source.resolve("missing").toString()) && missing.contains("does not exist"),
                missing);
        String notDir = assertThrows(IllegalArgumentException.class, () -> new Passthrough(file)).getMessage();
        assertTrue(notDir.contains(file.toString()) && notDir.contains("not a directory"), notDir);
    }

    @Test
    void inodeNumbersAreTheBackingOnesAndTheRootIsOne() throws Exception {
        Files.writeString(source.resolve("f"), "data");
        Files.createDirectory(source.resolve("d"));
        Passthrough p = fs();
        assertEquals(Fuse.ROOT_INODE, c.getattr(Fuse.ROOT_INODE).inode());
        assertTrue(Fuse.isDirectory(c.getattr(Fuse.ROOT_INODE).mode()));
        EntryAttributes f = c.lookup(Fuse.ROOT_INODE, "f");
        assertEquals((long) (Long) Files.getAttribute(source.resolve("f"), "unix:ino"), f.inode());
        assertEquals(4, f.size());
        assertEquals(0, f.entryTimeout(), "default timeouts are 0: the source may change underneath");
        assertEquals(0, f.attrTimeout());
        EntryAttributes d = c.lookup(Fuse.ROOT_INODE, "d");
        assertEquals((long) (Long) Files.getAttribute(source.resolve("d"), "unix:ino"), d.inode());
        assertEquals(2, p.knownInodes());
        p.forget(List.of(new Forget(f.inode(), 1), new Forget(d.inode(), 1)));
        assertEquals(0, p.knownInodes(), "forgotten inodes are dropped");
        assertEquals(Errno.ESTALE, c.errno(a -> p.getattr(ROOT, f.inode(), java.util.OptionalLong.empty(), a)));
    }

    @Test
    void namesThatCouldLeaveTheDirectoryAreRefused() throws Exception {
        Files.createDirectory(source.resolve("d"));
        Passthrough p = fs();
        for (String name : List.of("..", ".", "a/b", "../x", "/etc")) {
            assertEquals(Errno.EINVAL, c.errno(a -> p.lookup(ROOT, Fuse.ROOT_INODE, b(name), a)), name);
            assertEquals(Errno.EINVAL, c.errno(a -> p.mkdir(ROOT, Fuse.ROOT_INODE, b(name), 0755, a)), name);
            assertEquals(Errno.EINVAL, c.errno(a -> p.create(ROOT, Fuse.ROOT_INODE, b(name), 0644, 0, a)), name);
            assertEquals(Errno.EINVAL, c.errno(a -> p.unlink(ROOT, Fuse.ROOT_INODE, b(name), a)), name);
        }
        assertEquals(Errno.ENAMETOOLONG,
                c.errno(a -> p.mkdir(ROOT, Fuse.ROOT_INODE, b("n".repeat(256)), 0755, a)));
        try (var names = Files.list(source)) {
            assertEquals(List.of(source.resolve("d")), names.toList(), "nothing was made");
        }
    }

    @Test
    void aSymlinkToTheRootIsServedAsALinkAndNeverFollowed() throws Exception {
        Files.createSymbolicLink(source.resolve("evil"), Path.of("/"));
        Passthrough p = fs();
        EntryAttributes evil = c.lookup(Fuse.ROOT_INODE, "evil");
        assertTrue(Fuse.isSymlink(evil.mode()));
        assertArrayEquals(b("/"), c.call(a -> p.readlink(ROOT, evil.inode(), a)).bytes);
        assertEquals(Errno.ELOOP, c.errno(a -> p.open(ROOT, evil.inode(), Fuse.O_RDONLY, a)));
        int opendir = c.errno(a -> p.opendir(ROOT, evil.inode(), 0, a));
        assertTrue(opendir == Errno.ENOTDIR || opendir == Errno.ELOOP, Errno.name(opendir));
        // used as a directory inode, it has nothing below it: the driver does not look through it
        int below = c.errno(a -> p.lookup(ROOT, evil.inode(), b("etc"), a));
        assertTrue(below == Errno.ENOTDIR || below == Errno.ESTALE || below == Errno.ELOOP, Errno.name(below));
        assertTrue(c.errno(a -> p.mkdir(ROOT, evil.inode(), b("x"), 0755, a)) != 0);
        assertTrue(Files.notExists(Path.of("/x")));
        // and create over a dangling link does not create its target (the name exists: EEXIST, see below)
        Files.createSymbolicLink(source.resolve("dangling"), source.getParent().resolve("created-outside"));
        assertEquals(Errno.EEXIST,
                c.errno(a -> p.create(ROOT, Fuse.ROOT_INODE, b("dangling"), 0644, Fuse.O_WRONLY, a)));
        assertTrue(Files.notExists(source.getParent().resolve("created-outside")));
        // JUnit's clean-up warns about links leading out of its directory
        Files.delete(source.resolve("evil"));
        Files.delete(source.resolve("dangling"));
    }

    @Test
    void aNameThatNowMeansAnotherFileIsStale() throws Exception {
        Files.writeString(source.resolve("f"), "old");
        Passthrough p = fs();
        long ino = c.lookup(Fuse.ROOT_INODE, "f").inode();
        Files.move(Files.writeString(source.resolve("g"), "new"), source.resolve("f"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(Errno.ESTALE, c.errno(a -> p.getattr(ROOT, ino, java.util.OptionalLong.empty(), a)));
        assertEquals(Errno.ESTALE, c.errno(a -> p.open(ROOT, ino, Fuse.O_RDONLY, a)));
        long fresh = c.lookup(Fuse.ROOT_INODE, "f").inode();
        assertEquals(3, c.getattr(fresh).size(), "a new lookup finds the new file");
    }

    @Test
    void aLookupRacingAForgetOfTheSameInodeIsNeverLost() throws Exception {
        Files.writeString(source.resolve("f"), "x");
        Passthrough p = fs();
        AtomicInteger stale = new AtomicInteger();
        AtomicReference<Throwable> first = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = 0; i < 50_000; i++) {
                long ino = c.lookup(Fuse.ROOT_INODE, "f").inode();
                try {
                    c.getattr(ino); // this thread holds a lookup of ino, so ino must be known
                } catch (FuseException e) {
                    stale.incrementAndGet();
                    first.compareAndSet(null, e);
                }
                p.forget(List.of(new Forget(ino, 1)));
            }
        };
        Thread a = new Thread(worker);
        Thread b = new Thread(worker);
        a.start();
        b.start();
        a.join();
        b.join();
        assertEquals(0, stale.get(), () -> "an inode with a lookup held was unknown: " + first.get());
        assertEquals(0, p.knownInodes());
    }

    @Test
    void locksGoToTheBackingFile() throws Exception {
        Passthrough p = fs();
        Calls.Answer created = c.call(a -> p.create(ROOT, Fuse.ROOT_INODE, b("f"), 0644, Fuse.O_RDWR, a));
        long ino = created.attributes.inode();
        long fh1 = created.info.fh();
        long fh2 = c.call(a -> p.open(ROOT, ino, Fuse.O_RDWR, a)).info.fh();
        try {
            c.call(a -> p.setlk(ROOT, ino, fh1, 1, new FileLock(Fuse.F_WRLCK, 0, 99, 0), false, a));
            FileLock held = c.call(a -> p.getlk(ROOT, ino, fh2, 2, new FileLock(Fuse.F_RDLCK, 50, Long.MAX_VALUE, 0),
                    a)).lock;
            assertEquals(Fuse.F_WRLCK, held.type());
            assertEquals(0, held.start());
            assertEquals(99, held.end());
            assertEquals(Errno.EAGAIN,
                    c.errno(a -> p.setlk(ROOT, ino, fh2, 2, new FileLock(Fuse.F_RDLCK, 0, 0, 0), false, a)));
            assertEquals(Fuse.F_UNLCK, c.call(a -> p.getlk(ROOT, ino, fh2, 2,
                    new FileLock(Fuse.F_WRLCK, 100, 200, 0), a)).lock.type(), "no lock past the held range");
            c.call(a -> p.flock(ROOT, ino, fh1, 1, Fuse.LOCK_EX, a));
            assertEquals(Errno.EWOULDBLOCK, c.errno(a -> p.flock(ROOT, ino, fh2, 2, Fuse.LOCK_SH | Fuse.LOCK_NB, a)));
        } finally {
            c.call(a -> p.release(ROOT, ino, fh1, 0, 1, true, a));
        }
        // releasing the handle dropped both of its locks
        c.call(a -> p.flock(ROOT, ino, fh2, 2, Fuse.LOCK_EX | Fuse.LOCK_NB, a));
        c.call(a -> p.setlk(ROOT, ino, fh2, 2, new FileLock(Fuse.F_WRLCK, 0, Long.MAX_VALUE, 0), false, a));
        c.call(a -> p.release(ROOT, ino, fh2, 0, 2, true, a));
    }

    @Test
    void filesMadeForACallerBelongToTheCaller() throws Exception {
        Passthrough p = fs();
        Ctx user = Ctx.user(1000, 1001);
        c.call(a -> p.mkdir(user, Fuse.ROOT_INODE, b("d"), 0755, a));
        Calls.Answer f = c.call(a -> p.create(user, Fuse.ROOT_INODE, b("f"), 0644, Fuse.O_WRONLY, a));
        c.call(a -> p.release(user, f.attributes.inode(), f.info.fh(), 0, 0, false, a));
        c.call(a -> p.symlink(user, Fuse.ROOT_INODE, b("l"), b("f"), a));
        c.call(a -> p.mknod(user, Fuse.ROOT_INODE, b("p"), Fuse.S_IFIFO | 0600, 0, a));
        for (String name : List.of("d", "f", "l", "p")) {
            Path x = source.resolve(name);
            assertEquals(1000, Files.getAttribute(x, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS), name);
            assertEquals(1001, Files.getAttribute(x, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS), name);
        }
    }

    @Test
    void aCreateDoesNotTakeOverANameThatAppearedInTheSource() throws Exception {
        Passthrough p = fs();
        // made in the source after the kernel found the name missing, before its CREATE arrived
        Path f = Files.writeString(source.resolve("f"), "root's");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Ctx user = Ctx.user(1000, 1001);
        assertEquals(Errno.EEXIST,
                c.errno(a -> p.create(user, Fuse.ROOT_INODE, b("f"), Fuse.S_IFREG | 0666, Fuse.O_RDWR, a)));
        assertEquals(0, Files.getAttribute(f, "unix:uid"), "still root's");
        assertEquals(0600, (Integer) Files.getAttribute(f, "unix:mode") & 07777);
        assertEquals("root's", Files.readString(f));
    }
}
