package fuse.host;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.JMException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Lets the host give memory back to the system once it is idle again.
 *
 * <p>The Java heap: the JVM keeps what it committed, and G1 returns free heap only at the end of a collection, which
 * an idle host does not run. So this component turns on G1's periodic collection ({@code G1PeriodicGCInterval}, a
 * manageable flag): after {@value #DEFAULT_SECONDS} s without a collection G1 runs a concurrent cycle and uncommits
 * what is free beyond {@code MaxHeapFreeRatio}. A host that keeps serving requests collects anyway and is not
 * affected. Those cycles leave the heap the start-up grew larger than needed (56-68 MiB with 11 MiB live, where a
 * full collection compacts it into 40 MiB), so once, when the start-up is over and the host is idle, this component
 * runs a full collection ({@code System.gc()}): one pause of 80-400 ms on the 2-vCPU machine, 10-20 MiB less
 * resident memory.
 *
 * <p>The C heap: the JVM's JIT compilers and its own bookkeeping borrow tens of MiB from malloc while the host starts
 * (and again while a new workload gets compiled) and free them soon after, but glibc keeps freed memory in its arenas
 * for the next malloc. Handing it back takes a {@code malloc_trim}, which the JVM runs on request (the diagnostic
 * command {@code System.trim_native_heap}, the same as {@code jcmd PID System.trim_native_heap}): once when the
 * start-up is over (the JIT compilers have gone quiet), and after every G1 periodic collection, that is whenever the
 * host has been idle for the interval. On an idle host with two mounts that is 20-30 MiB of resident memory
 * (docs/performance.md).
 *
 * <p>Framework property {@value #PROPERTY}: the interval in seconds, {@code 0} to leave the JVM alone (no periodic
 * collection, no full collection, no trimming). A value given on the command line
 * ({@code -XX:G1PeriodicGCInterval=...}) is kept, and so is a collector other than G1 (the start-up's full collection
 * and trim still run).
 */
@Component(immediate = true)
public final class IdleMemory {
    /** Framework (or system) property: seconds without a collection after which G1 collects and shrinks the heap. */
    static final String PROPERTY = "fuse.host.idle.gc.seconds";
    static final long DEFAULT_SECONDS = 60;
    /** The C heap is trimmed once after the start: not before this many seconds after activation, */
    static final long START_TRIM_SECONDS = 10;
    /** then as soon as the JIT compiled for less than this many milliseconds in */
    static final long QUIET_COMPILE_MILLIS = 250;
    /** a window of this many seconds, */
    static final long CHECK_SECONDS = 5;
    /** or after this many seconds at the latest. */
    static final long MAX_WAIT_SECONDS = 300;
    private static final String FLAG = "G1PeriodicGCInterval";
    /** {@code com.sun.management.GarbageCollectionNotificationInfo}'s type and cause, by name (no com.sun import). */
    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";
    private static final String PERIODIC_CAUSE = "G1 Periodic Collection";
    private static final System.Logger LOG = System.getLogger("fuse.host");

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterPeriodicCollection = this::collected;
    private Thread startSettle;

    /** Sets the flag unless the property, the command line or the collector says otherwise; starts the settling after start-up. */
    @Activate
    public IdleMemory(BundleContext context) {
        String configured = context.getProperty(PROPERTY);
        long seconds;
        try {
            seconds = configured == null ? DEFAULT_SECONDS : Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            LOG.log(System.Logger.Level.WARNING, PROPERTY + " must be a number of seconds (0 = off), got '"
                    + configured + "'; the JVM's periodic collection stays as it is");
            return;
        }
        if (seconds == 0) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        turnOnPeriodicCollection(server, seconds);
        NotificationFilter periodic = n -> GC_NOTIFICATION.equals(n.getType())
                && n.getUserData() instanceof CompositeData data && data.containsKey("gcCause")
                && PERIODIC_CAUSE.equals(data.get("gcCause"));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterPeriodicCollection, periodic, null);
                emitters.add(emitter);
            }
        }
        startSettle = new Thread(IdleMemory::settleOnceStartedUp, "fuse-idle-memory");
        startSettle.setDaemon(true);
        startSettle.start();
    }

    /**
     * Waits until the start-up is over, then gives back once what it left behind. Over means the JIT compilers, which
     * borrow the most from the C heap, have gone quiet: less than {@value #QUIET_COMPILE_MILLIS} ms of compiling in
     * {@value #CHECK_SECONDS} s, at least {@value #START_TRIM_SECONDS} s after activation. If no collection ran in that
     * window either, the host is idle, and a full collection compacts the heap the start-up left and shrinks it to
     * {@code MaxHeapFreeRatio}. Then the C heap is trimmed. A host kept busy from its start gets the trim, without
     * the collection, after {@value #MAX_WAIT_SECONDS} s at the latest (it costs a few milliseconds, busy or not).
     */
    private static void settleOnceStartedUp() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        boolean idle = false;
        try {
            Thread.sleep(START_TRIM_SECONDS * 1000);
            long last = timed ? jit.getTotalCompilationTime() : 0;
            long collections = collections();
            for (long waited = START_TRIM_SECONDS; timed && waited < MAX_WAIT_SECONDS; waited += CHECK_SECONDS) {
                Thread.sleep(CHECK_SECONDS * 1000);
                long now = jit.getTotalCompilationTime();
                long nowCollections = collections();
                if (now - last < QUIET_COMPILE_MILLIS) {
                    idle = collections >= 0 && nowCollections == collections;
                    break;
                }
                last = now;
                collections = nowCollections;
            }
        } catch (InterruptedException e) {
            return; // deactivated
        }
        if (idle) {
            System.gc();
        }
        trimNativeHeap();
    }

    /** Collections of every collector so far (young, old and concurrent cycles); -1 where a collector cannot tell. */
    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long c = gc.getCollectionCount();
            if (c < 0) {
                return -1;
            }
            n += c;
        }
        return n;
    }

    @Deactivate
    void deactivate() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(afterPeriodicCollection);
            } catch (ListenerNotFoundException e) {
                // not registered: nothing to undo
            }
        }
        emitters.clear();
        if (startSettle != null) {
            startSettle.interrupt();
        }
    }

    private static void turnOnPeriodicCollection(MBeanServer server, long seconds) {
        try {
            ObjectName diagnostic = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
            if (!"true".equals(option(server, diagnostic, "UseG1GC").get("value"))) {
                return;
            }
            if (!"DEFAULT".equals(String.valueOf(option(server, diagnostic, FLAG).get("origin")))) {
                return; // set on the command line: the user's choice
            }
            server.invoke(diagnostic, "setVMOption", new Object[] { FLAG, Long.toString(seconds * 1000) },
                    new String[] { String.class.getName(), String.class.getName() });
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot turn on G1's periodic collection (" + FLAG + "): " + e
                    + "; the heap keeps what it grew to");
        }
    }

    /** Called (on the JVM's notification thread) after each G1 periodic collection. */
    private void collected(Notification notification, Object handback) {
        trimNativeHeap();
    }

    /**
     * Hands the C heap's free memory back ({@code malloc_trim}, through the JVM's diagnostic command). A JVM or C
     * library without it (not HotSpot, not glibc) answers with an error or a note; either only goes to the debug log.
     */
    static void trimNativeHeap() {
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[0], new String[0]);
            LOG.log(System.Logger.Level.DEBUG, () -> String.valueOf(answer).trim());
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot trim the C heap: " + e);
        }
    }

    /** The JVM option {@code name} as {@code HotSpotDiagnosticMXBean.getVMOption} gives it (name, value, origin). */
    private static CompositeData option(MBeanServer server, ObjectName diagnostic, String name) throws JMException {
        return (CompositeData) server.invoke(diagnostic, "getVMOption", new Object[] { name },
                new String[] { String.class.getName() });
    }
}
