package fuse.posix;

import org.junit.jupiter.api.DisplayName;

/** The suite on sqlfs with its embedded default (H2), mounted through the runtime with {@code FuseMount}. */
@DisplayName("sqlfs")
class SqlFsPosixTest extends PosixSuite {
    @Override
    protected Target open() {
        return FuseTarget.sqlfs();
    }
}
