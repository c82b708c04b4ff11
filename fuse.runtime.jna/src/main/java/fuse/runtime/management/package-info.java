/**
 * The runtime's status and mount management as an OSGi service, {@link fuse.runtime.management.FuseManagement}:
 * mounts with their request statistics, installed drivers with their settings, and mount, unmount and invalidate
 * through Configuration Admin. The {@code fuse:} shell commands and the web console's FUSE page both use it, so they
 * show the same state and change mounts the same way. Plain records of strings and numbers: no JNA, no native types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fuse.runtime.management;
