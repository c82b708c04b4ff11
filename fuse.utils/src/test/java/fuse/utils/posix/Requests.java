package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

import fuse.api.FuseException;
import fuse.api.RequestContext;
import fuse.api.Session;

/** What the rule tests need of a request: a caller with chosen credentials, and the errno a rule answers. */
final class Requests {
    private Requests() {
    }

    /** A caller with umask 022; {@link RequestContext#groups()} counts how often it is asked. */
    static final class From implements RequestContext {
        final int uid;
        final int gid;
        final int[] groups;
        int groupReads;

        From(int uid, int gid, int... groups) {
            this.uid = uid;
            this.gid = gid;
            this.groups = groups;
        }

        @Override
        public int uid() {
            return uid;
        }

        @Override
        public int gid() {
            return gid;
        }

        @Override
        public int pid() {
            return 4242;
        }

        @Override
        public int umask() {
            return 022;
        }

        @Override
        public int[] groups() {
            groupReads++;
            return groups.clone();
        }

        @Override
        public boolean isInterrupted() {
            return false;
        }

        @Override
        public Session session() {
            return null;
        }
    }

    static From root() {
        return new From(0, 0);
    }

    static From user(int uid, int gid, int... groups) {
        return new From(uid, gid, groups);
    }

    /** The errno of the {@link FuseException} {@code call} throws (fails the test when it throws none). */
    static int errno(Executable call) {
        return assertThrows(FuseException.class, call).errno();
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
