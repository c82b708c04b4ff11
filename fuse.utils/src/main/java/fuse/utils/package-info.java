/**
 * Utilities for driver authors and for client code and tests: pyfuse3's utility functions in Java.
 *
 * <p>This package depends on {@link fuse.api} (the readdir token, entry attributes, errno values) and on JNA for the
 * system calls the JDK lacks; it never depends on the runtime bundle, so a driver may use it with any runtime.
 * Everything here is Linux-first: on a platform whose system call ABI has not been verified (anything but Linux on
 * x86_64), the utility throws {@link java.lang.UnsupportedOperationException} rather than give a wrong answer.
 *
 * <h2>pyfuse3 correspondence</h2>
 * <table>
 * <caption>pyfuse3 utility names and their counterparts</caption>
 * <tr><th>pyfuse3</th><th>fuse.utils</th></tr>
 * <tr><td>{@code listdir(path)}</td><td>{@link fuse.utils.FuseUtils#listdir(java.nio.file.Path)} (names decoded
 *     strictly, never mangled) and {@link fuse.utils.FuseUtils#listdirBytes(java.nio.file.Path)} (exact
 *     bytes)</td></tr>
 * <tr><td>{@code syncfs(path)}</td><td>{@link fuse.utils.FuseUtils#syncfs(java.nio.file.Path)}</td></tr>
 * <tr><td>{@code get_sup_groups(pid)}</td><td>{@link fuse.utils.FuseUtils#getSupGroups(int)}; cached:
 *     {@link fuse.utils.SupplementaryGroups#get(int)}</td></tr>
 * <tr><td>the {@code CachedSupGroups} example (timeout, {@code invalidate})</td>
 *     <td>{@link fuse.utils.SupplementaryGroups} (TTL,
 *     {@link fuse.utils.SupplementaryGroups#invalidate(int)})</td></tr>
 * <tr><td>the {@code access()} examples</td><td>{@link fuse.utils.Permissions#check},
 *     {@link fuse.utils.Permissions#require}, {@link fuse.utils.Permissions#answer}</td></tr>
 * <tr><td>{@code readdir_reply(token, name, attr, next_id)}</td>
 *     <td>{@link fuse.utils.FuseUtils#readdirReply(fuse.api.Reply.Directory, byte[], fuse.api.EntryAttributes, long)}
 *     (a checked front of {@link fuse.api.Reply.Directory#add})</td></tr>
 * <tr><td>{@code ReaddirToken}</td><td>{@link fuse.api.Reply.Directory}</td></tr>
 * <tr><td>{@code async_wrapper(fn)}</td><td>{@link fuse.utils.Async}: {@link fuse.utils.Async#complete} for
 *     {@link java.util.concurrent.CompletionStage} backends, {@link fuse.utils.Async#onVirtualThread} for blocking
 *     ones</td></tr>
 * <tr><td>{@code setxattr(path, name, value)}, {@code getxattr(path, name)}</td>
 *     <td>{@link fuse.utils.FuseUtils#setxattr(java.nio.file.Path, byte[], byte[], java.nio.file.LinkOption...)},
 *     {@link fuse.utils.FuseUtils#getxattr(java.nio.file.Path, byte[], java.nio.file.LinkOption...)}; also
 *     {@link fuse.utils.FuseUtils#listxattr(java.nio.file.Path, java.nio.file.LinkOption...)} and
 *     {@link fuse.utils.FuseUtils#removexattr(java.nio.file.Path, byte[], java.nio.file.LinkOption...)}</td></tr>
 * <tr><td>{@code OSError} with {@code errno}</td><td>{@link fuse.utils.ErrnoException} with
 *     {@link fuse.utils.ErrnoException#errno()} (compare with {@link fuse.api.Errno})</td></tr>
 * <tr><td>{@code FileNotFoundError} of {@code get_sup_groups}</td>
 *     <td>{@link java.nio.file.NoSuchFileException}</td></tr>
 * <tr><td>{@code RuntimeError} of {@code get_sup_groups}</td><td>{@link java.lang.IllegalStateException}</td></tr>
 * </table>
 *
 * <h2>Beside this package</h2>
 * {@link fuse.utils.posix} holds the POSIX rules a driver that stores its own inodes applies (names, new inodes,
 * set-user-id clearing, setattr, rename, xattrs, file ranges, atime), {@link fuse.utils.settings} the parsers of
 * driver settings and the filling of component property types outside OSGi.
 *
 * <h2>Threads and locks</h2>
 * Each public method documents its thread-safety. None of the file system helpers holds a lock while it waits for
 * the kernel, so they work on paths inside a mount served by this same JVM.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fuse.utils;
