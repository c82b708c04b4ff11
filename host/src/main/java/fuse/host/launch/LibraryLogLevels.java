package fuse.host.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the web console's libraries quiet on the host's console: Jetty, SPI Fly and the Web Console log their start-up
 * steps at INFO through java.util.logging (Jetty via SLF4J's JUL provider), a dozen lines a user has no use for; only
 * their warnings and errors are printed. Set before the framework starts, so that the first lines are covered too.
 * The host's own lines, and Felix HTTP's "Started Jetty … at port(s)", stay.
 */
final class LibraryLogLevels {
    /** JUL holds loggers weakly: a level set on a logger nobody references can be lost. */
    private static final List<Logger> KEPT = new ArrayList<Logger>();

    private LibraryLogLevels() {
    }

    static void apply() {
        for (String name : new String[] { "org.eclipse.jetty", "org.apache.aries.spifly",
                "org.apache.felix.webconsole" }) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            KEPT.add(l);
        }
    }
}
