package fuse.driver.sqlfs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;

/**
 * The settings of one sqlfs mount: the metatype description of factory configurations of {@code fuse.driver.sqlfs}
 * and the component property type {@link SqlFsComponent} is activated with. Only sqlfs's own settings are here; the
 * mount itself ({@code fuse.mountpoint}, {@code fuse.options}, ...) is the runtime's. Every element is text, parsed
 * by {@link SqlFsConfig} so that a bad value fails with a message naming its key (see {@code fuse.utils.settings}).
 */
public @interface SqlFsSettings {
    /** JDBC URL or path of an embedded H2 file; empty for the default file named after the mount point. */
    @AttributeDefinition(name = "Database", required = false, description = "A JDBC URL (jdbc:h2:..., "
            + "jdbc:postgresql://host:port/db) or a plain path (an embedded H2 file; .mv.db is added). Empty: the H2"
            + " file sqlfs/<mount point> beside the framework storage.")
    String database();

    /** Database user. */
    @AttributeDefinition(name = "Database user", required = false, description = "The database user. Log lines never"
            + " show credentials.")
    String database_user();

    /** Database password, visible as a service property; prefer {@link #_database_password()}. */
    @AttributeDefinition(name = "Database password (public)", type = AttributeType.PASSWORD, required = false,
            description = "The database password. Also published as a service property, visible to every bundle:"
                    + " prefer .database.password.")
    String database_password();

    /** Database password as a private property, which Declarative Services does not publish. */
    @AttributeDefinition(name = "Database password", type = AttributeType.PASSWORD, required = false,
            description = "The database password, as a private component property: never published as a service"
                    + " property, never logged. Wins over database.password.")
    String _database_password();

    /** Seconds a request waits for a database connection. */
    @AttributeDefinition(name = "Database timeout", description = "Seconds a request waits for a connection before it"
            + " fails with EIO (at least 0.25).")
    String database_timeout() default "5";

    /** Connections in the pool. */
    @AttributeDefinition(name = "Pool size", description = "Connections in the pool (HikariCP), at least 1.")
    String pool_size() default "8";

    /** Bytes per stored chunk of file data, fixed when the file system is created. */
    @AttributeDefinition(name = "Chunk size", description = "Bytes per stored chunk of file data, a power of two from"
            + " 4k to 1m. Fixed when the file system is created; later values are ignored.")
    String chunk_size() default "64k";

    /** Entry and attribute timeout in seconds; empty for 300 embedded, 30 shared. */
    @AttributeDefinition(name = "Timeout", required = false, description = "Entry and attribute timeout in seconds."
            + " Empty: 300 for an embedded database (sqlfs is the only writer), 30 for a shared one (a bound on"
            + " staleness while change notifications are lost).")
    String timeout();

    /** Whether to ask for the kernel's writeback cache. */
    @AttributeDefinition(name = "Writeback cache", type = AttributeType.BOOLEAN, description = "Ask for the"
            + " kernel's writeback cache.")
    String writeback() default "false";

    /** PostgreSQL only: LISTEN/NOTIFY with the other hosts of the database (the key is {@code notify}). */
    @AttributeDefinition(name = "Change notifications", type = AttributeType.BOOLEAN, description = "PostgreSQL"
            + " only: exchange change notifications (LISTEN/NOTIFY) with the other hosts of the database, which"
            + " drop what their kernels cache of the changed files at once.")
    String notify$() default "true";

    /** The size statfs reports; empty for the disk's size (embedded) or 1 TiB (shared). */
    @AttributeDefinition(name = "Capacity", required = false, description = "Size reported by statfs / df, a number"
            + " or a size like 512g; fallocate beyond the free space is ENOSPC. Empty: the size of the disk holding"
            + " an embedded database, 1 TiB for a server.")
    String capacity();

    /** Permission bits of the root directory of a new file system, octal. */
    @AttributeDefinition(name = "Root mode", description = "Permission bits (octal) of a new file system's root.")
    String root_mode() default "0755";

    /** Owner of the root directory of a new file system; empty for the user running the JVM. */
    @AttributeDefinition(name = "Root owner", required = false, description = "uid of a new file system's root.")
    String root_uid();

    /** Group of the root directory of a new file system; empty for the group running the JVM. */
    @AttributeDefinition(name = "Root group", required = false, description = "gid of a new file system's root.")
    String root_gid();
}
