package fuse.posix;

import static fuse.posix.Tools.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fuse.testing.Cmd;
import fuse.testing.Trees;

/** Real programs on the file system: cp -a and diff -r, tar, git, sqlite3. */
abstract class ProgramBehaviour extends Behaviour {
    /**
     * Everything cp -a and tar must carry over, as one line per entry: type, mode, size (not for directories, whose
     * size is the file system's business), mtime with nanoseconds, link count, symlink target, path.
     */
    private static final String LISTING = """
            cd "$1" && { find . ! -type d -printf '%y %m %s %T@ %n %l %P\\n';
                find . -type d -printf '%y %m - %T@ %n - %P\\n'; } | sort
            """;
    private static final String XATTRS = "cd \"$1\" && getfattr -R -h -d -m '^user\\.' . 2>&1 | sort";

    /** A source tree on the host: real headers and docs plus every kind of entry and metadata worth preserving. */
    private Path tree;
    private Path hostScratch;

    @BeforeEach
    void makeSourceTree() throws Exception {
        hostScratch = Files.createTempDirectory("fuse-posix-programs-");
        tree = hostScratch.resolve("tree");
        script(null, """
                set -e
                mkdir -p "$1/include" "$1/doc" "$1/empty" "$1/deep/a/b/c/d"
                cp -a /usr/include/fuse3/. "$1/include/"
                cp -a /usr/share/doc/libfuse3-dev/. "$1/doc/"
                cd "$1"
                printf 'exec\\n' > deep/a/b/c/d/run.sh; chmod 0750 deep/a/b/c/d/run.sh
                printf 'secret\\n' > private; chmod 0600 private
                ln -s include/fuse.h rel-link; ln -s /nonexistent/target dangling
                ln private hardlink-of-private
                mkfifo fifo
                head -c 100000 /dev/urandom > random.bin
                truncate -s 3M sparse.bin; printf 'end' >> sparse.bin
                setfattr -n user.note -v 'carried along' include/fuse.h
                touch -h -d '2001-02-03 04:05:06.123456789' rel-link private deep/a/b/c/d/run.sh
                touch -d '1999-12-31 23:59:59.999999999' deep/a/b empty
                """, tree.toString());
    }

    @AfterEach
    void removeSourceTree() {
        Trees.remove(hostScratch);
    }

    private static void assertSameTree(Path expected, Path actual) {
        assertEquals(script(null, LISTING, expected.toString()), script(null, LISTING, actual.toString()),
                "type, mode, size, mtime, nlink and link target of every entry");
        Cmd.Result diff = Cmd.of("diff", "-r", "--no-dereference", "-x", "fifo", expected.toString(), actual.toString())
                .run();
        assertEquals(0, diff.exit(), "diff -r: " + diff.describe());
        assertEquals(script(null, XATTRS, expected.toString()), script(null, XATTRS, actual.toString()), "user xattrs");
    }

    @Test
    void cpArchiveAndDiff() {
        Path copy = dir.resolve("copy");
        Cmd.of("cp", "-a", tree.toString(), copy.toString()).ok();
        assertSameTree(tree, copy);
        // and back out of the file system again
        Path back = hostScratch.resolve("back");
        Cmd.of("cp", "-a", copy.toString(), back.toString()).ok();
        assertSameTree(tree, back);
    }

    @Test
    void tarCreateAndExtract() {
        // archive written to the file system, extracted on it
        script(null, "tar --xattrs -C \"$1\" -cf \"$2/tree.tar\" .", tree.toString(), dir.toString());
        Path extracted = dir.resolve("extracted");
        script(null, "mkdir \"$2\" && tar --xattrs --xattrs-include='user.*' -C \"$2\" -xpf \"$1\"",
                dir.resolve("tree.tar").toString(), extracted.toString());
        assertSameTree(tree, extracted);
        // an archive of the file system's tree, streamed out and extracted on the host
        Path out = hostScratch.resolve("out");
        script(null, "mkdir \"$2\" && tar --xattrs -C \"$1\" -cf - ."
                + " | tar --xattrs --xattrs-include='user.*' -C \"$2\" -xpf -", extracted.toString(), out.toString());
        assertSameTree(tree, out);
        // sparse archive members come back sparse and equal
        String listing = script(null, "tar -tvf \"$1\" ./sparse.bin", dir.resolve("tree.tar").toString());
        assertTrue(listing.contains("3145731"), listing);
    }

    /** A git that reads no configuration of the machine or user. */
    private static final Map<String, String> GIT_ENV = Map.of("GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", "/dev/null", "GIT_AUTHOR_NAME", "POSIX Suite", "GIT_AUTHOR_EMAIL", "posix@example.org",
            "GIT_COMMITTER_NAME", "POSIX Suite", "GIT_COMMITTER_EMAIL", "posix@example.org", "HOME", "/nonexistent");

    private String git(Path repo, String... args) {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "git";
        cmd[1] = "-c";
        cmd[2] = "init.defaultBranch=main";
        cmd[3] = "-c";
        cmd[4] = "safe.directory=*";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return Cmd.of(cmd).in(repo).env(GIT_ENV).ok();
    }

    @Test
    void gitInitAddCommitStatus() throws Exception {
        Path repo = Files.createDirectory(dir.resolve("repo"));
        git(repo, "init", "-q");
        Cmd.of("cp", "-a", tree.resolve("include").toString(), tree.resolve("doc").toString(),
                tree.resolve("rel-link").toString(), repo.toString()).ok();
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "first");
        assertEquals("", git(repo, "status", "--porcelain"), "clean after commit");
        Files.writeString(repo.resolve("include/fuse.h"), "// changed\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(repo.resolve("new-file"), "new\n");
        Files.delete(repo.resolve("rel-link"));
        assertEquals(" M include/fuse.h\n D rel-link\n?? new-file\n", git(repo, "status", "--porcelain"));
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "second");
        git(repo, "mv", "new-file", "moved-file");
        git(repo, "commit", "-q", "-m", "third");
        assertEquals("", git(repo, "status", "--porcelain"));
        assertEquals("3", git(repo, "rev-list", "--count", "HEAD").strip());
        git(repo, "gc", "-q");
        git(repo, "fsck", "--strict", "--no-progress");
        git(repo, "checkout", "-q", "HEAD~2");
        assertTrue(Files.isSymbolicLink(repo.resolve("rel-link")), "checkout restores the symlink");
        assertEquals(Files.readString(tree.resolve("include/fuse.h")),
                Files.readString(repo.resolve("include/fuse.h")));
        assertEquals("", git(repo, "status", "--porcelain"));
    }

    @Test
    void sqliteTransactions() {
        for (String mode : new String[] { "DELETE", "WAL" }) {
            Path db = dir.resolve("test-" + mode + ".db");
            String out = Cmd.of("sqlite3", "-batch", db.toString(), """
                    PRAGMA journal_mode=%s;
                    CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB);
                    BEGIN;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                      INSERT INTO t SELECT i, randomblob(100) FROM n;
                    COMMIT;
                    BEGIN;
                    DELETE FROM t WHERE id %% 2 = 0;
                    UPDATE t SET v = zeroblob(10);
                    ROLLBACK;
                    BEGIN;
                    DELETE FROM t WHERE id > 15000;
                    COMMIT;
                    SELECT count(*), sum(length(v)) FROM t;
                    PRAGMA integrity_check;
                    """.formatted(mode)).ok();
            assertEquals(mode.toLowerCase() + "\n15000|1500000\nok\n", out, mode);
            // a second process sees the committed state and can vacuum (rewrite) the file
            String again = Cmd.of("sqlite3", "-batch", db.toString(),
                    "VACUUM; SELECT count(*) FROM t; PRAGMA integrity_check;").ok();
            assertEquals("15000\nok\n", again, mode);
        }
    }
}
