package fuse.posix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The suite on a kernel tmpfs: proves that every expectation of the suite is what Linux itself does. When a check
 * fails here, the check is wrong, not a driver.
 */
class KernelReferenceTest {
    static Target target;

    @BeforeAll
    static void mount() {
        target = new KernelTarget();
    }

    @AfterAll
    static void unmount() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @Nested
    class Pyfuse3Examples extends Pyfuse3ExampleBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Namespace extends NamespaceBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Xattrs extends XattrBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Data extends DataBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Timestamps extends TimestampBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Listing extends ListingBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Programs extends ProgramBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class HostileInput extends HostileInputBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }

    @Nested
    class Load extends LoadBehaviour {
        @Override
        protected Target target() {
            return target;
        }
    }
}
