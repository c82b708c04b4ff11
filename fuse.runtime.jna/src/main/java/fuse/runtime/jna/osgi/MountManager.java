package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.linux.Platform;
import fuse.runtime.jna.FuseSession;
import fuse.runtime.jna.MountConfig;
import fuse.runtime.jna.StaleMounts;

/**
 * The whiteboard: mounts every {@link Operations} service that has a {@value Fuse#MOUNTPOINT} property, and unmounts it
 * when the service goes away or its mount settings change.
 *
 * <p>Mounts and unmounts run one at a time on the manager's own thread, in the order the services came and went, so
 * SCR's threads never block on the kernel. That thread starts on them only once {@link #activate()} has cleared the
 * stale mounts a killed host left behind: SCR binds the drivers already registered before it calls
 * {@code activate}, and their mounts must not race the clearing (a dead mount found by both, or a fresh mount
 * detached as the stale one it replaced). Unbinding waits for the unmount (bounded): when {@code unbind} returns, no
 * request reaches the departing driver any more. A driver with {@link Fuse#STABLE_INODES} is not unmounted when its
 * service leaves: requests are held for {@link #SWAP_HOLD_MILLIS} for a replacement with the same mount point (a
 * bundle update), which then takes over the live mount.
 */
@Component(service = MountManager.class, immediate = true)
public final class MountManager {
    private static final System.Logger LOG = System.getLogger("fuse.runtime");
    /** How long requests wait for a replacement driver during a hot swap. */
    static final long SWAP_HOLD_MILLIS = 10_000;
    private static final long UNBIND_WAIT_SECONDS = 30;

    private static final java.util.concurrent.ScheduledExecutorService SWAP_TIMER =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fuse-swap-timer");
                t.setDaemon(true);
                return t;
            });

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuse-mount-manager");
        t.setDaemon(true);
        return t;
    });
    /** Live or failed mounts by service id. */
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Sessions held for a hot swap, by mount point. */
    private final Map<Path, FuseSession> swapping = new ConcurrentHashMap<>();
    /** Set once deactivated (or activation failed); binds arrive before activation too (DS binds first). */
    private volatile boolean deactivated;
    /** Open until {@link #activate()} has cleared stale mounts (or failed): the worker runs no task before. */
    private final CountDownLatch staleMountsCleared = new CountDownLatch(1);
    /** Unmounts on JVM exit (SIGTERM, Ctrl-C, System.exit) even if the framework is not stopped first. */
    private final Thread shutdownHook = new Thread(this::unmountAllNow, "fuse-shutdown");

    private record Entry(long serviceId, FuseSession session, MountStatus failed) {
    }

    /**
     * Clears stale mounts left by a killed host, then lets the worker make the mounts queued by the binds so far.
     */
    @Activate
    void activate() {
        try {
            // On an architecture whose struct layouts no test has verified the runtime does not start (one line in
            // the log), rather than mount file systems that misread every request.
            Platform.requireSupported("osgi-fuse runtime");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            try {
                List<Path> cleared = StaleMounts.clearAll();
                if (!cleared.isEmpty()) {
                    LOG.log(Level.INFO, "cleared " + cleared.size() + " stale mount(s) left by an earlier run: "
                            + cleared);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "cannot check for stale mounts: " + e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            deactivated = true; // not activated: the queued mounts are not made
            throw e;
        } finally {
            staleMountsCleared.countDown();
        }
    }

    /** Unmounts everything. */
    @Deactivate
    void deactivate() {
        deactivated = true;
        staleMountsCleared.countDown(); // (open already: activate ran)
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs or has run
        }
        Future<?> f = worker.submit(() -> {
            for (Entry e : List.copyOf(entries.values())) {
                if (e.session() != null) {
                    e.session().close();
                }
            }
            entries.clear();
            swapping.values().forEach(FuseSession::close);
            swapping.clear();
        });
        await(f, "unmounting everything");
        worker.shutdown();
    }

    /**
     * A driver service arrived. The runtime takes the service object itself, on its own thread, so that a driver
     * whose activation fails (a bad setting in its configuration) is reported as a failed mount with SCR's reason,
     * and a slow driver constructor never holds up SCR.
     */
    @Reference(service = Operations.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOperations(ComponentServiceObjects<Operations> driver, Map<String, Object> properties) {
        long id = serviceId(properties);
        if (properties.get(Fuse.MOUNTPOINT) == null) {
            if (fromConfiguration(properties)) {
                // A configuration meant to mount something but says nowhere: report it, as fuse:mounts shows.
                run(() -> fail(id, "-", driverName(properties), "invalid configuration of " + describe(properties)
                        + ": " + Fuse.MOUNTPOINT + " is missing"));
            }
            return; // a service without a mount point is not meant to be mounted
        }
        run(() -> mount(id, driver, properties));
    }

    void updatedOperations(ComponentServiceObjects<Operations> driver, Map<String, Object> properties) {
        long id = serviceId(properties);
        Entry current = entries.get(id);
        MountConfig next;
        try {
            next = properties.get(Fuse.MOUNTPOINT) == null ? null : MountConfig.from(properties);
        } catch (IllegalArgumentException e) {
            next = null;
        }
        if (current != null && current.session() != null && next != null && next.equals(current.session().config())) {
            return; // properties that do not affect the mount
        }
        await(run(() -> unmount(id, false)), "remounting service " + id);
        bindOperations(driver, properties);
    }

    void unbindOperations(ComponentServiceObjects<Operations> driver, Map<String, Object> properties) {
        long id = serviceId(properties);
        await(run(() -> unmount(id, true)), "unmounting service " + id);
    }

    /** SCR's own view of the components, for the reason a driver could not be activated. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ServiceComponentRuntime scr;

    /** Queues a mount change; after deactivation (everything is unmounted already) there is nothing to do. */
    private Future<?> run(Runnable task) {
        if (deactivated) {
            return null;
        }
        try {
            return worker.submit(() -> {
                awaitStaleMountsCleared();
                task.run();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /** Holds the worker until {@link #activate()} has cleared stale mounts. */
    private void awaitStaleMountsCleared() {
        try {
            staleMountsCleared.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // (the worker is being shut down)
        }
    }

    private void mount(long id, ComponentServiceObjects<Operations> service, Map<String, Object> properties) {
        if (deactivated) {
            return;
        }
        String driver = driverName(properties);
        String mp = String.valueOf(properties.get(Fuse.MOUNTPOINT));
        Operations ops;
        try {
            ops = service.getService();
        } catch (RuntimeException e) {
            ops = null; // the service is gone already; SCR will unbind it
        }
        if (ops == null) {
            fail(id, mp, driver, "cannot start driver " + driver + " (" + describe(properties) + "): "
                    + activationFailure(properties));
            return;
        }
        MountConfig config;
        try {
            config = MountConfig.from(properties);
        } catch (IllegalArgumentException e) {
            fail(id, mp, driver, "invalid configuration of " + describe(properties) + ": " + e.getMessage());
            return;
        }
        FuseSession held = swapping.remove(config.mountpoint());
        if (held != null) {
            if (held.compatible(ops) && held.config().equals(config)) {
                try {
                    held.resume(ops);
                    entries.put(id, new Entry(id, held, null));
                    LOG.log(Level.INFO, "hot-swapped " + driver + " on " + config.mountpoint() + " without unmounting");
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "replacement driver " + driver + " failed in init(); remounting", e);
                }
            }
            held.close();
        }
        for (Entry e : entries.values()) {
            if (e.session() != null && e.session().config().mountpoint().equals(config.mountpoint())) {
                fail(id, mp, driver, "mountpoint " + config.mountpoint() + " is busy: already used by "
                        + e.session().config().driver());
                return;
            }
        }
        try {
            if (!Files.exists(config.mountpoint()) && config.createMountpoint()) {
                Files.createDirectories(config.mountpoint());
            }
        } catch (IOException e) {
            fail(id, mp, driver, "cannot create mountpoint " + config.mountpoint() + ": " + e);
            return;
        }
        FuseSession session = new FuseSession(ops, config);
        try {
            session.start();
        } catch (IOException e) {
            fail(id, mp, driver, "cannot mount " + driver + " (" + describe(properties) + "): " + e.getMessage());
            return;
        }
        session.onClosed(s -> entries.computeIfPresent(id, (k, v) -> v.session() == s && !deactivated
                ? new Entry(id, null, MountStatus.of(s, id)) : v));
        entries.put(id, new Entry(id, session, null));
        LOG.log(Level.INFO, "mounted " + driver + " on " + config.mountpoint());
    }

    /** Closes every session directly (not through the worker, which may be busy): the JVM is going away. */
    private void unmountAllNow() {
        for (Entry e : List.copyOf(entries.values())) {
            if (e.session() != null) {
                e.session().close();
            }
        }
        swapping.values().forEach(FuseSession::close);
    }

    private void fail(long id, String mp, String driver, String reason) {
        LOG.log(Level.ERROR, reason);
        entries.put(id, new Entry(id, null, MountStatus.failed(mp, driver, id, reason)));
    }

    private void unmount(long id, boolean serviceGone) {
        Entry e = entries.remove(id);
        if (e == null || e.session() == null) {
            return;
        }
        FuseSession s = e.session();
        if (serviceGone && !deactivated && s.config().stableInodes() && s.state() == FuseSession.State.MOUNTED) {
            s.suspend(SWAP_HOLD_MILLIS);
            swapping.put(s.config().mountpoint(), s);
            waitForIdle(s);
            // If no replacement has arrived when the hold expires, unmount (on the worker, after any queued bind).
            SWAP_TIMER.schedule(() -> run(() -> {
                if (swapping.remove(s.config().mountpoint(), s)) {
                    LOG.log(Level.INFO, "no replacement for " + s.config().driver() + " on "
                            + s.config().mountpoint() + "; unmounting");
                    s.close();
                }
            }), SWAP_HOLD_MILLIS, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, s.config().driver() + " left " + s.config().mountpoint()
                    + "; holding the mount for a replacement");
            return;
        }
        s.close();
        LOG.log(Level.INFO, "unmounted " + s.config().driver() + " from " + s.config().mountpoint());
    }

    private static void waitForIdle(FuseSession s) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (s.inFlight() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void await(Future<?> f, String what) {
        if (f == null) {
            return;
        }
        try {
            f.get(UNBIND_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.ERROR, what + " did not complete: " + e);
        }
    }

    private static long serviceId(Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        return id instanceof Number n ? n.longValue() : -1;
    }

    private static boolean fromConfiguration(Map<String, Object> properties) {
        return properties.get("service.factoryPid") != null || properties.get(Constants.SERVICE_PID) != null;
    }

    private static String driverName(Map<String, Object> properties) {
        Object name = properties.get(Fuse.DRIVER);
        return name != null ? name.toString() : String.valueOf(properties.get("component.name"));
    }

    /** Why SCR could not activate the component behind a service, from the failure its DTO records. */
    private String activationFailure(Map<String, Object> properties) {
        ServiceComponentRuntime runtime = scr;
        Object componentId = properties.get("component.id");
        if (runtime != null && componentId instanceof Number cid) {
            for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                    if (c.id == cid.longValue() && c.failure != null) {
                        return causeMessage(c.failure);
                    }
                }
            }
        }
        return "its component could not be activated (see the OSGi log)";
    }

    /**
     * The first exception in a printed stack trace that says something: wrappers without a message of their own
     * (the {@code InvocationTargetException} around a constructor's exception) are skipped, so
     * {@code Caused by: java.lang.IllegalArgumentException: capacity must be a size like 512m or 1g, was abc}
     * gives {@code capacity must be a size like 512m or 1g, was abc}.
     */
    static String causeMessage(String stackTrace) {
        List<String> chain = new ArrayList<>();
        for (String line : stackTrace.lines().toList()) {
            String l = line.strip();
            if (chain.isEmpty() && !l.isEmpty()) {
                chain.add(l);
            } else if (l.startsWith("Caused by: ")) {
                chain.add(l.substring("Caused by: ".length()));
            }
        }
        for (String cause : chain) {
            int colon = cause.indexOf(": ");
            boolean named = colon > 0 && cause.substring(0, colon).matches("[\\w.$]+");
            if (named && !cause.substring(colon + 2).isBlank()) {
                return cause.substring(colon + 2); // "java.lang.IllegalArgumentException: message" -> "message"
            }
            if (!named && !cause.matches("[\\w.$]+")) {
                return cause; // a line that is not an exception class name
            }
        }
        return chain.isEmpty() ? "unknown failure" : chain.get(chain.size() - 1);
    }

    private static String describe(Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        if (pid == null) {
            pid = properties.get("component.name");
        }
        Object file = properties.get("felix.fileinstall.filename");
        return (file != null ? "file " + file + ", " : "") + "configuration " + pid;
    }

    // ----- management API --------------------------------------------------------------------------------------

    /** Every mount, live or failed, ordered by mount point. */
    public List<MountStatus> mounts() {
        List<MountStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(e.session() != null ? MountStatus.of(e.session(), e.serviceId()) : e.failed());
        }
        for (FuseSession s : swapping.values()) {
            out.add(MountStatus.of(s, -1));
        }
        out.sort(Comparator.comparing(MountStatus::mountpoint));
        return out;
    }

    /** The live session mounted on {@code mountpoint}. */
    public Optional<FuseSession> session(Path mountpoint) {
        Path mp = mountpoint.toAbsolutePath().normalize();
        return entries.values().stream().map(Entry::session)
                .filter(s -> s != null && s.config().mountpoint().equals(mp)).findFirst();
    }

    /**
     * Drops the kernel's cached attributes, data and directory entry of {@code path} inside a mount.
     *
     * @throws IllegalArgumentException when no live mount contains the path
     * @throws FuseException with the kernel's errno
     */
    public void invalidate(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        FuseSession s = entries.values().stream().map(Entry::session)
                .filter(x -> x != null && p.startsWith(x.config().mountpoint()))
                .max(Comparator.comparingInt(x -> x.config().mountpoint().getNameCount()))
                .orElseThrow(() -> new IllegalArgumentException("no live mount contains " + p));
        long ino = ((Number) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS)).longValue();
        try {
            s.invalidateInode(ino);
        } catch (FuseException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        if (!p.equals(s.config().mountpoint())) {
            long parent = ((Number) Files.getAttribute(p.getParent(), "unix:ino")).longValue();
            byte[] name = p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // Queued: the stat above may still hold kernel locks on the parent for a moment.
            s.invalidateEntryAsync(parent, name, 0, true);
        }
    }
}
