package fuse.posix;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The suite on sqlfs on a database server: runs when {@code SQLFS_POSIX_URL} names a JDBC URL of an empty database
 * (PostgreSQL, or a PostgreSQL-protocol engine to check), e.g.
 * {@code SQLFS_POSIX_URL='jdbc:postgresql://127.0.0.1:5432/fs?user=fs' mvn test -pl fuse.posix -am
 * -Dtest='SqlFsServerPosixSuite*' -Dsurefire.failIfNoSpecifiedTests=false}.
 * Its name is outside surefire's default includes, so a normal build neither runs nor reports it (as skipped); CI
 * runs the suite on the embedded default ({@link SqlFsPosixTest}), host.itest covers PostgreSQL across hosts.
 */
@DisplayName("sqlfs on a database server")
@EnabledIfEnvironmentVariable(named = "SQLFS_POSIX_URL", matches = "jdbc:.+")
class SqlFsServerPosixSuite extends PosixSuite {
    @Override
    protected Target open() {
        return FuseTarget.sqlfs(System.getenv("SQLFS_POSIX_URL"));
    }
}
