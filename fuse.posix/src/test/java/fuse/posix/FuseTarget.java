package fuse.posix;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.driver.memfs.MemFs;
import fuse.driver.memfs.MemFsConfig;
import fuse.driver.sqlfs.SqlFs;
import fuse.driver.sqlfs.SqlFsConfig;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Tmpfs;
import fuse.testing.Trees;

/** memfs, passthrough or sqlfs mounted with {@link FuseMount} on a fresh mount point. */
final class FuseTarget implements Mirror {
    /** Size of the kernel tmpfs of the reference and of passthrough's backing store: it bounds allocated pages only. */
    static final String TMPFS_SIZE = "4g";

    /** memfs' capacity: room for the suite's data; sparse files do not count against it. */
    static final long MEMFS_CAPACITY = 2L << 30;

    /**
     * Mount options of every FUSE target: the runtime's default (the kernel checks mode bits) and {@code allow_other},
     * so that {@link CredentialsBehaviour} can act as another user, as on a local file system.
     */
    static final String OPTIONS = "default_permissions,allow_other";

    /** Where passthrough's driver class may be found; the first that exists is used. */
    private static final List<String> PASSTHROUGH_CLASSES = List.of("fuse.driver.passthrough.Passthrough",
            "fuse.driver.passthrough.PassthroughFs", "fuse.driver.passthrough.PassthroughFS",
            "fuse.driver.passthrough.PassthroughOperations");

    private final Kind kind;
    private final Path base;
    private final Path mountpoint;
    private final Tmpfs backing;
    private final Path source;
    private final Path outside;
    private final Operations ops;
    private FuseMount mount;

    private FuseTarget(Kind kind, Path base, Tmpfs backing, Operations ops) {
        this.kind = kind;
        this.base = base;
        this.backing = backing;
        this.source = backing == null ? null : backing.dir().resolve("source");
        this.outside = backing == null ? null : backing.dir().resolve("outside");
        this.ops = ops;
        this.mountpoint = base.resolve("mnt");
    }

    /** A fresh memfs. */
    static FuseTarget memfs() {
        Path base = Trees.tempDir("fuse-posix-memfs-");
        FuseTarget t = new FuseTarget(Kind.MEMFS, base, null,
                new MemFs(MemFsConfig.defaults().withCapacity(MEMFS_CAPACITY)));
        t.mount(Map.of(Fuse.DRIVER, "memfs", Fuse.FSNAME, "memfs-posix", Fuse.OPTIONS, OPTIONS));
        return t;
    }

    /** A fresh sqlfs on its embedded default: an H2 database file in a directory of its own, removed with it. */
    static FuseTarget sqlfs() {
        Path base = Trees.tempDir("fuse-posix-sqlfs-");
        SqlFs fs = new SqlFs(SqlFsConfig.embedded(base.resolve("db").resolve("sqlfs")));
        FuseTarget t = new FuseTarget(Kind.SQLFS, base, null, fs);
        t.mount(Map.of(Fuse.DRIVER, "sqlfs", Fuse.FSNAME, "sqlfs-posix", Fuse.OPTIONS, OPTIONS));
        return t;
    }

    /**
     * A fresh sqlfs on a database server: {@code url} names an empty database (or schema) of its own; the tables are
     * dropped first, so the run starts from an empty file system.
     */
    static FuseTarget sqlfs(String url) {
        Path base = Trees.tempDir("fuse-posix-sqlfs-server-");
        SqlFsConfig config = SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, url));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement st = c.createStatement()) {
            for (String table : List.of("sqlfs_chunk", "sqlfs_xattr", "sqlfs_dentry", "sqlfs_inode", "sqlfs_meta")) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("cannot reach " + config.displayName() + ": " + e.getMessage(), e);
        }
        FuseTarget t = new FuseTarget(Kind.SQLFS, base, null, new SqlFs(config));
        t.mount(Map.of(Fuse.DRIVER, "sqlfs", Fuse.FSNAME, "sqlfs-posix", Fuse.OPTIONS, OPTIONS));
        return t;
    }

    /**
     * passthrough over {@code source/} of a fresh tmpfs whose {@code outside/} is the place escape attempts aim at.
     * The backing store is a tmpfs like the reference, so both answer with the same file system's rules (hole
     * granularity, xattr sizes, link limits). Aborts (skips) the tests when the driver class does not exist yet.
     */
    static FuseTarget passthrough() {
        Class<?> type = PASSTHROUGH_CLASSES.stream().map(FuseTarget::load).filter(c -> c != null).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(type != null,
                "no passthrough driver on the class path (looked for " + PASSTHROUGH_CLASSES + ")");
        Path base = Trees.tempDir("fuse-posix-passthrough-");
        Tmpfs backing;
        try {
            backing = Tmpfs.mountOrPlain(Files.createDirectory(base.resolve("backing")), TMPFS_SIZE);
            Files.createDirectory(backing.dir().resolve("source"));
            Files.createDirectory(backing.dir().resolve("outside"));
        } catch (IOException e) {
            throw new AssertionError("cannot prepare passthrough's source", e);
        }
        Path source = backing.dir().resolve("source");
        FuseTarget t = new FuseTarget(Kind.PASSTHROUGH, base, backing, instantiate(type, source));
        t.mount(Map.of(Fuse.DRIVER, "passthrough", Fuse.FSNAME, "passthrough-posix", Fuse.OPTIONS, OPTIONS));
        return t;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * Creates the driver for {@code source} through whichever public constructor it offers, fewest parameters first,
     * as long as every parameter is one the suite can supply: the source as a {@code Path} or {@code String}, or a
     * configuration object from a static factory of its type taking the {@code Path} (or, for further settings,
     * taking nothing, such as {@code defaults()}).
     */
    private static Operations instantiate(Class<?> type, Path source) {
        List<Constructor<?>> constructors = new java.util.ArrayList<>(List.of(type.getConstructors()));
        constructors.sort(java.util.Comparator.comparingInt(Constructor::getParameterCount));
        for (Constructor<?> c : constructors) {
            Object[] args = new Object[c.getParameterCount()];
            boolean sourceGiven = false;
            boolean usable = true;
            for (int i = 0; i < args.length && usable; i++) {
                Class<?> p = c.getParameterTypes()[i];
                if (p == Path.class || p == String.class) {
                    args[i] = p == Path.class ? source : source.toString();
                    sourceGiven = true;
                    continue;
                }
                Object fromSource = factory(p, source);
                if (fromSource != null) {
                    args[i] = fromSource;
                    sourceGiven = true;
                } else {
                    args[i] = factory(p, null);
                    usable = args[i] != null;
                }
            }
            if (usable && sourceGiven) {
                try {
                    return (Operations) c.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot create " + type.getName() + " for " + source, e);
                }
            }
        }
        throw new AssertionError(type.getName()
                + " has no public constructor the suite can call with the source directory");
    }

    /**
     * An instance of {@code type} from one of its public static factories taking {@code source} (or nothing if
     * null).
     */
    private static Object factory(Class<?> type, Path source) {
        for (Method m : type.getMethods()) {
            boolean fits = source == null ? m.getParameterCount() == 0
                    : m.getParameterCount() == 1 && m.getParameterTypes()[0] == Path.class;
            if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type && fits) {
                try {
                    return source == null ? m.invoke(null) : m.invoke(null, source);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot call " + m, e);
                }
            }
        }
        return null;
    }

    private void mount(Map<String, ?> properties) {
        try {
            Files.createDirectories(mountpoint);
            mount = FuseMount.mount(ops, mountpoint, properties);
        } catch (IOException | RuntimeException e) {
            close();
            throw new AssertionError("cannot mount " + kind + " on " + mountpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public Path root() {
        return mountpoint;
    }

    /** passthrough's source directory (null for memfs). */
    @Override
    public Path source() {
        return source;
    }

    /** A sibling of passthrough's source that nothing done through the mount may touch (null for memfs). */
    @Override
    public Path outside() {
        return outside;
    }

    /** The runtime's mount: its session's in-flight and reader counts. */
    FuseMount mount() {
        return mount;
    }

    /** The driver instance. */
    Operations ops() {
        return ops;
    }

    @Override
    public void close() {
        try {
            if (mount != null) {
                mount.close();
                mount = null;
            }
        } finally {
            if (ops instanceof AutoCloseable c) {
                try {
                    c.close(); // sqlfs: its connection pool and database file
                } catch (Exception e) {
                    System.err.println("fuse.posix: closing " + kind + " failed: " + e);
                }
            }
            if (backing != null) {
                backing.close();
            }
            Trees.remove(base);
        }
    }

    @Override
    public String toString() {
        return kind + " mounted on " + mountpoint + (source == null ? "" : " mirroring " + source);
    }
}
