package fuse.posix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The suite on sqlfs with its embedded default (H2), mounted through the runtime with {@code FuseMount}. */
class SqlFsPosixTest {
    static Target target;

    @BeforeAll
    static void mount() {
        target = FuseTarget.sqlfs();
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
