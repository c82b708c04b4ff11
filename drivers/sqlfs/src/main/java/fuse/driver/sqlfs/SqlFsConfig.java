package fuse.driver.sqlfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;
import fuse.utils.settings.ComponentProperties;
import fuse.utils.settings.Setting;

/**
 * The settings of one sqlfs mount, checked: what {@link SqlFs} runs with. The keys, their defaults and their
 * descriptions are declared once, in {@link SqlFsSettings}; this record holds their parsed values.
 *
 * @param database JDBC URL ({@code database}): {@code jdbc:h2:...} or {@code jdbc:postgresql://...}; a plain path
 *        means an embedded H2 database file there
 * @param user database user ({@code database.user}), may be null
 * @param password database password ({@code database.password}), may be null
 * @param poolSize connections in the pool ({@code pool.size}, default 8)
 * @param connectTimeoutMillis how long a request waits for a connection before it fails with EIO
 *        ({@code database.timeout} in seconds, default 5)
 * @param chunkSize bytes per stored chunk of file data for a new file system ({@code chunk.size}, default 64 KiB)
 * @param timeout entry and attribute timeout in seconds ({@code timeout}; default 300 embedded, 30 shared)
 * @param writeback whether to ask for the kernel's writeback cache ({@code writeback}, default false)
 * @param notifications whether to exchange change notifications with other hosts ({@code notify}, PostgreSQL only,
 *        default true)
 * @param capacity bytes statfs reports as the size ({@code capacity}; default: the size of the disk holding an
 *        embedded database, 1 TiB for a server)
 * @param atime when reads update the access time, from the mount options in {@code fuse.options}
 * @param rootMode permission bits of the root directory of a new file system ({@code root.mode}, default 0755)
 * @param rootUid owner of the root directory of a new file system ({@code root.uid}, default the JVM's user)
 * @param rootGid group of the root directory of a new file system ({@code root.gid}, default the JVM's group)
 */
public record SqlFsConfig(String database, String user, String password, int poolSize, long connectTimeoutMillis,
        int chunkSize, double timeout, boolean writeback, boolean notifications, long capacity, AtimePolicy atime,
        int rootMode, int rootUid, int rootGid) {

    /**
     * The key of the one setting a configuration outside OSGi must give (there is no default location without a
     * framework): the JDBC URL, or a path for an embedded H2 database. The other keys are declared, with their
     * defaults, in {@link SqlFsSettings} (a key is its element's name, {@code _} read as {@code .}).
     */
    public static final String DATABASE = "database";

    /** Checks the values. */
    public SqlFsConfig {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException(DATABASE + " is missing");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool.size must be at least 1, was " + poolSize);
        }
        if (connectTimeoutMillis < 250) {
            throw new IllegalArgumentException("database.timeout must be at least 0.25 s, was "
                    + connectTimeoutMillis / 1000.0);
        }
        if (chunkSize < 4096 || chunkSize > (1 << 20) || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk.size must be a power of two from 4k to 1m, was "
                    + chunkSize);
        }
        if (!(timeout >= 0)) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
    }

    /** Whether the database is an embedded H2 file (one host) rather than a server several hosts share. */
    public boolean embedded() {
        return database.startsWith("jdbc:h2:") && !database.startsWith("jdbc:h2:tcp:")
                && !database.startsWith("jdbc:h2:ssl:");
    }

    /** Whether this is a PostgreSQL-protocol database. */
    public boolean postgresql() {
        return database.startsWith("jdbc:postgresql:");
    }

    /** The URL without credentials or options that may hold one, for log lines. */
    public String displayName() {
        String s = database;
        int semicolon = s.indexOf(';');
        if (s.startsWith("jdbc:h2:") && semicolon > 0) {
            s = s.substring(0, semicolon);
        }
        int q = s.indexOf('?');
        if (q > 0) {
            s = s.substring(0, q);
        }
        return s.replaceAll("//[^/@]*@", "//");
    }

    /** An embedded database file at {@code file} (H2 appends {@code .mv.db}) with the other settings' defaults. */
    public static SqlFsConfig embedded(Path file) {
        return from(Map.of(DATABASE, file.toAbsolutePath().toString()));
    }

    /** The same settings with another database URL. */
    public SqlFsConfig withDatabase(String url) {
        return new SqlFsConfig(url, user, password, poolSize, connectTimeoutMillis, chunkSize, timeout, writeback,
                notifications, capacity, atime, rootMode, rootUid, rootGid);
    }

    /**
     * Reads the settings from a configuration map outside OSGi (tests, embedding); missing keys get the defaults
     * of {@link SqlFsSettings}.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static SqlFsConfig from(Map<String, ?> properties) {
        return from(properties, null);
    }

    /**
     * Reads the settings from a configuration map; {@code defaultDatabase} is the embedded file used when
     * {@code database} is not set.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static SqlFsConfig from(Map<String, ?> properties, Path defaultDatabase) {
        return of(ComponentProperties.of(SqlFsSettings.class, properties), properties, defaultDatabase);
    }

    /**
     * Parses the settings of a component.
     *
     * @param settings sqlfs's own settings
     * @param mountProperties the mount's properties, for the atime policy of the mount options in
     *        {@value Fuse#OPTIONS}
     * @param defaultDatabase the embedded file used when {@code database} is not set; null to require it
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public static SqlFsConfig of(SqlFsSettings settings, Map<String, ?> mountProperties, Path defaultDatabase) {
        String db = Setting.text(settings.database());
        String database;
        if (db == null) {
            if (defaultDatabase == null) {
                throw new IllegalArgumentException(DATABASE + " is missing");
            }
            database = h2Url(defaultDatabase);
        } else {
            database = db.startsWith("jdbc:") ? db : h2Url(Path.of(db));
        }
        if (!database.startsWith("jdbc:h2:") && !database.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(DATABASE + " must be a jdbc:h2: or jdbc:postgresql: URL or a path, was "
                    + database.replaceAll("//[^/@]*@", "//"));
        }
        // ".database.password" is a private component property: Declarative Services does not copy it into the
        // service properties, where every bundle could read it
        String secret = settings._database_password();
        String password = Setting.isSet(secret) ? secret
                : Setting.isSet(settings.database_password()) ? settings.database_password() : null;
        long chunk = Setting.size("chunk.size", settings.chunk_size(), 64 * 1024);
        if (chunk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunk.size is too large: " + settings.chunk_size());
        }
        boolean embedded = database.startsWith("jdbc:h2:") && !database.startsWith("jdbc:h2:tcp:");
        return new SqlFsConfig(database, Setting.text(settings.database_user()), password,
                Setting.count("pool.size", settings.pool_size(), 8),
                Math.round(Setting.seconds("database.timeout", settings.database_timeout(), 5) * 1000), (int) chunk,
                Setting.seconds("timeout", settings.timeout(), embedded ? 300 : 30),
                Setting.flag("writeback", settings.writeback(), false),
                Setting.flag("notify", settings.notify$(), true),
                Setting.size("capacity", settings.capacity(), embedded ? diskSize(database) : 1L << 40),
                AtimePolicy.fromMountOptions(mountProperties.get(Fuse.OPTIONS)),
                Setting.octalMode("root.mode", settings.root_mode(), 0755),
                Setting.uid("root.uid", settings.root_uid()), Setting.gid("root.gid", settings.root_gid()));
    }

    /** The embedded H2 URL for a database file (without H2's {@code .mv.db} suffix). */
    static String h2Url(Path file) {
        String f = file.toAbsolutePath().normalize().toString();
        if (f.endsWith(".mv.db")) {
            f = f.substring(0, f.length() - ".mv.db".length());
        }
        return "jdbc:h2:file:" + f;
    }

    /** The size of the file system that holds (or will hold) an embedded database; 1 TiB when unknown. */
    private static long diskSize(String url) {
        String rest = url.substring("jdbc:h2:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            rest = rest.substring(0, semicolon);
        }
        try {
            Path p = Path.of(rest).toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p == null ? 1L << 40 : Files.getFileStore(p).getTotalSpace();
        } catch (Exception e) {
            return 1L << 40;
        }
    }
}
