package fuse.driver.sqlfs;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything that needs the PostgreSQL JDBC driver, kept in one class so that the bundle resolves and the embedded
 * default works without it (the import is optional).
 */
final class PgSupport {
    private static final System.Logger LOG = System.getLogger("fuse.driver.sqlfs");
    /** NOTIFY payloads must stay below 8000 bytes. */
    private static final int MAX_PAYLOAD = 7000;

    private PgSupport() {
    }

    static DataSource dataSource(SqlFsConfig config) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(config.database());
        if (config.user() != null) {
            ds.setUser(config.user());
        }
        if (config.password() != null) {
            ds.setPassword(config.password());
        }
        int seconds = (int) Math.max(1, (config.connectTimeoutMillis() + 999) / 1000);
        if (!config.database().contains("connectTimeout=")) {
            ds.setConnectTimeout(seconds);
        }
        if (!config.database().contains("socketTimeout=")) {
            // a server that stops answering (not just one that is down) must not hold a request for ever
            ds.setSocketTimeout(60);
        }
        if (!config.database().contains("ApplicationName=")) {
            ds.setApplicationName("sqlfs");
        }
        ds.setTcpKeepAlive(true);
        return ds;
    }

    /** The channel of a file system: one per file system identity, so several file systems may share a server. */
    static String channel(String fsid) {
        return "sqlfs_" + fsid.replace("-", "");
    }

    /** Sends the notes inside the transaction: PostgreSQL delivers them when (and only if) it commits. */
    static Database.Publisher publisher(String channel, String hostId) {
        return (Connection c, List<String> notes) -> {
            List<String> payloads = new ArrayList<>(1);
            StringBuilder b = new StringBuilder(hostId);
            for (String n : notes) {
                if (b.length() + n.length() + 1 > MAX_PAYLOAD) {
                    payloads.add(b.toString());
                    b = new StringBuilder(hostId);
                }
                b.append('\n').append(n);
            }
            payloads.add(b.toString());
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String p : payloads) {
                    ps.setString(1, channel);
                    ps.setString(2, p);
                    ps.execute();
                }
            }
        };
    }

    /**
     * A thread that LISTENs on the file system's channel on a connection of its own and hands each payload to
     * {@code handler}. When the connection breaks it reconnects (every second while the server is away) and then
     * calls {@code resync}: notifications sent meanwhile are lost, so cached state must be dropped.
     */
    static final class Listener implements AutoCloseable {
        private final Database db;
        private final String channel;
        private final Consumer<String> handler;
        private final Runnable resync;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Connection current;

        Listener(Database db, String channel, Consumer<String> handler, Runnable resync, String name) {
            this.db = db;
            this.channel = channel;
            this.handler = handler;
            this.resync = resync;
            this.thread = new Thread(this::run, "sqlfs-listen " + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            boolean first = true;
            boolean reported = false;
            while (running) {
                try (Connection c = db.dedicatedConnection()) {
                    current = c;
                    c.setAutoCommit(true);
                    try (Statement st = c.createStatement()) {
                        st.execute("LISTEN \"" + channel + "\"");
                    }
                    if (!first) {
                        LOG.log(Level.INFO, "sqlfs: listening for changes on " + db.config().displayName() + " again");
                        resync.run();
                    }
                    first = false;
                    reported = false;
                    PGConnection pg = c.unwrap(PGConnection.class);
                    while (running) {
                        PGNotification[] ns = pg.getNotifications(1000);
                        if (ns != null) {
                            for (PGNotification n : ns) {
                                handler.accept(n.getParameter());
                            }
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    if (!reported) {
                        LOG.log(Level.WARNING, "sqlfs: change notifications from " + db.config().displayName()
                                + " interrupted (" + e.getMessage() + "); reconnecting every second");
                        reported = true;
                    }
                    first = false;
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        break;
                    }
                } finally {
                    current = null;
                }
            }
        }

        @Override
        public void close() {
            running = false;
            Connection c = current;
            thread.interrupt();
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing is all we wanted
                }
            }
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
