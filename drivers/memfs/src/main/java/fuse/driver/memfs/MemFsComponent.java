package fuse.driver.memfs;

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

/**
 * memfs as a Declarative Services component: one instance, and so one mount, per factory configuration of
 * {@code fuse.driver.memfs}, e.g. {@code etc/fuse.driver.memfs-scratch.cfg} holding
 * {@code fuse.mountpoint=/mnt/scratch} and {@code capacity=256m}. The configuration's properties become the service's,
 * so the runtime sees the mount point and options; memfs's own settings are described by {@link MemFsSettings}
 * (metatype). A changed configuration makes a new, empty file system (the component is re-activated).
 */
@FuseDriver("memfs")
@Component(configurationPid = "fuse.driver.memfs", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class)
@Designate(ocd = MemFsComponent.Configuration.class, factory = true)
public class MemFsComponent extends MemFs {
    /**
     * Creates the file system from the component's configuration.
     *
     * @param settings memfs's settings
     * @param properties the whole configuration, for the mount options ({@code fuse.options}: the atime policy)
     * @throws IllegalArgumentException naming the setting whose value cannot be used
     */
    @Activate
    public MemFsComponent(MemFsSettings settings, Map<String, Object> properties) {
        super(MemFsConfig.of(settings, properties));
    }

    /**
     * The component is dropped with its files (the runtime has unmounted it by now): the memory file holding their
     * data is closed, so that memory goes back to the system, and their heap goes to the other memfs mounts' budget.
     */
    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * A memfs configuration as metatype tools and {@code fuse:settings} show it: the mount's settings
     * ({@link MountSettings}) and memfs's own ({@link MemFsSettings}), which bnd merges into one object class
     * definition.
     */
    @ObjectClassDefinition(id = "fuse.driver.memfs", name = "memfs",
            description = "An in-memory POSIX file system: one mount per configuration. Its files live in the host's"
            + " memory (file data outside the Java heap) and are gone when the configuration or the bundle goes.")
    interface Configuration extends MountSettings, MemFsSettings {
    }
}
