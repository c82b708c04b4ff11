/**
 * The POSIX rules a FUSE driver that stores its own inodes must apply, in one place: what Linux's VFS and its
 * in-kernel file systems (tmpfs, ext4) decide about names, new inodes, ownership, set-user-id and set-group-id,
 * setattr, rename flags, extended attributes, file ranges, fallocate modes and access times. memfs and sqlfs both
 * use them; a new driver should too, so that it behaves like the kernel's own file systems without rediscovering
 * each rule.
 *
 * <p>Each class owns one rule set and takes or returns only {@link fuse.api} types ({@link fuse.api.EntryAttributes},
 * {@link fuse.api.RequestContext}, {@link fuse.api.SetattrFields}) or plain numbers, so it fits any storage:
 * <table>
 * <caption>Rule sets and what they mirror</caption>
 * <tr><th>Class</th><th>Rule</th><th>Errors it answers</th></tr>
 * <tr><td>{@link fuse.utils.posix.Names}</td><td>name length, {@code .} and {@code ..}</td>
 *     <td>ENAMETOOLONG, ENOENT; rmdir: EINVAL, ENOTEMPTY</td></tr>
 * <tr><td>{@link fuse.utils.posix.Caller}</td><td>root, group membership with supplementary groups
 *     ({@code in_group_p})</td><td>none</td></tr>
 * <tr><td>{@link fuse.utils.posix.NewInode}</td><td>mode, group and type of a created inode
 *     ({@code inode_init_owner}: umask, set-group-id directories)</td><td>mknod: EPERM, EINVAL</td></tr>
 * <tr><td>{@link fuse.utils.posix.Privileges}</td><td>clearing set-user-id / set-group-id on write, truncate and
 *     chown ({@code file_remove_privs})</td><td>none</td></tr>
 * <tr><td>{@link fuse.utils.posix.Setattr}</td><td>the metadata part of setattr ({@code notify_change}): owner,
 *     mode, times</td><td>none</td></tr>
 * <tr><td>{@link fuse.utils.posix.RenameRules}</td><td>renameat2(2) flags, names, target and type rules</td>
 *     <td>EINVAL, EBUSY, EEXIST, ENOENT, ENOTDIR, EISDIR</td></tr>
 * <tr><td>{@link fuse.utils.posix.XattrRules}</td><td>xattr name and value limits, XATTR_CREATE / XATTR_REPLACE,
 *     POSIX ACL names</td><td>EINVAL, EOPNOTSUPP, ERANGE, E2BIG, EEXIST, ENODATA</td></tr>
 * <tr><td>{@link fuse.utils.posix.FileRanges}</td><td>offsets and lengths of write, truncate, lseek,
 *     copy_file_range; O_TRUNC on open</td><td>EINVAL, EFBIG, ENXIO</td></tr>
 * <tr><td>{@link fuse.utils.posix.FallocateMode}</td><td>fallocate(2) modes of sparse storage</td>
 *     <td>EOPNOTSUPP, EINVAL, EFBIG</td></tr>
 * <tr><td>{@link fuse.utils.posix.InodeFlags}</td><td>immutable and append-only inodes ({@code chattr +i},
 *     {@code +a}) and the ioctls of {@code lsattr} and {@code chattr}</td><td>EPERM, EOPNOTSUPP, EINVAL</td></tr>
 * <tr><td>{@link fuse.utils.posix.AtimePolicy}</td><td>{@code noatime} / {@code relatime} / {@code strictatime}
 *     from the mount options</td><td>none</td></tr>
 * </table>
 *
 * <p>Errors are thrown as {@link fuse.api.FuseException} with the errno the kernel's file systems give in the same
 * case: thrown from an operation, it answers the request. The checks that need the driver's own data (does the name
 * exist, is the directory empty, is a directory moved into its own subtree) stay in the driver; the documentation of
 * each method says where it fits in the order Linux reports errors.
 *
 * <p>What these rules assume: the mount uses {@code default_permissions}, so the kernel checks access before a
 * request arrives (use {@link fuse.utils.Permissions} otherwise); uid 0 stands for a caller with CAP_FOWNER,
 * CAP_FSETID and CAP_DAC_OVERRIDE, since a driver cannot see capabilities.
 *
 * <p>Every class is stateless and thread-safe.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fuse.utils.posix;
