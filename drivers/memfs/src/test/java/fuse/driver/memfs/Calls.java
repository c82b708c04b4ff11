package fuse.driver.memfs;

import fuse.testing.Ctx;

/**
 * fuse.testing's direct calls to a driver, on a {@link MemFs} and as the caller these tests assume: uid 1000,
 * gid 1000, umask 022, no supplementary groups.
 */
final class Calls extends fuse.testing.Calls {
    Calls(MemFs fs) {
        super(fs, Ctx.user(1000, 1000));
    }
}
