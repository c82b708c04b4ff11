/**
 * The driver contract of osgi-fuse: libfuse 3's low-level, inode-based API for Java.
 *
 * <p>A filesystem driver implements {@link fuse.api.Operations} and publishes it as an OSGi service with a
 * {@value fuse.api.Fuse#MOUNTPOINT} property; the runtime bundle mounts it and dispatches every kernel request to it.
 * Each operation receives a typed reply handle ({@link fuse.api.Reply} and its nested interfaces) that must be answered
 * exactly once, from the calling thread or later from any other thread.
 *
 * <h2>What is here</h2>
 * <ul>
 * <li>{@link fuse.api.Operations}: one method per FUSE request; the rules every method shares are written once in its
 *     class documentation.</li>
 * <li>Value types: {@link fuse.api.EntryAttributes} (stat data with nanosecond timestamps and cache timeouts),
 *     {@link fuse.api.FileInfo}, {@link fuse.api.SetattrFields}, {@link fuse.api.StatvfsData},
 *     {@link fuse.api.FileLock}, {@link fuse.api.Forget}; {@link fuse.api.WriteData} (a WRITE's data, possibly
 *     still in a pipe, for {@link fuse.api.Operations#writeBuf}).</li>
 * <li>Per request and per mount: {@link fuse.api.RequestContext}, {@link fuse.api.ConnectionInfo} (negotiated in
 *     {@code init}) and {@link fuse.api.Session} (cache invalidation, notify store / retrieve, terminate).</li>
 * <li>Errors: {@link fuse.api.FuseException} carries an errno from {@link fuse.api.Errno}.</li>
 * <li>Constants: {@link fuse.api.Fuse} (root inode, rename flags, service property names, …).</li>
 * </ul>
 *
 * <h2>Names are bytes</h2>
 * File names, symlink targets and extended attribute names and values are {@code byte[]}: Linux names are byte
 * strings, and decoding them to {@code String} would lose names that are not valid in the platform encoding.
 *
 * <h2>pyfuse3 correspondence</h2>
 * <table>
 * <caption>pyfuse3 names and their counterparts</caption>
 * <tr><th>pyfuse3</th><th>osgi-fuse</th></tr>
 * <tr><td>{@code Operations}</td><td>{@link fuse.api.Operations}</td></tr>
 * <tr><td>{@code EntryAttributes}, {@code FileInfo}, {@code SetattrFields}, {@code StatvfsData}</td>
 *     <td>the classes of the same names</td></tr>
 * <tr><td>{@code RequestContext}</td><td>{@link fuse.api.RequestContext}</td></tr>
 * <tr><td>{@code FUSEError}</td><td>{@link fuse.api.FuseException}</td></tr>
 * <tr><td>{@code ReaddirToken} + {@code readdir_reply}</td><td>{@link fuse.api.Reply.Directory#add}</td></tr>
 * <tr><td>{@code ROOT_INODE}, {@code RENAME_NOREPLACE}, {@code RENAME_EXCHANGE}, {@code ENOATTR}</td>
 *     <td>{@link fuse.api.Fuse#ROOT_INODE}, {@link fuse.api.Fuse#RENAME_NOREPLACE},
 *     {@link fuse.api.Fuse#RENAME_EXCHANGE}, {@link fuse.api.Errno#ENOATTR}</td></tr>
 * <tr><td>{@code invalidate_inode}, {@code invalidate_entry}, {@code invalidate_entry_async},
 *     {@code notify_store}, {@code terminate}</td><td>methods of {@link fuse.api.Session}</td></tr>
 * <tr><td>{@code init(ops, mountpoint, options)}, {@code main}, {@code close}</td>
 *     <td>the runtime bundle, driven by service properties ({@link fuse.api.Fuse#MOUNTPOINT},
 *     {@link fuse.api.Fuse#OPTIONS})</td></tr>
 * </table>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package fuse.api;
