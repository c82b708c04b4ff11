package fuse.runtime.jna;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import fuse.api.Operations;

/**
 * The FUSE operations the runtime dispatches, each tied to the {@link Operations} method that serves it. Statistics
 * and log lines name them by {@link #label()}; {@link #implementedBy(Class)} tells which of them a driver serves.
 *
 * <p>Each constant names its driver method with a call on a recording proxy, e.g.
 * {@code o -> o.lookup(null, 0, null, null)}: the compiler checks it, and renaming or changing a method of
 * {@code Operations} breaks the build here instead of silently registering nothing.
 */
public enum Op {
    /** Connection set-up; always handled. */
    INIT(null),
    /** Session end; always handled. */
    DESTROY(null),
    LOOKUP(o -> o.lookup(null, 0, null, null)),
    FORGET(o -> o.forget(null)),
    GETATTR(o -> o.getattr(null, 0, null, null)),
    SETATTR(o -> o.setattr(null, 0, null, null, null, null)),
    READLINK(o -> o.readlink(null, 0, null)),
    MKNOD(o -> o.mknod(null, 0, null, 0, 0, null)),
    MKDIR(o -> o.mkdir(null, 0, null, 0, null)),
    UNLINK(o -> o.unlink(null, 0, null, null)),
    RMDIR(o -> o.rmdir(null, 0, null, null)),
    SYMLINK(o -> o.symlink(null, 0, null, null, null)),
    RENAME(o -> o.rename(null, 0, null, 0, null, 0, null)),
    LINK(o -> o.link(null, 0, 0, null, null)),
    OPEN(o -> o.open(null, 0, 0, null)),
    READ(o -> o.read(null, 0, 0, 0, 0, null)),
    WRITE(o -> o.write(null, 0, 0, 0, null, 0, null)),
    /** WRITE served by {@code writeBuf} (the data may still be in a pipe); counted as {@link #WRITE}. */
    WRITE_BUF(o -> o.writeBuf(null, 0, 0, 0, null, 0, null)),
    FLUSH(o -> o.flush(null, 0, 0, 0, null)),
    RELEASE(o -> o.release(null, 0, 0, 0, 0, false, null)),
    FSYNC(o -> o.fsync(null, 0, 0, false, null)),
    OPENDIR(o -> o.opendir(null, 0, 0, null)),
    READDIR(o -> o.readdir(null, 0, 0, 0, null)),
    /** Served by the same driver method as {@link #READDIR}. */
    READDIRPLUS(o -> o.readdir(null, 0, 0, 0, null)),
    RELEASEDIR(o -> o.releasedir(null, 0, 0, null)),
    FSYNCDIR(o -> o.fsyncdir(null, 0, 0, false, null)),
    STATFS(o -> o.statfs(null, 0, null)),
    SETXATTR(o -> o.setxattr(null, 0, null, null, 0, null)),
    GETXATTR(o -> o.getxattr(null, 0, null, null)),
    LISTXATTR(o -> o.listxattr(null, 0, null)),
    REMOVEXATTR(o -> o.removexattr(null, 0, null, null)),
    ACCESS(o -> o.access(null, 0, 0, null)),
    CREATE(o -> o.create(null, 0, null, 0, 0, null)),
    GETLK(o -> o.getlk(null, 0, 0, 0, null, null)),
    SETLK(o -> o.setlk(null, 0, 0, 0, null, false, null)),
    FLOCK(o -> o.flock(null, 0, 0, 0, 0, null)),
    FALLOCATE(o -> o.fallocate(null, 0, 0, 0, 0, 0, null)),
    COPY_FILE_RANGE(o -> o.copyFileRange(null, 0, 0, 0, 0, 0, 0, 0, 0, null)),
    LSEEK(o -> o.lseek(null, 0, 0, 0, 0, null)),
    IOCTL(o -> o.ioctl(null, 0, 0, 0, 0, null, 0, null)),
    POLL(o -> o.poll(null, 0, 0, 0, null, null)),
    BMAP(o -> o.bmap(null, 0, 0, 0, null));

    private final String label = name().toLowerCase(Locale.ROOT);
    /** The driver method serving this operation; null for INIT and DESTROY, which every driver has. */
    private final Method method;

    Op(Consumer<Operations> call) {
        this.method = call == null ? null : MethodRecorder.record(call);
    }

    /** The operation's name as libfuse spells it, e.g. {@code copy_file_range}. */
    public String label() {
        return label;
    }

    /**
     * Whether {@code driverClass} serves this operation with a method of its own rather than {@code Operations}'
     * default (which answers ENOSYS). Only such operations are registered with libfuse, so the kernel's and
     * libfuse's own defaults apply to the others.
     */
    boolean isImplementedBy(Class<? extends Operations> driverClass) {
        if (method == null) {
            return true;
        }
        try {
            return driverClass.getMethod(method.getName(), method.getParameterTypes())
                    .getDeclaringClass() != Operations.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("a class implementing Operations lacks " + method, e);
        }
    }

    /** The operations {@code driverClass} implements itself (always including INIT and DESTROY). */
    static Set<Op> implementedBy(Class<? extends Operations> driverClass) {
        EnumSet<Op> ops = EnumSet.noneOf(Op.class);
        for (Op op : values()) {
            if (op.isImplementedBy(driverClass)) {
                ops.add(op);
            }
        }
        return ops;
    }

    /** Finds the {@code Operations} method a lambda calls, by calling it on a proxy that records the call. */
    private static final class MethodRecorder {
        private static final ThreadLocal<Method> LAST = new ThreadLocal<>();
        private static final Operations PROXY = (Operations) Proxy.newProxyInstance(Operations.class.getClassLoader(),
                new Class<?>[] { Operations.class }, (proxy, m, args) -> {
                    LAST.set(m);
                    return null;
                });

        static Method record(Consumer<Operations> call) {
            LAST.remove();
            call.accept(PROXY);
            Method m = LAST.get();
            LAST.remove();
            if (m == null || m.getDeclaringClass() != Operations.class) {
                throw new AssertionError("an Op does not call an Operations method");
            }
            return m;
        }
    }
}
