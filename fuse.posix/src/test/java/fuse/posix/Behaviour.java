package fuse.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of every behaviour group (the {@code *Behaviour} classes). A group is written once and nested into the suites
 * of the targets it applies to ({@link PosixSuite}, and the mirror suites); it gets its target from the suite it is
 * nested in. Each test gets a fresh directory of its own on the target, so tests never see each other's files. The
 * directories are not removed one by one: the whole target (mount, tmpfs, source) goes away after the run, which is
 * also what cleans up after a failed test.
 */
abstract class Behaviour {
    /** This test's directory on the target. */
    protected Path dir;
    private Target target;

    /** The file system under test: the one the enclosing suite mounted. */
    protected final Target target() {
        return target;
    }

    @BeforeEach
    void makeTestDirectory(Target mounted, TestInfo info) throws IOException {
        target = mounted;
        String name = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
        dir = Files.createDirectory(target.root().resolve(name));
    }

    protected boolean isPassthrough() {
        return target().kind() == Target.Kind.PASSTHROUGH;
    }
}
