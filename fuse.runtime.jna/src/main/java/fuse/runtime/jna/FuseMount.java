package fuse.runtime.jna;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Session;
import fuse.runtime.Mount;

/**
 * A mount made without OSGi: what {@link fuse.runtime.FuseMounts} returns, and, with {@link #fuseSession()}, the
 * runtime's view of it for this bundle's tests and benchmarks. Inside the host the whiteboard
 * ({@code osgi.MountManager}) mounts every {@code Operations} service instead. Mounts still open when the JVM exits
 * are unmounted by one shutdown hook.
 */
public final class FuseMount implements Mount {
    /** Mounts not closed yet, for the shutdown hook. */
    private static final Set<FuseMount> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(FuseMount::close),
                "fuse-unmount-at-exit"));
    }

    private final FuseSession session;

    private FuseMount(FuseSession session) {
        this.session = session;
        session.onClosed(s -> OPEN.remove(this));
    }

    /**
     * Mounts {@code ops} on {@code mountpoint}; returns only once the kernel has processed INIT (the driver's
     * {@code init} ran and its answer reached the kernel), as {@link fuse.runtime.FuseMounts#mount} documents.
     *
     * @param properties the service properties of {@link Fuse} ({@link Fuse#OPTIONS}, {@link Fuse#FSNAME}, …);
     *        {@link Fuse#MOUNTPOINT} is set from {@code mountpoint}
     * @throws IOException naming the mount point and the problem
     * @throws IllegalArgumentException for an invalid property, naming it
     */
    public static FuseMount mount(Operations ops, Path mountpoint, Map<String, ?> properties) throws IOException {
        Map<String, Object> p = new HashMap<>(properties);
        p.put(Fuse.MOUNTPOINT, mountpoint.toAbsolutePath().toString());
        FuseSession s = new FuseSession(ops, MountConfig.from(p));
        s.start();
        FuseMount m = new FuseMount(s);
        OPEN.add(m);
        if (!m.isMounted()) {
            OPEN.remove(m); // (ended between start and here)
        }
        return m;
    }

    @Override
    public Path mountpoint() {
        return session.mountpoint();
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public boolean isMounted() {
        return session.isServing();
    }

    @Override
    public boolean awaitUnmount(long timeout, TimeUnit unit) throws InterruptedException {
        return session.awaitEnd(timeout, unit);
    }

    /** The runtime's view of the session: state, statistics. */
    public FuseSession fuseSession() {
        return session;
    }

    /** Unmounts (lazily when busy) and waits for the session to end. Idempotent. */
    @Override
    public void close() {
        session.close();
        OPEN.remove(this);
    }
}
