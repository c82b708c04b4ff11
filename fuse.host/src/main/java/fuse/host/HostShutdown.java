package fuse.host;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Gives the host process exit status 0 when it ends the way users end it: {@code stop 0} in the shell, SIGTERM or
 * Ctrl-C.
 *
 * <p>bnd's launcher exits with status 117 ({@code STOPPED}) once the framework has stopped, and a JVM ended by a
 * signal exits with 128 + the signal. Neither is an error here, and service managers and scripts read a non-zero
 * status as a crash. A JVM shutdown hook therefore stops the framework if it is still running (so every bundle
 * deactivates in order and the runtime unmounts everything, rather than racing the other hooks), waits for the stop,
 * and, when the framework reports a normal stop, halts the JVM with status 0. Anything else (a stop that fails or
 * takes longer than {@link #STOP_WAIT_MILLIS}) keeps the JVM's own status.
 *
 * <p>The hook stays registered when this component is deactivated by the framework stopping ({@code stop 0}: the
 * launcher calls {@code System.exit} afterwards); it is removed when only this bundle stops.
 */
@Component(immediate = true)
public final class HostShutdown {
    /** How long the hook waits for the framework to stop before leaving the exit status alone. */
    static final long STOP_WAIT_MILLIS = 60_000;

    private final Framework framework;
    private final Thread hook;

    /** Registers the shutdown hook. */
    @Activate
    public HostShutdown(BundleContext context) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        this.framework = system instanceof Framework f ? f : null;
        this.hook = new Thread(this::stopFrameworkAndExitCleanly, "fuse-host-exit");
        if (framework != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Removes the hook unless the whole framework is stopping. */
    @Deactivate
    void deactivate() {
        if (framework == null || framework.getState() == Bundle.STOPPING) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook runs
        }
    }

    private void stopFrameworkAndExitCleanly() {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            FrameworkEvent stopped = framework.waitForStop(STOP_WAIT_MILLIS);
            if (stopped.getType() == FrameworkEvent.STOPPED) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        } catch (Exception | LinkageError e) {
            // leave the JVM's own exit status
        }
    }
}
