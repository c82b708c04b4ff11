package fuse.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a driver: put it on the Declarative Services component that registers the {@link Operations} service.
 * <ul>
 * <li>As a component property type it sets the service property {@value Fuse#DRIVER} to the driver's name.</li>
 * <li>At build time bnd turns it into the bundle capability
 *     {@code fuse.driver;fuse.driver=<name>;pid=fuse.driver.<name>}, so the runtime lists the driver
 *     ({@code fuse:drivers}) and mounts it by name ({@code fuse:mount <name> <dir>}) even before the bundle is
 *     started, without reading any manifest header by hand.</li>
 * </ul>
 * The component's factory configuration PID must be {@code fuse.driver.<name>}: one configuration, one mount.
 *
 * <pre>{@code
 * @FuseDriver("notes")
 * @Component(configurationPid = "fuse.driver.notes", configurationPolicy = ConfigurationPolicy.REQUIRE,
 *         service = Operations.class)
 * public class NotesFs implements Operations { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
@Capability(namespace = FuseDriver.NAMESPACE, name = "${#value}", attribute = FuseDriver.PID_ATTRIBUTE
        + "=" + FuseDriver.PID_PREFIX + "${#value}")
public @interface FuseDriver {
    /** The capability namespace of drivers; its main attribute holds the driver's name. */
    String NAMESPACE = "fuse.driver";
    /** The capability attribute holding the factory PID whose configurations mount the driver. */
    String PID_ATTRIBUTE = "pid";
    /** The factory PID of a driver is this prefix followed by the driver's name. */
    String PID_PREFIX = "fuse.driver.";

    /** The driver's name: letters, digits, '-', '_' or '.'; used by the shell, in logs and in the mount's type. */
    String value();
}
