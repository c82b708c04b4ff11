package fuse.host.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import fuse.testing.Cmd;
import fuse.testing.Trees;

/**
 * A throw-away PostgreSQL 15 server (Debian's {@code postgresql-15} package, installed by {@code scripts/env.sh}):
 * a fresh data directory under /tmp owned by {@code postgres}, listening on a free loopback port only, trust
 * authentication, {@code fsync=off}. Started and stopped with {@code pg_ctl} as user postgres ({@code runuser}).
 * {@link #close()} stops it and removes the directory.
 */
final class Postgres implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path data;
    private final int port;
    private volatile boolean running;
    private volatile boolean removed;
    private Thread hook;

    private Postgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts it. */
    static Postgres start() throws IOException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            fail(BIN.resolve("initdb") + " is missing: install Debian's postgresql-15 (scripts/env.sh does, as root)");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sqlfs-itest-pg-");
        Postgres pg = new Postgres(dir, freePort());
        try {
            run(List.of("chown", "postgres:postgres", dir.toString()));
            pg.asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", pg.data.toString(), "-A", "trust", "-U",
                    "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"));
            pg.startServer();
            // a test JVM ended from outside (surefire's timeout) still stops the server
            Thread hook = new Thread(pg::close, "stop PostgreSQL " + pg.port);
            Runtime.getRuntime().addShutdownHook(hook);
            pg.hook = hook;
            return pg;
        } catch (RuntimeException | Error e) {
            pg.close();
            throw e;
        }
    }

    /** Starts the server on its data directory and port (again, after {@link #stopServer}). */
    void startServer() {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        running = true;
    }

    /**
     * Stops the server: {@code immediate} is what a crash looks like to its clients (connections cut, no clean
     * shutdown); otherwise a fast shutdown.
     */
    void stopServer(boolean immediate) {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-m",
                immediate ? "immediate" : "fast", "stop"));
        running = false;
    }

    /** A JDBC URL of database {@code db} on this server (the user is {@code postgres}, trusted). */
    String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    /** Creates an empty database. */
    void createDatabase(String db) {
        asPostgres(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                "postgres", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE " + db, "postgres"));
    }

    /** Runs one SQL statement with psql and returns what it printed (unaligned, tuples only). */
    String sql(String db, String statement) {
        return asPostgres(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-At", "-c", statement, db));
    }

    private String asPostgres(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(command);
        return run(cmd);
    }

    private static String run(List<String> cmd) {
        return Cmd.of(cmd).mergeStderr().timeout(90).ok();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The server's log, for failure messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server if it runs and removes its directory. Never throws. */
    @Override
    public synchronized void close() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs this too
            }
        }
        if (removed) {
            return;
        }
        removed = true;
        if (running) {
            try {
                stopServer(false);
            } catch (RuntimeException | AssertionError e) {
                System.err.println("host.itest: stopping PostgreSQL in " + dir + " failed: " + e);
            }
        }
        Trees.remove(dir);
    }
}
