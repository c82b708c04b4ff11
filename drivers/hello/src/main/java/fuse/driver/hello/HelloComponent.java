package fuse.driver.hello;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import fuse.api.FuseDriver;
import fuse.api.Operations;

/**
 * The hello driver as a Declarative Services component: one instance (and one mount) per factory configuration of
 * {@code fuse.driver.hello}, e.g. the file {@code etc/fuse.driver.hello-demo.cfg} holding
 * {@code fuse.mountpoint=/mnt/hello}. The configuration's properties become the service's, so the runtime sees the
 * mount point.
 */
@FuseDriver("hello")
@Component(configurationPid = HelloComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class, property = { "fuse.fsname=hello" })
public class HelloComponent extends HelloFs {
    /** The factory PID of hello configurations. */
    public static final String PID = "fuse.driver.hello";
}
