package fuse.host;

import java.io.PrintStream;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

import fuse.api.FuseDriver;

/**
 * Prints the OSGi log on standard error, one line per entry at {@link LogLevel#WARN} or above, in the format of the
 * runtime's own log lines ({@code ERROR <bundle>: <message>: <innermost cause>}). Stack traces stay in the log
 * service, where the shell's {@code log 20 warn} command shows them.
 *
 * <p>SCR's report that a driver component could not be activated is not printed: the runtime reports that failure
 * itself, once, naming the configuration file and the cause, and lists it in {@code fuse:mounts}.
 */
@Component(immediate = true)
public final class ConsoleLog implements LogListener {

    private final LogReaderService reader;
    private final PrintStream out = System.err;

    /** Starts listening. */
    @Activate
    public ConsoleLog(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        if (!LogLevel.WARN.implies(entry.getLogLevel()) || reportedByTheRuntime(entry)) {
            return;
        }
        out.println(format(entry.getLogLevel(), source(entry.getBundle()), entry.getMessage(), entry.getException()));
    }

    /** One line: level, source, message, and the innermost cause's message when it adds something. */
    static String format(LogLevel level, String source, String message, Throwable exception) {
        StringBuilder b = new StringBuilder(level == LogLevel.WARN ? "WARNING" : level.name()).append(' ')
                .append(source).append(": ").append(oneLine(message));
        if (exception != null) {
            Throwable root = exception;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String cause = withoutClassName(root.getMessage() != null ? root.getMessage() : root.getClass().getName());
            if (message == null || !message.contains(cause)) {
                b.append(": ").append(oneLine(cause));
            }
        }
        return b.toString();
    }

    /** {@code java.lang.IllegalArgumentException: bad} gives {@code bad} (Felix Log's copies carry the name). */
    private static String withoutClassName(String message) {
        int colon = message.indexOf(": ");
        return colon > 0 && message.substring(0, colon).matches("[\\w.$]+\\.[\\w$]+") ? message.substring(colon + 2)
                : message;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String source(Bundle b) {
        return b == null ? "osgi" : b.getSymbolicName();
    }

    /**
     * A driver service that could not be created is reported by the runtime, which asked for it, once, naming the
     * configuration and the cause, and listed in {@code fuse:mounts}. The same failure also reaches the OSGi log
     * twice: from SCR, against the driver's bundle, and from the framework as a {@link ServiceException} of a
     * service factory, against the bundle that asked. Neither is repeated on the console.
     */
    static boolean reportedByTheRuntime(LogEntry entry) {
        Throwable e = entry.getException();
        if (entry.getLogLevel() != LogLevel.ERROR || e == null) {
            return false;
        }
        // Felix Log hands listeners a copy of the exception (org.apache.felix.log.LogException) whose message is the
        // original's toString(), so the type is known by name only.
        String text = e instanceof ServiceException ? e.getClass().getName() + ": " + e.getMessage() : e.getMessage();
        if (text != null && text.startsWith(ServiceException.class.getName() + ": Service factory")) {
            return true;
        }
        Bundle b = entry.getBundle();
        BundleRevision revision = b == null ? null : b.adapt(BundleRevision.class);
        return revision != null && !revision.getDeclaredCapabilities(FuseDriver.NAMESPACE).isEmpty();
    }
}
