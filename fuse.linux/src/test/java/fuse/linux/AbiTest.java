package fuse.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fuse.api.ConnectionInfo;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.SetattrFields;
import fuse.linux.libfuse.FuseLowlevelOps;

/**
 * The ABI test: every constant the Java side defines against the C headers of this machine.
 *
 * <p>It compiles {@code src/test/c/abi.c} with gcc against the system headers and {@code pkg-config --cflags fuse3}
 * ({@code FUSE_USE_VERSION 314}) into {@code target/abi/}, runs it, and reads one {@code <class>.<constant> <value>}
 * line per constant. On the Java side it finds, by reflection, every {@code static final} primitive field of every
 * class of {@code fuse.linux} and {@code fuse.linux.libfuse} (read from the compiled classes, so a class or constant
 * added later is included) and of the architecture-independent {@code fuse.api} classes {@link Errno}, {@link Fuse},
 * {@link ConnectionInfo} and {@link SetattrFields}. It fails, naming each one, for a value that differs from C's, for
 * a Java constant without a C line, and for a C line without a Java constant.
 */
class AbiTest {
    /** The fuse.api classes whose constants are Linux's or libfuse's values. */
    private static final List<Class<?>> API_CLASSES = List.of(Errno.class, Fuse.class, ConnectionInfo.class,
            SetattrFields.class);

    private static Map<String, Long> cValues;
    private static Map<String, Field> javaConstants;

    @BeforeAll
    static void compileAndRun() throws Exception {
        javaConstants = javaConstants();
        cValues = runCProgram();
    }

    @Test
    void everyJavaConstantHasTheValueOfTheCHeaders() throws IllegalAccessException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Field> e : javaConstants.entrySet()) {
            String name = e.getKey();
            Field f = e.getValue();
            Object javaValue = f.get(null);
            Long c = cValues.get(name);
            if (c == null) {
                problems.add(name + " = " + javaValue + ": no C counterpart (add a line to src/test/c/abi.c)");
            } else if (!matches(f.getType(), javaValue, c)) {
                problems.add(name + ": Java " + describe(javaValue) + ", C " + describe(c));
            }
        }
        for (String name : cValues.keySet()) {
            if (!javaConstants.containsKey(name)) {
                problems.add(name + ": abi.c prints it, but the Java side defines no such constant");
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " ABI mismatch(es) on os.arch="
                + System.getProperty("os.arch") + ":\n  " + String.join("\n  ", problems) + "\n");
    }

    /** Guards the enumeration itself: it must see both packages and fuse.api, and every lowlevel op. */
    @Test
    void theEnumerationFindsTheLayerAndTheApi() {
        assertTrue(javaConstants.containsKey("fuse.linux.Stat.ST_MODE"), javaConstants.keySet().toString());
        assertTrue(javaConstants.containsKey("fuse.linux.libfuse.FuseFileInfo.BIT_NOFLUSH"));
        assertTrue(javaConstants.containsKey("fuse.api.Errno.ENOENT"));
        assertTrue(javaConstants.containsKey("fuse.api.ConnectionInfo.CAP_READDIRPLUS"));
        long ops = javaConstants.keySet().stream()
                .filter(n -> n.startsWith(FuseLowlevelOps.class.getName() + ".") && !n.endsWith(".SIZEOF")).count();
        assertEquals(44, ops, "callback offsets in FuseLowlevelOps");
        assertEquals(44 * 8, FuseLowlevelOps.SIZEOF);
    }

    /** A C value equals a Java constant when it is the same number in the constant's width (signed or unsigned). */
    static boolean matches(Class<?> type, Object javaValue, long c) {
        if (type == long.class) {
            return (Long) javaValue == c;
        }
        long v;
        int bits;
        if (type == int.class) {
            v = (Integer) javaValue;
            bits = Integer.SIZE;
        } else if (type == short.class) {
            v = (Short) javaValue;
            bits = Short.SIZE;
        } else if (type == byte.class) {
            v = (Byte) javaValue;
            bits = Byte.SIZE;
        } else {
            return false; // boolean, char, float, double: no ABI constant is one
        }
        long mask = (1L << bits) - 1;
        return c == v || c >= 0 && c <= mask && c == (v & mask);
    }

    private static String describe(Object value) {
        long v = ((Number) value).longValue();
        return v + " (0x" + Long.toHexString(v) + ", 0" + Long.toOctalString(v) + ")";
    }

    // ----- the Java side ---------------------------------------------------------------------------------------------

    /** Every static final primitive field of fuse.linux, fuse.linux.libfuse and {@link #API_CLASSES}, by name. */
    static Map<String, Field> javaConstants() throws IOException, URISyntaxException, ClassNotFoundException {
        Map<String, Field> out = new TreeMap<>();
        List<Class<?>> classes = new ArrayList<>(layerClasses());
        classes.addAll(API_CLASSES);
        for (Class<?> c : classes) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType().isPrimitive() && !f.isSynthetic()) {
                    f.setAccessible(true);
                    out.put(c.getName() + "." + f.getName(), f);
                }
            }
        }
        return out;
    }

    /** The classes of fuse.linux and its subpackages, as compiled into target/classes (nested classes included). */
    private static List<Class<?>> layerClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Platform.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("fuse/linux");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String file = root.relativize(p).toString();
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                if (!name.endsWith("package-info")) {
                    classes.add(Class.forName(name, false, AbiTest.class.getClassLoader()));
                }
            }
        }
        assertTrue(classes.size() > 10, "classes found under " + dir + ": " + classes);
        return classes;
    }

    // ----- the C side ------------------------------------------------------------------------------------------------

    /** Compiles and runs abi.c; its output as constant name to value. */
    private static Map<String, Long> runCProgram() throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("project.build.directory", "target")).toAbsolutePath();
        Path source = target.getParent().resolve("src/test/c/abi.c");
        Path outDir = Files.createDirectories(target.resolve("abi"));
        Path binary = outDir.resolve("abi");
        List<String> gcc = new ArrayList<>(List.of("gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror"));
        gcc.addAll(Arrays.asList(run(List.of("pkg-config", "--cflags", "fuse3"), outDir,
                "pkg-config --cflags fuse3 failed: the ABI test needs libfuse3-dev (and pkg-config)").trim()
                .split("\\s+")));
        gcc.removeIf(String::isEmpty);
        gcc.addAll(List.of("-o", binary.toString(), source.toString()));
        run(gcc, outDir, "gcc could not compile " + source + " (the ABI test needs gcc and libfuse3-dev)");
        String output = run(List.of(binary.toString()), outDir, binary + " failed");
        Files.writeString(outDir.resolve("abi.out"), output);
        Map<String, Long> values = new TreeMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] kv = line.split(" ");
            if (values.put(kv[0], Long.parseLong(kv[1])) != null) {
                fail("abi.c prints " + kv[0] + " twice");
            }
        }
        return values;
    }

    /** Runs a command; its standard output, or a failure with {@code what} and everything the command printed. */
    private static String run(List<String> command, Path dir, String what) throws IOException, InterruptedException {
        Path err = dir.resolve("stderr.txt");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            return fail(what + ": cannot run " + command.get(0) + " (" + e.getMessage() + ")");
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(what + ": " + String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            fail(what + ": " + String.join(" ", command) + " exited with " + p.exitValue() + "\n"
                    + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
