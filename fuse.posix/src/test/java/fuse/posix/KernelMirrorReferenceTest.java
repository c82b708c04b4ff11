package fuse.posix;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * passthrough's own checks on a bind mount, the kernel's mirror: proves their expectations (identical stat fields,
 * nothing outside the source touched) are what a perfect mirror gives. Only this group runs here.
 */
@DisplayName("bind mount")
class KernelMirrorReferenceTest extends TargetSuite {
    @Override
    protected Target open() {
        return new BindMountTarget();
    }

    @Nested
    class MirrorAndEscapes extends PassthroughOnlyBehaviour {
    }
}
