package fuse.driver.passthrough;

import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * The settings of one passthrough mount: the metatype description of factory configurations of
 * {@code fuse.driver.passthrough} and the component property type {@link PassthroughComponent} is activated with.
 * Only the driver's own settings are here; the mount itself ({@code fuse.mountpoint}, {@code fuse.options}, ...) is
 * the runtime's. Elements are text, parsed so that a bad value fails with a message naming its key (see
 * {@code fuse.utils.settings}).
 */
public @interface PassthroughSettings {
    /** Absolute path of the directory to mirror (required). */
    @AttributeDefinition(name = "Source", description = "Absolute path of the directory to mirror.")
    String source();

    /** Entry and attribute timeout in seconds; 0 shows changes made directly in the source at once. */
    @AttributeDefinition(name = "Timeout", description = "Entry and attribute timeout in seconds; 0 shows changes"
            + " made directly in the source at once.")
    String timeout() default "0";
}
