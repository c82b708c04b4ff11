/**
 * Mounting a driver from plain Java, without an OSGi framework: the runtime jar, fuse.api and JNA on the class
 * path are enough.
 *
 * <pre>{@code
 * try (Mount m = FuseMounts.mount(new HelloFs(), Path.of("/mnt/hello"), Map.of(Fuse.FSNAME, "hello"))) {
 *     System.out.println(Files.readString(m.mountpoint().resolve("message")));
 * }   // unmounted here
 * }</pre>
 *
 * The properties are those of {@link fuse.api.MountSettings} ({@link fuse.api.Fuse#OPTIONS},
 * {@link fuse.api.Fuse#MAX_THREADS}, …), the same an OSGi configuration gives. Mounting needs root (or
 * {@code fusermount3}'s rights) and {@code /dev/fuse}; every mount still open when the JVM exits is unmounted by a
 * shutdown hook. Inside the OSGi host, drivers are mounted by the runtime's whiteboard instead.
 *
 * <p>New in the runtime bundle's 0.2 release: the package has no released baseline yet; bnd's baseline check will
 * hold it from its first release on.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fuse.runtime;
