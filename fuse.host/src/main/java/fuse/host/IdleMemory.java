package fuse.host;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets the host give memory back to the system once it is idle again.
 *
 * <p>A driver such as memfs holds file contents in the Java heap, so a large copy grows the heap, and the JVM keeps
 * what it committed: after a 1 GiB file was written and deleted the host stayed at gigabytes of resident memory
 * with a few MiB of heap in use. G1 returns free heap only at the end of a collection, and an idle host collects
 * nothing. So this component turns on G1's periodic collection ({@code G1PeriodicGCInterval}, a manageable flag):
 * after {@value #DEFAULT_SECONDS} s without a collection G1 runs a concurrent cycle and uncommits what is free beyond
 * {@code MaxHeapFreeRatio}. A host that keeps serving requests collects anyway and is not affected.
 *
 * <p>Framework property {@value #PROPERTY}: the interval in seconds, {@code 0} to leave the JVM alone. A value given
 * on the command line ({@code -XX:G1PeriodicGCInterval=...}) is kept, and so is a collector other than G1.
 */
@Component(immediate = true)
public final class IdleMemory {
    /** Framework (or system) property: seconds without a collection after which G1 collects and shrinks the heap. */
    static final String PROPERTY = "fuse.host.idle.gc.seconds";
    static final long DEFAULT_SECONDS = 60;
    private static final String FLAG = "G1PeriodicGCInterval";
    private static final System.Logger LOG = System.getLogger("fuse.host");

    /** Sets the flag unless the property, the command line or the collector says otherwise. */
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
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
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

    /** The JVM option {@code name} as {@code HotSpotDiagnosticMXBean.getVMOption} gives it (name, value, origin). */
    private static CompositeData option(MBeanServer server, ObjectName diagnostic, String name) throws JMException {
        return (CompositeData) server.invoke(diagnostic, "getVMOption", new Object[] { name },
                new String[] { String.class.getName() });
    }
}
