package fuse.posix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * passthrough's own checks on a bind mount, the kernel's mirror: proves their expectations (identical stat fields,
 * nothing outside the source touched) are what a perfect mirror gives.
 */
class KernelMirrorReferenceTest {
    static Target target;

    @BeforeAll
    static void mount() {
        target = new BindMountTarget();
    }

    @AfterAll
    static void unmount() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @Nested
    class MirrorAndEscapes extends PassthroughOnlyBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }
}
