package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fuse.api.Fuse;

/**
 * The host's embedded default mounts. The framework property {@value #PROPERTY} lists {@code driver=directory}
 * pairs (directories relative to the framework property {@value #HOME}, default the working directory); for each,
 * a factory configuration {@code <pid>~default-<driver>} is created unless one exists, and the directory is created.
 * Users change or remove them like any other mount ({@code fuse:unmount}, or by deleting the configuration).
 */
@Component(immediate = true)
public final class DefaultMounts {
    /** Framework property: default mounts, e.g. {@code hello=mnt/hello,memfs=mnt/memfs}. */
    public static final String PROPERTY = "fuse.default.mounts";
    /** Framework property: the directory relative default mount points resolve against. */
    public static final String HOME = "fuse.home";
    private static final System.Logger LOG = System.getLogger("fuse.runtime");

    /** Creates the configured default mounts. */
    @Activate
    public DefaultMounts(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        String spec = context.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return;
        }
        String homeProp = context.getProperty(HOME);
        Path home = Path.of(homeProp == null ? System.getProperty("user.dir") : homeProp).toAbsolutePath();
        for (String entry : spec.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                LOG.log(Level.ERROR, PROPERTY + ": '" + entry + "' is not driver=directory");
                continue;
            }
            String driver = kv[0].trim();
            Path mp = home.resolve(kv[1].trim()).normalize();
            try {
                Configuration c = configAdmin.getFactoryConfiguration("fuse.driver." + driver, "default-" + driver,
                        "?");
                if (c.getProperties() != null) {
                    continue; // exists already (perhaps changed by the user)
                }
                Files.createDirectories(mp);
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(Fuse.MOUNTPOINT, mp.toString());
                c.update(props);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "cannot configure the default " + driver + " mount on " + mp + ": " + e);
            }
        }
    }
}
