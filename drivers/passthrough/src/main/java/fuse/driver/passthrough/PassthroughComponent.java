package fuse.driver.passthrough;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import fuse.api.FuseDriver;
import fuse.api.MountSettings;
import fuse.api.Operations;
import fuse.utils.settings.Setting;

/**
 * The passthrough driver as a Declarative Services component: one instance and one mount per factory configuration of
 * {@code fuse.driver.passthrough}, e.g. {@code etc/fuse.driver.passthrough-data.cfg} holding
 * {@code fuse.mountpoint=/mnt/data} and {@code source=/srv/data}. It declares stable inode numbers, so a bundle update
 * hands the live mount (and the kernel's inode references) to the new version instead of remounting. Its settings are
 * described by {@link PassthroughSettings} (metatype).
 */
@FuseDriver("passthrough")
@Component(configurationPid = "fuse.driver.passthrough", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class,
        property = "fuse.stable.inodes=true")
@Designate(ocd = PassthroughComponent.Configuration.class, factory = true)
public class PassthroughComponent extends Passthrough {
    /**
     * A passthrough configuration as metatype tools and {@code fuse:settings} show it: the mount's settings
     * ({@link MountSettings}) and passthrough's own ({@link PassthroughSettings}), which bnd merges into one object
     * class definition.
     */
    @ObjectClassDefinition(id = "fuse.driver.passthrough", name = "passthrough",
            description = "Mirrors a source directory: one mount per configuration.")
    interface Configuration extends MountSettings, PassthroughSettings {
    }

    /**
     * Opens the source directory.
     *
     * @param settings the driver's settings
     * @param properties the whole configuration, for its {@code service.pid} in messages
     * @throws IllegalArgumentException naming the configuration and the problem with {@code source}, or the
     *         setting whose value cannot be used
     */
    @Activate
    public PassthroughComponent(PassthroughSettings settings, Map<String, Object> properties) {
        super(checkedSource(settings, properties), Setting.seconds("timeout", settings.timeout(), 0));
    }

    /** The configured source, checked here so that the error names the configuration, not only the path. */
    private static Path checkedSource(PassthroughSettings settings, Map<String, Object> properties) {
        String s = Setting.text(settings.source());
        if (s == null) {
            throw new IllegalArgumentException("passthrough configuration " + properties.get("service.pid")
                    + " has no 'source' (the directory to mirror)");
        }
        Path source = Path.of(s);
        String problem = !source.isAbsolute() ? "is not an absolute path"
                : !Files.exists(source) ? "does not exist"
                : !Files.isDirectory(source) ? "is not a directory" : null;
        if (problem != null) {
            throw new IllegalArgumentException("passthrough configuration " + properties.get("service.pid")
                    + ": source " + source + " " + problem);
        }
        return source;
    }

    /** Leaves the inode table to a successor (hot swap) and closes the source directory. */
    @Deactivate
    void deactivate() {
        handOver();
    }
}
