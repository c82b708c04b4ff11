package fuse.api;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The mount settings every driver configuration takes besides its own: the service properties of {@link Fuse} that
 * the runtime reads from an {@link Operations} service, described once for metatype tools and the shell.
 *
 * <p>A driver describes its whole factory configuration by one interface that extends this and its own settings
 * annotation, designated to its factory PID; bnd merges the attributes into one object class definition:
 *
 * <pre>{@code
 * @ObjectClassDefinition(name = "notes", description = "...")
 * @interface NotesSettings { String greeting() default "hello"; }       // the component property type
 *
 * @ObjectClassDefinition(id = "fuse.driver.notes", name = "notes mount")
 * interface NotesMount extends MountSettings, NotesSettings { }          // what metatype tools show
 *
 * @Designate(ocd = NotesMount.class, factory = true)
 * }</pre>
 *
 * The element names follow Declarative Services' mapping ({@code fuse_threads_max} is {@value Fuse#MAX_THREADS});
 * their defaults are the runtime's defaults.
 */
@ObjectClassDefinition(id = "fuse.mount", name = "FUSE mount",
        description = "Where and how the runtime mounts a driver's Operations service")
public @interface MountSettings {
    /** {@value Fuse#MOUNTPOINT}. */
    @AttributeDefinition(name = "Mount point", description = "Absolute path of an existing, empty directory to "
            + "mount on; without it the service is not mounted")
    String fuse_mountpoint();

    /** {@value Fuse#MOUNTPOINT_CREATE}. */
    @AttributeDefinition(name = "Create mount point", description = "Create the mount point directory (and its "
            + "parents) when it does not exist")
    boolean fuse_mountpoint_create() default false;

    /** {@value Fuse#OPTIONS}. */
    @AttributeDefinition(name = "Mount options", description = "Mount options, e.g. default_permissions, "
            + "allow_other, ro, noatime (fsname and subtype are set by the runtime; without max_read, READs are "
            + "cut to the largest answer that can be spliced, 512 KiB with fs.pipe-max-size 1 MiB)")
    String[] fuse_options() default "default_permissions";

    /** {@value Fuse#FSNAME}. */
    @AttributeDefinition(name = "File system name", description = "The source shown in /proc/mounts; empty: the "
            + "driver's name", required = false)
    String fuse_fsname() default "";

    /** {@value Fuse#MIN_THREADS}. */
    @AttributeDefinition(name = "Reader threads, minimum", description = "Reader threads kept alive when idle "
            + "(pyfuse3's min_tasks)", min = "1")
    int fuse_threads_min() default 1;

    /** {@value Fuse#MAX_THREADS}. */
    @AttributeDefinition(name = "Reader threads, maximum", description = "Requests inside the driver at once, at "
            + "most (pyfuse3's max_tasks)", min = "1")
    int fuse_threads_max() default 16;

    /** {@value Fuse#REPLY_TIMEOUT}. */
    @AttributeDefinition(name = "Reply timeout", description = "Seconds a request may stay unanswered after its "
            + "method returned; then EIO and a log line", min = "1")
    long fuse_reply_timeout() default 120;

    /** {@value Fuse#SPIN_MICROS}. */
    @AttributeDefinition(name = "Spin time", description = "Microseconds the SCHED_IDLE spinner threads go on "
            + "watching /dev/fuse after the last request; 0 turns them off", min = "0", max = "100000")
    int fuse_spin_micros() default 1000;

    /** {@value Fuse#READAHEAD_KB}. */
    @AttributeDefinition(name = "Readahead window", description = "The kernel's readahead window for the mount in "
            + "KiB; 0: the kernel's own (128 KiB)", min = "0", max = "16384")
    int fuse_readahead_kb() default 0;
}
