/**
 * The Linux ABI in one place: every glibc and kernel constant and struct layout the project uses, the few readers
 * and writers between those structs and {@link fuse.api}'s value types, and the one JNA binding of libc.
 *
 * <p><b>Not a public API.</b> This package is exported by no bundle: each bundle that uses it embeds a private copy
 * with bnd's {@code -conditionalpackage: fuse.linux.*} (the module's README tells why). Nothing here may appear in
 * an exported signature.
 *
 * <p><b>One definition each.</b> A constant is defined once, here or, when drivers need it and its value is the
 * same on every Linux architecture, in {@link fuse.api.Fuse} / {@link fuse.api.Errno}; this package never repeats
 * one of those. The values are x86_64's: the ABI test ({@code AbiTest}) compiles a C program against the system
 * headers and compares every {@code static final} primitive field of this package, of {@link fuse.linux.libfuse}
 * and of those {@link fuse.api} classes with C's value. {@link fuse.linux.Platform} refuses every other platform.
 *
 * <table>
 * <caption>Where things are</caption>
 * <tr><th>class</th><th>holds</th></tr>
 * <tr><td>{@link fuse.linux.Platform}</td><td>the architecture check</td></tr>
 * <tr><td>{@link fuse.linux.LibC}</td><td>every libc function the project calls, and {@code errno}</td></tr>
 * <tr><td>{@link fuse.linux.Fcntl}</td><td>open flags beyond {@link fuse.api.Fuse}'s, {@code AT_*}, fcntl
 *     commands</td></tr>
 * <tr><td>{@link fuse.linux.Stat}, {@link fuse.linux.Timespec}</td><td>{@code struct stat} (to and from
 *     {@link fuse.api.EntryAttributes}), {@code struct timespec}, {@code UTIME_*}</td></tr>
 * <tr><td>{@link fuse.linux.Statvfs}</td><td>{@code struct statvfs} (to and from
 *     {@link fuse.api.StatvfsData})</td></tr>
 * <tr><td>{@link fuse.linux.Flock}</td><td>{@code struct flock} (to and from {@link fuse.api.FileLock})</td></tr>
 * <tr><td>{@link fuse.linux.Dirent64}</td><td>getdents64 records, {@code d_type}</td></tr>
 * <tr><td>{@link fuse.linux.CStrings}</td><td>NUL-terminated names</td></tr>
 * <tr><td>{@link fuse.linux.Poll}, {@link fuse.linux.Sched}, {@link fuse.linux.Rusage},
 *     {@link fuse.linux.Mount}</td><td>{@code struct pollfd}, scheduling policies and CPU masks,
 *     {@code struct rusage}, umount2 flags</td></tr>
 * </table>
 */
package fuse.linux;
