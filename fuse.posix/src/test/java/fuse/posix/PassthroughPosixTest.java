package fuse.posix;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The suite on passthrough, mounted through the runtime with {@code FuseMount} over a directory of a fresh tmpfs, plus
 * what only a mirror has to get right (the same group {@link KernelMirrorReferenceTest} runs on a bind mount).
 * Skipped as a whole while the driver is not on the class path.
 */
@DisplayName("passthrough")
class PassthroughPosixTest extends PosixSuite {
    @Override
    protected Target open() {
        return FuseTarget.passthrough();
    }

    @Nested
    class MirrorAndEscapes extends PassthroughOnlyBehaviour {
    }
}
