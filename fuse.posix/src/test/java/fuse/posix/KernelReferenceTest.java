package fuse.posix;

import org.junit.jupiter.api.DisplayName;

/**
 * The suite on a kernel tmpfs: proves that every expectation of the suite is what Linux itself does. When a check
 * fails here, the check is wrong, not a driver.
 */
@DisplayName("tmpfs")
class KernelReferenceTest extends PosixSuite {
    @Override
    protected Target open() {
        return new KernelTarget();
    }
}
