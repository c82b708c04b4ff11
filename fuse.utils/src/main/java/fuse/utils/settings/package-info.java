/**
 * Driver settings the OSGi way, and the parsers behind them: a driver declares its settings once, as a component
 * property type with metatype annotations, and reads each value with a parser that names the setting when the value
 * is bad.
 *
 * <h2>Declaring settings</h2>
 * <pre>{@code
 * public @interface MemFsSettings {
 *     @AttributeDefinition(name = "Capacity", description = "Bytes it may hold: 512m, 1g, ...")
 *     String capacity() default "1g";
 * }
 *
 * @FuseDriver("memfs")
 * @Component(configurationPid = "fuse.driver.memfs", configurationPolicy = ConfigurationPolicy.REQUIRE)
 * @Designate(ocd = MemFsComponent.Configuration.class, factory = true)
 * public class MemFsComponent extends MemFs {
 *     // what metatype tools show: the mount's settings and memfs's, merged by bnd into one definition
 *     @ObjectClassDefinition(id = "fuse.driver.memfs", name = "memfs", description = "An in-memory file system")
 *     interface Configuration extends MountSettings, MemFsSettings { }
 *
 *     @Activate
 *     public MemFsComponent(MemFsSettings settings, Map<String, Object> properties) {
 *         super(Setting.size("capacity", settings.capacity(), 1L << 30), ...);
 *     }
 * }
 * }</pre>
 * bnd writes the metatype description (so the shell and any metatype tool list the settings with their
 * descriptions and defaults) and the defaults into the component description (so Declarative Services supplies them
 * when a configuration leaves a key out). Outside a framework, {@link fuse.utils.settings.ComponentProperties#of}
 * fills the same annotation type from a map.
 *
 * <h2>Why every setting is text</h2>
 * Declarative Services converts configuration values to the element types of a component property type itself, and
 * Felix SCR 2.2.14 (the host's) does it in ways that hide the setting in question: a value that is not a number
 * fails with {@code ComponentException: java.lang.NumberFormatException: For input string: "abc"}, without the key;
 * {@code " 12"} is not a number (no trimming); a {@code long} read as {@code int} is narrowed silently; any text but
 * {@code true} is the boolean {@code false}. So driver settings are {@code String} elements (the metatype
 * {@code type} can still say BOOLEAN or PASSWORD for tools) parsed by {@link fuse.utils.settings.Setting}, whose
 * messages name key and value: {@code capacity must be a size like 512m or 1g, was abc}.
 *
 * <p>The access time policy comes from the mount options rather than from a setting of its own:
 * {@link fuse.utils.posix.AtimePolicy#fromMountOptions}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fuse.utils.settings;
