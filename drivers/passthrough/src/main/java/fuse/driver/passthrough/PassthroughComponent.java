package fuse.driver.passthrough;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import fuse.api.FuseDriver;
import fuse.api.Operations;

/**
 * The passthrough driver as a Declarative Services component: one instance and one mount per factory configuration
 * of {@code fuse.driver.passthrough}, e.g. {@code etc/fuse.driver.passthrough-data.cfg} holding
 * {@code fuse.mountpoint=/mnt/data} and {@code source=/srv/data}. It declares stable inode numbers, so a bundle
 * update hands the live mount (and the kernel's inode references) to the new version instead of remounting.
 */
@FuseDriver("passthrough")
@Component(configurationPid = PassthroughComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class,
        property = { "fuse.fsname=passthrough", "fuse.stable.inodes=true" })
public class PassthroughComponent extends Passthrough {
    /** The factory PID of passthrough configurations. */
    public static final String PID = "fuse.driver.passthrough";

    /** The configuration of one mount. */
    public @interface Config {
        /** Absolute path of the directory to mirror (required). */
        String source();

        /** Entry and attribute timeout in seconds; 0 shows changes made directly in the source at once. */
        double timeout() default 0;
    }

    /**
     * Opens the source directory.
     *
     * @throws IllegalArgumentException naming the configuration and the problem with {@code source}
     */
    @Activate
    public PassthroughComponent(Config config, java.util.Map<String, Object> properties) {
        super(checkedSource(config, properties), config.timeout());
    }

    /** The configured source, checked here so that the error names the configuration, not only the path. */
    private static Path checkedSource(Config config, java.util.Map<String, Object> properties) {
        Path source = source(config, properties);
        String problem = !source.isAbsolute() ? "is not an absolute path"
                : !java.nio.file.Files.exists(source) ? "does not exist"
                : !java.nio.file.Files.isDirectory(source) ? "is not a directory" : null;
        if (problem != null) {
            throw new IllegalArgumentException("passthrough configuration " + properties.get("service.pid")
                    + ": source " + source + " " + problem);
        }
        return source;
    }

    private static Path source(Config config, java.util.Map<String, Object> properties) {
        String s;
        try {
            s = config.source();
        } catch (RuntimeException e) {
            s = null;
        }
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("passthrough configuration " + properties.get("service.pid")
                    + " has no 'source' (the directory to mirror)");
        }
        return Path.of(s);
    }

    /** Leaves the inode table to a successor (hot swap) and closes the source directory. */
    @Deactivate
    void deactivate() {
        handOver();
    }
}
