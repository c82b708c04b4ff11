package fuse.driver.sqlfs;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fuse.api.Errno;
import fuse.api.FuseException;

/**
 * The connection pool and the transaction discipline of one sqlfs: every operation is one transaction, retried when
 * the database reports a serialization failure or deadlock, and any failure to reach the database becomes EIO with
 * a log line naming the database (one per outage, then one when it is back).
 *
 * <p>The SQL is the common subset H2 and PostgreSQL (and the PostgreSQL-protocol engines) share: BIGINT, INTEGER,
 * BYTEA, VARCHAR, {@code SELECT ... FOR UPDATE}, {@code LIMIT}, {@code CREATE ... IF NOT EXISTS}.
 */
final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("fuse.driver.sqlfs");
    /** Attempts of one transaction that keeps meeting serialization failures or deadlocks. */
    private static final int ATTEMPTS = 20;
    /** Schema version written in {@code sqlfs_meta}. */
    static final long SCHEMA_VERSION = 1;

    /** A transaction body. */
    interface Body<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Something to do after a transaction committed. */
    interface AfterCommit {
        void run();
    }

    private final SqlFsConfig config;
    private final HikariDataSource pool;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong lastFailureLog = new AtomicLong();
    private final java.util.concurrent.locks.ReentrantLock schemaLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile Schema schema;
    /** Called inside each transaction that changed something, with its change notes, before commit. */
    private volatile Publisher publisher;

    /** What the schema holds once it exists: fixed for the life of the file system. */
    record Schema(String fsid, int chunkSize) {
    }

    /** Sends change notes to the other hosts inside the transaction that made them. */
    interface Publisher {
        void publish(Connection c, List<String> notes) throws SQLException;
    }

    Database(SqlFsConfig config) {
        this.config = config;
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(dataSource(config));
        hc.setPoolName("sqlfs " + config.displayName());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setAutoCommit(false);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hc.setConnectionTimeout(config.connectTimeoutMillis());
        hc.setValidationTimeout(Math.max(250, Math.min(config.connectTimeoutMillis(), 2000)));
        // start without a connection: a database that is down at mount time is reported by the requests (EIO)
        hc.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(hc);
    }

    private static DataSource dataSource(SqlFsConfig config) {
        if (config.postgresql()) {
            return PgSupport.dataSource(config);
        }
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        String url = config.database();
        if (config.embedded()) {
            // the driver closes the database when the mount ends; H2's own shutdown hook would close it under
            // requests still running at JVM exit. Parsed statements are cached per connection.
            url += (url.contains(";DB_CLOSE_ON_EXIT=") ? "" : ";DB_CLOSE_ON_EXIT=FALSE")
                    + (url.contains(";QUERY_CACHE_SIZE=") ? "" : ";QUERY_CACHE_SIZE=64");
        }
        ds.setURL(url);
        if (config.user() != null) {
            ds.setUser(config.user());
        }
        if (config.password() != null) {
            ds.setPassword(config.password());
        }
        return ds;
    }

    SqlFsConfig config() {
        return config;
    }

    /** Opens a connection outside the pool (the change listener keeps one for itself). */
    Connection dedicatedConnection() throws SQLException {
        return pool.getDataSource().getConnection();
    }

    void publisher(Publisher p) {
        this.publisher = p;
    }

    /**
     * The schema, created on first use. While the database cannot be reached this throws EIO; requests arriving
     * meanwhile wait for the one that is trying at most {@code database.timeout}, so none waits in a queue of them.
     */
    Schema schema() {
        Schema s = schema;
        if (s != null) {
            return s;
        }
        try {
            if (!schemaLock.tryLock(config.connectTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new FuseException(Errno.EIO, "database " + config.displayName() + " is not ready");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FuseException(Errno.EINTR);
        }
        try {
            if (schema == null) {
                schema = tx("schema", 0, this::createSchema, null);
            }
            return schema;
        } finally {
            schemaLock.unlock();
        }
    }

    /** Whether the last attempt to reach the database failed (and none succeeded since). */
    boolean failing() {
        return failing.get();
    }

    /** Creates the tables (if missing) and the root directory; returns the file system's identity. */
    private Schema createSchema(Tx tx) throws SQLException {
        try (Statement st = tx.connection().createStatement()) {
            for (String ddl : List.of(
                    "CREATE TABLE IF NOT EXISTS sqlfs_meta (k VARCHAR(64) PRIMARY KEY, n BIGINT NOT NULL,"
                            + " s VARCHAR(200))",
                    "CREATE TABLE IF NOT EXISTS sqlfs_inode (ino BIGINT PRIMARY KEY, mode INTEGER NOT NULL,"
                            + " uid INTEGER NOT NULL, gid INTEGER NOT NULL, nlink BIGINT NOT NULL,"
                            + " size BIGINT NOT NULL, stored BIGINT NOT NULL, rdev BIGINT NOT NULL,"
                            + " atime BIGINT NOT NULL, mtime BIGINT NOT NULL, ctime BIGINT NOT NULL,"
                            + " parent BIGINT NOT NULL, nextseq BIGINT NOT NULL, target BYTEA)",
                    "CREATE TABLE IF NOT EXISTS sqlfs_dentry (parent BIGINT NOT NULL, name BYTEA NOT NULL,"
                            + " ino BIGINT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (parent, name))",
                    "CREATE INDEX IF NOT EXISTS sqlfs_dentry_seq ON sqlfs_dentry (parent, seq)",
                    "CREATE TABLE IF NOT EXISTS sqlfs_xattr (ino BIGINT NOT NULL, name BYTEA NOT NULL,"
                            + " val BYTEA NOT NULL, PRIMARY KEY (ino, name))",
                    "CREATE TABLE IF NOT EXISTS sqlfs_chunk (ino BIGINT NOT NULL, idx BIGINT NOT NULL,"
                            + " data BYTEA NOT NULL, PRIMARY KEY (ino, idx))")) {
                st.execute(ddl);
            }
        }
        Long version = tx.queryLong("SELECT n FROM sqlfs_meta WHERE k = 'schema'");
        if (version == null) {
            // a new file system: its identity, chunk size, inode counter, the rename lock row and the root
            String fsid = UUID.randomUUID().toString();
            tx.update("INSERT INTO sqlfs_meta (k, n, s) VALUES ('schema', ?, ?)", SCHEMA_VERSION, fsid);
            tx.update("INSERT INTO sqlfs_meta (k, n, s) VALUES ('chunk', ?, NULL)", (long) config.chunkSize());
            tx.update("INSERT INTO sqlfs_meta (k, n, s) VALUES ('next_ino', 2, NULL)");
            tx.update("INSERT INTO sqlfs_meta (k, n, s) VALUES ('rename', 0, NULL)");
            long t = SqlFs.now();
            tx.update("INSERT INTO sqlfs_inode (ino, mode, uid, gid, nlink, size, stored, rdev, atime, mtime, ctime,"
                    + " parent, nextseq, target) VALUES (1, ?, ?, ?, 2, 4096, 0, 0, ?, ?, ?, 1, 1, NULL)",
                    fuse.api.Fuse.S_IFDIR | config.rootMode(), config.rootUid(), config.rootGid(), t, t, t);
            LOG.log(Level.INFO, "sqlfs: created a new file system " + fsid + " in " + config.displayName()
                    + " (chunks of " + config.chunkSize() + " bytes)");
            return new Schema(fsid, config.chunkSize());
        }
        if (version != SCHEMA_VERSION) {
            throw new FuseException(Errno.EIO, "sqlfs: " + config.displayName() + " holds schema version " + version
                    + ", this driver knows " + SCHEMA_VERSION);
        }
        String fsid = tx.queryString("SELECT s FROM sqlfs_meta WHERE k = 'schema'");
        Long chunk = tx.queryLong("SELECT n FROM sqlfs_meta WHERE k = 'chunk'");
        return new Schema(fsid, chunk.intValue());
    }

    /**
     * Runs {@code body} as one transaction and commits it; retries it on serialization failures and deadlocks.
     * A {@link FuseException} from the body rolls back and propagates; a database failure rolls back, is logged and
     * becomes EIO.
     *
     * @param op the operation, for the log
     * @param inode the inode it concerns (0: none), for the log
     * @param after run once after the commit (may be null)
     */
    <T> T tx(String op, long inode, Body<T> body, AfterCommit after) {
        for (int attempt = 1;; attempt++) {
            Connection c = null;
            try {
                c = pool.getConnection();
                Tx tx = new Tx(c);
                T result = body.run(tx);
                Publisher p = publisher;
                if (p != null && !tx.notes().isEmpty()) {
                    p.publish(c, tx.notes());
                }
                c.commit();
                recovered();
                for (AfterCommit a : tx.afterCommit()) {
                    a.run();
                }
                if (after != null) {
                    after.run();
                }
                return result;
            } catch (FuseException e) {
                rollback(c);
                throw e;
            } catch (SQLException e) {
                rollback(c);
                if (retryable(e) && attempt < ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                throw failure(op, inode, e);
            } catch (RuntimeException e) {
                rollback(c);
                throw e;
            } finally {
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        // the pool discards a broken connection
                    }
                }
            }
        }
    }

    /** Serialization failure, deadlock, lock timeout, a unique key lost to a concurrent insert: try again. */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                int code = s.getErrorCode();
                if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)
                        || "55P03".equals(state)) {
                    return true;
                }
                // H2: deadlock 40001, lock timeout 50200, concurrent update 90131, duplicate key 23505
                if (code == 50200 || code == 90131 || code == 40001 || code == 23505) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollback(Connection c) {
        if (c != null) {
            try {
                c.rollback();
            } catch (SQLException e) {
                // a broken connection: nothing to roll back on our side
            }
        }
    }

    /** Logs a failure (once per outage for unreachable databases) and returns the EIO to answer. */
    private FuseException failure(String op, long inode, SQLException e) {
        boolean unreachable = isConnectionProblem(e);
        long now = System.nanoTime();
        if (unreachable) {
            if (failing.compareAndSet(false, true)) {
                lastFailureLog.set(now);
                LOG.log(Level.ERROR, "sqlfs: database " + config.displayName() + " is unreachable (" + op + "): "
                        + message(e) + "; requests fail with EIO until it is back");
            } else {
                long last = lastFailureLog.get();
                if (now - last > 60_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
                    LOG.log(Level.ERROR, "sqlfs: database " + config.displayName() + " is still unreachable: "
                            + message(e));
                }
            }
        } else {
            LOG.log(Level.ERROR, "sqlfs: database " + config.displayName() + " failed " + op
                    + (inode != 0 ? " of inode " + inode : "") + ": " + message(e), e);
        }
        return new FuseException(Errno.EIO, "database " + config.displayName() + ": " + message(e));
    }

    private void recovered() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "sqlfs: database " + config.displayName() + " is reachable again");
        }
    }

    /** Whether the failure is about reaching the database (SQLState class 08, a pool timeout, a closed socket). */
    static boolean isConnectionProblem(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                // H2: connection broken 90067, database closed 90098, file locked 90020, pool timeout (no state)
                int code = s.getErrorCode();
                if (code == 90067 || code == 90098 || code == 90020 || code == 90121) {
                    return true;
                }
            }
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        // the pool's "Connection is not available" carries the driver's reason as its cause
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null) {
            m += " (" + cause.getMessage().lines().findFirst().orElse("") + ")";
        }
        return m;
    }

    /** The pool's connections and the embedded database are closed. */
    @Override
    public void close() {
        pool.close();
    }

    /** One transaction's connection with small helpers; changes note what other hosts must drop from caches. */
    static final class Tx {
        private final Connection c;
        private final List<String> notes = new ArrayList<>(4);
        private final List<AfterCommit> afterCommit = new ArrayList<>(1);
        private boolean wrote;

        Tx(Connection c) {
            this.c = c;
        }

        Connection connection() {
            return c;
        }

        List<String> notes() {
            return notes;
        }

        List<AfterCommit> afterCommit() {
            return afterCommit;
        }

        /** Runs {@code a} once the transaction has committed. */
        void onCommit(AfterCommit a) {
            afterCommit.add(a);
        }

        /** Tells the other hosts that an inode's attributes or data changed. */
        void changedInode(long ino) {
            notes.add("i " + ino);
        }

        /** Tells the other hosts that a directory entry appeared, vanished or points elsewhere. */
        void changedEntry(long parent, byte[] name) {
            notes.add("e " + parent + " " + java.util.HexFormat.of().formatHex(name));
        }

        PreparedStatement prepare(String sql, Object... args) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql);
            try {
                for (int i = 0; i < args.length; i++) {
                    Object a = args[i];
                    if (a instanceof byte[] b) {
                        ps.setBytes(i + 1, b);
                    } else if (a instanceof Long l) {
                        ps.setLong(i + 1, l);
                    } else if (a instanceof Integer n) {
                        ps.setInt(i + 1, n);
                    } else if (a == null) {
                        ps.setNull(i + 1, java.sql.Types.VARBINARY);
                    } else {
                        ps.setString(i + 1, a.toString());
                    }
                }
                return ps;
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        }

        /** Whether this transaction ran an update (insert, update or delete). */
        boolean wrote() {
            return wrote;
        }

        int update(String sql, Object... args) throws SQLException {
            wrote = true;
            try (PreparedStatement ps = prepare(sql, args)) {
                return ps.executeUpdate();
            }
        }

        Long queryLong(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }

        String queryString(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        byte[] queryBytes(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }

        boolean exists(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
