package fuse.utils;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.sun.jna.Native;

import fuse.api.Errno;

/** Runs external commands for the tests (the kernel's opinion, other users, independent readings of /proc). */
final class Commands {
    /** The system python (the pyenv shim on PATH lives under /root, which other users cannot enter). */
    static final String PYTHON = "/usr/bin/python3";

    private Commands() {
    }

    /** The result of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to completion. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // stderr is small in every use here; read stdout fully first, then stderr
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, err);
    }

    /** Runs a command that must succeed and returns its standard output. */
    static String check(List<String> command) throws IOException, InterruptedException {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(command + " exited with " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /** {@code setpriv} prefix running the rest of a command as uid/gid with exactly the given supplementary groups. */
    static List<String> asUser(int uid, int gid, int... groups) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid));
        if (groups.length == 0) {
            command.add("--clear-groups");
        } else {
            StringBuilder list = new StringBuilder();
            for (int g : groups) {
                list.append(list.isEmpty() ? "" : ",").append(g);
            }
            command.add("--groups=" + list);
        }
        return command;
    }

    /**
     * A directory under /tmp that every user can enter, holding copies of this module's classes and its runtime
     * dependencies, so a child JVM running as another user can load them (the local Maven repository is under
     * /root, which only root may enter).
     */
    static Path worldReadableClasspath(Path into) throws IOException {
        Files.createDirectories(into);
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwxrwxrwx"));
        // fuse.linux: in the bundle it is embedded in fuse.utils' jar; on the test class path it is a module of its own
        for (Class<?> anchor : List.of(FuseUtils.class, Commands.class, Native.class, Errno.class,
                fuse.linux.Platform.class)) {
            Path source = location(anchor);
            Path target = into.resolve(anchor.getSimpleName() + (Files.isDirectory(source) ? "" : ".jar"));
            copyTree(source, target);
        }
        try (Stream<Path> all = Files.walk(into)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
        return into;
    }

    /** The classpath string of {@link #worldReadableClasspath}. */
    static String classpathOf(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return String.join(":", entries.filter(p -> !p.getFileName().toString().equals("jna-tmp"))
                    .map(Path::toString).sorted().toList());
        }
    }

    private static Path location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deletes a directory tree that contains no mount points. */
    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
