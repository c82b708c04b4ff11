package fuse.driver.memfs;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import fuse.api.FuseDriver;
import fuse.api.Operations;

/**
 * memfs as a Declarative Services component: one instance, and so one mount, per factory configuration of
 * {@value #PID}, e.g. {@code etc/fuse.driver.memfs-scratch.cfg} holding {@code fuse.mountpoint=/mnt/scratch} and
 * {@code capacity=256m}. The configuration's properties become the service's, so the runtime sees the mount point
 * and options; the memfs keys are described in {@link MemFsConfig}. A changed configuration makes a new, empty file
 * system (the component is re-activated).
 */
@FuseDriver("memfs")
@Component(configurationPid = MemFsComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class, property = { "fuse.fsname=memfs" })
public class MemFsComponent extends MemFs {
    /** The factory PID of memfs configurations. */
    public static final String PID = "fuse.driver.memfs";

    /**
     * Creates the file system from the component's configuration.
     *
     * @param properties the configuration, including {@code fuse.mountpoint}
     */
    @Activate
    public MemFsComponent(Map<String, Object> properties) {
        super(MemFsConfig.from(properties));
    }

    /** The component is dropped with its files: their heap goes back to the other memfs mounts' budget. */
    @Deactivate
    void deactivate() {
        leaveHeapBudget();
    }
}
