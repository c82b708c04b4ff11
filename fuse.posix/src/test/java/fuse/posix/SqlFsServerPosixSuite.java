package fuse.posix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The suite on sqlfs on a database server: runs when {@code SQLFS_POSIX_URL} names a JDBC URL of an empty database
 * (PostgreSQL, or a PostgreSQL-protocol engine to check), e.g.
 * {@code SQLFS_POSIX_URL='jdbc:postgresql://127.0.0.1:5432/fs?user=fs' mvn test -pl fuse.posix -Dtest='SqlFsServerPosixSuite*'}.
 * Its name is outside surefire's default includes, so a normal build neither runs nor reports it (as skipped); CI
 * runs the suite on the embedded default ({@link SqlFsPosixTest}), host.itest covers PostgreSQL across hosts.
 */
@EnabledIfEnvironmentVariable(named = "SQLFS_POSIX_URL", matches = "jdbc:.+")
class SqlFsServerPosixSuite {
    static Target target;

    @BeforeAll
    static void mount() {
        target = FuseTarget.sqlfs(System.getenv("SQLFS_POSIX_URL"));
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
