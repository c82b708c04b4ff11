package fuse.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of every behaviour group: each test gets a fresh directory of its own on the target, so tests never see each
 * other's files. The directories are not removed one by one: the whole target (mount, tmpfs, source) goes away after
 * the run, which is also what cleans up after a failed test.
 */
abstract class PosixSuite {
    /** This test's directory on the target. */
    protected Path dir;

    /** The file system under test, supplied by the per-target test class. */
    protected abstract Target target();

    @BeforeEach
    void makeTestDirectory(TestInfo info) throws IOException {
        String name = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = Files.createDirectory(target().root().resolve(name));
    }

    protected boolean isPassthrough() {
        return target().kind() == Target.Kind.PASSTHROUGH;
    }
}
