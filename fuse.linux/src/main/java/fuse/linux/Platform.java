package fuse.linux;

import java.util.List;

/**
 * The architecture check: the constants and struct layouts of this package and of {@link fuse.linux.libfuse} hold
 * for the platforms listed in {@link #VERIFIED} only, because those are the ones the ABI test ({@code AbiTest}, which
 * compares every value with a C program compiled against the system headers) has passed on. Code that is about to
 * make its first native call asks {@link #requireSupported(String)}, so that any other platform gets one clear
 * line instead of wrong answers from misread structs or misinterpreted flags.
 *
 * <h2>Adding an architecture</h2>
 * <ol>
 * <li>On a machine of that architecture, run {@code mvn -pl fuse.linux -am install}: the ABI test lists every
 *     constant whose value differs there, with the Java and the C value.</li>
 * <li>Make each of those constants depend on the architecture (for example
 *     {@code O_DIRECTORY = Arch.AARCH64 ? 040000 : 0200000}, chosen once in a static initialiser), and check the code
 *     that reads a field of a different width there (e.g. {@code st_nlink} is 4 bytes on aarch64).</li>
 * <li>Add the {@code os.arch} value to {@link #VERIFIED} once the ABI test passes on both architectures.</li>
 * </ol>
 * Thread-safe; the platform is examined once, when the class is initialised.
 */
public final class Platform {
    /** The {@code os.arch} values (on {@code os.name} "Linux") whose layouts the ABI test has verified. */
    private static final List<String> VERIFIED = List.of("amd64", "x86_64");
    /** Why this JVM's platform is refused; null when it is supported. */
    private static final String REFUSAL = refusal(System.getProperty("os.name"), System.getProperty("os.arch"));

    private Platform() {
    }

    /**
     * Throws unless this JVM runs on a verified platform.
     *
     * @param who what needs the native layer, for the message (e.g. {@code "fuse.utils listdir"})
     * @throws UnsupportedOperationException with a one-line message naming {@code os.name}, {@code os.arch} and the
     *         supported platforms
     */
    public static void requireSupported(String who) {
        if (REFUSAL != null) {
            throw new UnsupportedOperationException(who + ": " + REFUSAL);
        }
    }

    /** Whether this JVM runs on a verified platform. */
    public static boolean isSupported() {
        return REFUSAL == null;
    }

    /** The refusal message for a platform (one line), or null when the platform is verified. */
    static String refusal(String osName, String osArch) {
        if ("Linux".equals(osName) && VERIFIED.contains(osArch)) {
            return null;
        }
        return "unsupported platform os.name=" + oneLine(osName) + ", os.arch=" + oneLine(osArch)
                + "; the native layouts of fuse.linux are verified for Linux on x86_64 (os.arch amd64) only";
    }

    private static String oneLine(String value) {
        return value == null ? "(unset)" : value.replaceAll("\\R", " ");
    }
}
