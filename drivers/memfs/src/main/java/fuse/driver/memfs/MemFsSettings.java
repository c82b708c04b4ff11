package fuse.driver.memfs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;

/**
 * The settings of one memfs mount: the metatype description of factory configurations of {@code fuse.driver.memfs}
 * and the component property type {@link MemFsComponent} is activated with. Only memfs's own settings are here; the
 * mount itself ({@code fuse.mountpoint}, {@code fuse.options}, ...) is the runtime's. Every element is text, parsed
 * by {@link MemFsConfig} so that a bad value fails with a message naming its key (see {@code fuse.utils.settings}).
 */
public @interface MemFsSettings {
    /** Bytes of file data, xattrs and symlink targets the mount may hold. */
    @AttributeDefinition(name = "Capacity", description = "Bytes of file data, xattrs and symlink targets: a number,"
            + " or with k/m/g/t (powers of 1024), e.g. 512m or 1GiB. Writes past it fail with ENOSPC; df reports"
            + " it. File data lives outside the Java heap: -Xmx does not bound it.")
    String capacity() default "1g";

    /** How many inodes may exist at once; empty for one per KiB of capacity. */
    @AttributeDefinition(name = "Inodes", required = false, description = "How many inodes may exist at once"
            + " (ENOSPC past it; df -i reports it). Empty: one per KiB of capacity.")
    String inodes();

    /** Entry and attribute timeout in seconds. */
    @AttributeDefinition(name = "Timeout", description = "Entry and attribute timeout in seconds. memfs is the only"
            + " writer and every change passes through the kernel, so long caching is safe.")
    String timeout() default "300";

    /** Whether to ask for the kernel's writeback cache. */
    @AttributeDefinition(name = "Writeback cache", type = AttributeType.BOOLEAN, description = "Ask for the"
            + " kernel's writeback cache: faster small writes; the kernel then keeps mtime and size itself between"
            + " flushes.")
    String writeback() default "false";

    /** Permission bits of the root directory, octal. */
    @AttributeDefinition(name = "Root mode", description = "Permission bits of the root directory, octal, e.g. 1777"
            + " for a shared scratch space.")
    String root_mode() default "0755";

    /** Owner of the root directory; empty for the user running the JVM. */
    @AttributeDefinition(name = "Root owner", required = false, description = "uid of the root directory's owner."
            + " Empty: the user running the JVM.")
    String root_uid();

    /** Group of the root directory; empty for the group running the JVM. */
    @AttributeDefinition(name = "Root group", required = false, description = "gid of the root directory's group."
            + " Empty: the group running the JVM.")
    String root_gid();
}
