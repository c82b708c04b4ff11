package fuse.posix;

import org.junit.jupiter.api.Nested;

/**
 * The POSIX suite: every behaviour group that applies to any file system, run on the target of the subclass
 * ({@link KernelReferenceTest}, {@link MemFsPosixTest}, {@link PassthroughPosixTest}, {@link SqlFsPosixTest},
 * {@link SqlFsServerPosixSuite}). Each group is a {@code @Nested} class here, inherited by every target.
 */
abstract class PosixSuite extends TargetSuite {
    @Nested
    class Pyfuse3Examples extends Pyfuse3ExampleBehaviour {
    }

    @Nested
    class Namespace extends NamespaceBehaviour {
    }

    @Nested
    class Xattrs extends XattrBehaviour {
    }

    @Nested
    class Data extends DataBehaviour {
    }

    @Nested
    class Timestamps extends TimestampBehaviour {
    }

    @Nested
    class Listing extends ListingBehaviour {
    }

    @Nested
    class Programs extends ProgramBehaviour {
    }

    @Nested
    class HostileInput extends HostileInputBehaviour {
    }

    @Nested
    class Load extends LoadBehaviour {
    }

    @Nested
    class Credentials extends CredentialsBehaviour {
    }
}
