package fuse.driver.hello;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import fuse.api.FuseDriver;
import fuse.api.MountSettings;
import fuse.api.Operations;

/**
 * The hello driver as a Declarative Services component: one instance (and one mount) per factory configuration of
 * {@code fuse.driver.hello}, e.g. the file {@code etc/fuse.driver.hello-demo.cfg} holding
 * {@code fuse.mountpoint=/mnt/hello}. The configuration's properties become the service's, so the runtime sees the
 * mount point.
 */
@FuseDriver("hello")
@Designate(ocd = HelloComponent.Configuration.class, factory = true)
@Component(configurationPid = "fuse.driver.hello", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Operations.class)
public class HelloComponent extends HelloFs {
    /** A hello configuration as metatype tools and {@code fuse:settings} show it: only the mount's settings. */
    @ObjectClassDefinition(id = "fuse.driver.hello", name = "hello",
            description = "pyfuse3's hello example: one read-only file, hello.txt. One mount per configuration.")
    interface Configuration extends MountSettings {
    }
}
