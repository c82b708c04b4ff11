package fuse.runtime;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.osgi.annotation.versioning.ProviderType;

import fuse.api.Session;

/**
 * A mounted driver. A {@code Mount} is live from the start: {@link FuseMounts#mount} returns it only once the kernel
 * has processed INIT (the driver's {@code init} ran and its answer reached the kernel), so the file system can be
 * used, and the connection's settings read, at once. Closing it unmounts (lazily when busy: open files keep working
 * until closed) and waits a bounded time for requests in progress; closing twice does nothing.
 */
@ProviderType
public interface Mount extends AutoCloseable {
    /** The directory the driver is mounted on. */
    Path mountpoint();

    /** The session, for notifications ({@link Session#invalidateInode} and the like). */
    Session session();

    /** Whether the mount is still served (false once closed, or once the kernel ended it: {@code umount}). */
    boolean isMounted();

    /**
     * Waits until the mount ends: {@link #close()} from another thread, {@link Session#terminate()}, an external
     * {@code umount}, or the JVM's shutdown.
     *
     * @return false when {@code timeout} passed first
     */
    boolean awaitUnmount(long timeout, TimeUnit unit) throws InterruptedException;

    /** Unmounts and waits for the session to end. */
    @Override
    void close();
}
