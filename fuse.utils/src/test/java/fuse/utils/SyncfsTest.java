package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.Errno;
import fuse.testing.Cmd;

class SyncfsTest {
    @TempDir
    Path dir;

    @Test
    void returnsItsPathForADirectory() throws Exception {
        Files.writeString(dir.resolve("dirty"), "unsynced data");
        assertSame(dir, FuseUtils.syncfs(dir));
    }

    @Test
    void acceptsARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "data");
        assertSame(file, FuseUtils.syncfs(file));
    }

    @Test
    void acceptsARelativePath() throws Exception {
        Path relative = Path.of("");
        assertSame(relative, FuseUtils.syncfs(relative));
    }

    @Test
    void missingPathIsEnoent() {
        Path missing = dir.resolve("missing");
        ErrnoException e = assertThrows(ErrnoException.class, () -> FuseUtils.syncfs(missing));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open", e.operation());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("ENOENT"),
                e.getMessage());
    }

    @Test
    void fifoDoesNotBlockTheOpen() throws Exception {
        Path fifo = dir.resolve("fifo");
        Cmd.python("import os,sys; os.mkfifo(sys.argv[1])", fifo).ok();
        assertSame(fifo, FuseUtils.syncfs(fifo));
    }
}
