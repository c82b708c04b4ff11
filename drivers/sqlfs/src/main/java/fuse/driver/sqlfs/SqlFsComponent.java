package fuse.driver.sqlfs;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import fuse.api.FuseDriver;
import fuse.api.MountSettings;
import fuse.api.Fuse;
import fuse.api.Operations;

/**
 * sqlfs as a Declarative Services component: one instance, and so one mount, per factory configuration of
 * {@code fuse.driver.sqlfs}. Without a {@code database} key the file system is an embedded H2 database in
 * {@code sqlfs/} beside the framework storage, named after the mount point, so {@code fuse:mount sqlfs /srv/x} finds
 * the same files after a restart. The configuration's properties become the service's; sqlfs's own settings are
 * described by {@link SqlFsSettings} (metatype).
 */
@FuseDriver("sqlfs")
@Component(configurationPid = "fuse.driver.sqlfs", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class)
@Designate(ocd = SqlFsComponent.Configuration.class, factory = true)
public class SqlFsComponent extends SqlFs {
    /**
     * A sqlfs configuration as metatype tools and {@code fuse:settings} show it: the mount's settings
     * ({@link MountSettings}) and sqlfs's own ({@link SqlFsSettings}), which bnd merges into one object class
     * definition.
     */
    @ObjectClassDefinition(id = "fuse.driver.sqlfs", name = "sqlfs",
            description = "A POSIX file system in SQL tables (JDBC, one transaction per operation): an embedded H2"
            + " file by default, or a PostgreSQL database several hosts share. One mount per configuration. Empty"
            + " settings take their defaults; a new file system's root is owned by the user and group running the"
            + " JVM unless root.uid and root.gid say otherwise.")
    interface Configuration extends MountSettings, SqlFsSettings {
    }

    /**
     * Creates the file system from the component's configuration.
     *
     * @param context the bundle's context, for the framework storage location
     * @param settings sqlfs's settings
     * @param properties the whole configuration, for {@code fuse.mountpoint} (the default database's name) and the
     *        mount options ({@code fuse.options}: the atime policy)
     * @throws IllegalArgumentException naming the setting whose value cannot be used
     */
    @Activate
    public SqlFsComponent(BundleContext context, SqlFsSettings settings, Map<String, Object> properties) {
        super(SqlFsConfig.of(settings, properties, defaultDatabase(context, properties)));
    }

    /** Closes the pool (and the embedded database) after the runtime has unmounted. */
    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * {@code <framework storage>/../sqlfs/<mount point with / as ->}: beside the framework storage rather than in
     * it, so that neither cleaning the storage nor reinstalling the bundle deletes file systems.
     */
    static Path defaultDatabase(BundleContext context, Map<String, ?> properties) {
        Object mp = properties.get(Fuse.MOUNTPOINT);
        String name = mp == null ? "default" : fileName(mp.toString());
        String storage = context.getProperty("org.osgi.framework.storage");
        Path base;
        if (storage != null && !storage.isBlank()) {
            Path s = Path.of(storage).toAbsolutePath().normalize();
            base = (s.getParent() == null ? s : s.getParent()).resolve("sqlfs");
        } else {
            File f = context.getDataFile("sqlfs");
            base = f != null ? f.toPath() : Path.of("sqlfs").toAbsolutePath();
        }
        return base.resolve(name);
    }

    /** A mount point as a file name: {@code /srv/my files} becomes {@code srv-my_files}. */
    static String fileName(String mountpoint) {
        String s = mountpoint.replaceAll("^/+|/+$", "").replace('/', '-').replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "root" : s;
    }
}
