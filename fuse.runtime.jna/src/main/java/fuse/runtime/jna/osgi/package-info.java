/**
 * The runtime in OSGi: {@link fuse.runtime.jna.osgi.MountManager}, the whiteboard that mounts every
 * {@link fuse.api.Operations} service with a {@value fuse.api.Fuse#MOUNTPOINT} and hot-swaps drivers with stable
 * inode numbers; {@link fuse.runtime.jna.osgi.RuntimeManagement}, the
 * {@link fuse.runtime.management.FuseManagement} service, which reports mounts and drivers and changes mounts only
 * through Configuration Admin; {@link fuse.runtime.jna.osgi.FuseCommands}, the {@code fuse:} shell commands, which
 * format and call that service; {@link fuse.runtime.jna.osgi.DriverInfo}, drivers read from their bundles'
 * {@value fuse.api.FuseDriver#NAMESPACE} capabilities; {@link fuse.runtime.jna.osgi.MountStatus}, the manager's
 * status records; {@link fuse.runtime.jna.osgi.DefaultMounts}, the host's embedded default mounts. Nothing here is
 * exported (the service's API is {@code fuse.runtime.management}).
 */
package fuse.runtime.jna.osgi;
