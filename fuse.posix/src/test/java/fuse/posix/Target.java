package fuse.posix;

import java.nio.file.Path;

/**
 * One file system the POSIX suite runs against: the kernel reference, memfs, passthrough or sqlfs. Every expectation in
 * the suite is asserted on each of them, so an expectation the kernel does not meet is a bug in the suite, not in a
 * driver.
 */
interface Target extends AutoCloseable {
    /** Which file system this is; a few checks need the backing directory of passthrough. */
    enum Kind { KERNEL, MEMFS, PASSTHROUGH, SQLFS }

    Kind kind();

    /** The directory the tests work in (a mount point, or the root of the reference tmpfs). */
    Path root();

    /** Unmounts and removes everything this target created. Idempotent; never throws for a target already gone. */
    @Override
    void close();
}
