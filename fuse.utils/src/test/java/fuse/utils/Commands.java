package fuse.utils;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import com.sun.jna.Native;

import fuse.api.Errno;

/**
 * A class path other users can read, for the child JVMs the tests start as another user (commands themselves run
 * with fuse.testing's {@code Cmd}).
 */
final class Commands {
    private Commands() {
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
}
