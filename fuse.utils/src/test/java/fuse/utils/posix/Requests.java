package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.function.Executable;

import fuse.api.FuseException;
import fuse.api.RequestContext;

/** What the rule tests need of a request: a caller with chosen credentials, and the errno a rule answers. */
final class Requests {
    private Requests() {
    }

    /** A caller with umask 022 and {@link #groupReads} counting the calls of {@link RequestContext#groups()}. */
    record From(RequestContext ctx, AtomicInteger groupReads) {
    }

    /** The context the rules see: only the credentials and the umask answer, as the rules ask nothing else. */
    static From caller(int uid, int gid, int... groups) {
        AtomicInteger reads = new AtomicInteger();
        RequestContext ctx = (RequestContext) Proxy.newProxyInstance(Requests.class.getClassLoader(),
                new Class<?>[] { RequestContext.class }, (self, method, args) -> switch (method.getName()) {
                    case "uid" -> uid;
                    case "gid" -> gid;
                    case "umask" -> 022;
                    case "groups" -> {
                        reads.incrementAndGet();
                        yield groups.clone();
                    }
                    case "toString" -> "uid " + uid + " gid " + gid;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new From(ctx, reads);
    }

    static RequestContext root() {
        return caller(0, 0).ctx();
    }

    static RequestContext user(int uid, int gid, int... groups) {
        return caller(uid, gid, groups).ctx();
    }

    /** The errno of the {@link FuseException} {@code call} throws (fails the test when it throws none). */
    static int errno(Executable call) {
        return assertThrows(FuseException.class, call).errno();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
