package fuse.host.launch;

import java.lang.reflect.Method;

/**
 * The executable jar's entry point: checks the Java version before the framework starts, then hands over to bnd's
 * launcher. Compiled for Java 8, so that an older {@code java} gets this one line instead of a screen of resolver
 * errors from bundles built for Java 21.
 */
public final class JavaVersionGate {
    /** The oldest Java the bundles are compiled for. */
    static final int REQUIRED = 21;
    private static final String LAUNCHER = "aQute.launcher.pre.EmbeddedLauncher";

    private JavaVersionGate() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version", "?");
        if (feature(version) < REQUIRED) {
            System.err.println("osgi-fuse needs Java " + REQUIRED + " or newer; this is Java " + version + " ("
                    + System.getProperty("java.home") + "): start the jar with the java of a JDK " + REQUIRED
                    + "+, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar osgi-fuse.jar");
            System.exit(1);
        }
        LibraryLogLevels.apply();
        Method main = Class.forName(LAUNCHER).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The feature release of a {@code java.specification.version}: "1.8" is 8, "17" is 17; unreadable is 0. */
    static int feature(String specificationVersion) {
        String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
