package fuse.runtime.jna;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Session;

/**
 * Mounting without OSGi: for tests, benchmarks and embedding. Inside the host the whiteboard ({@link MountManager})
 * does this for every {@code Operations} service.
 *
 * <pre>{@code
 * try (FuseMount m = FuseMount.mount(new MyFs(), Path.of("/mnt/x"), Map.of(Fuse.FSNAME, "myfs"))) {
 *     ... use /mnt/x ...
 * }
 * }</pre>
 */
public final class FuseMount implements AutoCloseable {
    private final FuseSession session;

    private FuseMount(FuseSession session) {
        this.session = session;
    }

    /**
     * Mounts {@code ops} on {@code mountpoint} and returns once the mount is live and the driver's {@code init} ran.
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
        return new FuseMount(s);
    }

    /** The mounted session (notifications, mount point). */
    public Session session() {
        return session;
    }

    /** The runtime's view of the session: state, statistics. */
    public FuseSession fuseSession() {
        return session;
    }

    /** Unmounts (lazily when busy) and waits for the session to end. Idempotent. */
    @Override
    public void close() {
        session.close();
    }
}
