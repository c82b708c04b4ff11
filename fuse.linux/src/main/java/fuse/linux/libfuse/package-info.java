/**
 * Layouts of the libfuse 3.14 structs ({@code FUSE_USE_VERSION 314}) and of the kernel FUSE protocol structs
 * ({@code <linux/fuse.h>}) the runtime reads and writes: offsets and sizes in bytes, and the bits of
 * {@code fuse_file_info}'s bit fields. Constants only, one class per struct, named after it.
 *
 * <p>Like {@link fuse.linux}, this package is embedded privately ({@code -conditionalpackage}) and never exported;
 * every value is x86_64's and is checked by the ABI test against the C headers, and {@link fuse.linux.Platform}
 * refuses other platforms.
 */
package fuse.linux.libfuse;
