package fuse.posix;

import org.junit.jupiter.api.DisplayName;

/** The suite on memfs, mounted through the runtime with {@code FuseMount}. */
@DisplayName("memfs")
class MemFsPosixTest extends PosixSuite {
    @Override
    protected Target open() {
        return FuseTarget.memfs();
    }
}
