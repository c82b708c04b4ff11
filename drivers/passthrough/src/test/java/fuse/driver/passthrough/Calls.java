package fuse.driver.passthrough;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;

/**
 * Calls an {@link Operations} directly, the way the runtime would, and returns what it answered; an error answer
 * (thrown or replied) becomes a {@link FuseException}, so a test reads as a sequence of file system calls.
 */
final class Calls {
    /** A caller: root unless changed. */
    static final class Ctx implements RequestContext {
        final int uid;
        final int gid;

        Ctx(int uid, int gid) {
            this.uid = uid;
            this.gid = gid;
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
            return 1;
        }

        @Override
        public int umask() {
            return 022;
        }

        @Override
        public int[] groups() {
            return new int[0];
        }

        @Override
        public boolean isInterrupted() {
            return false;
        }

        @Override
        public Session session() {
            throw new UnsupportedOperationException("no session in unit tests");
        }
    }

    /** One reply object for the types these tests use; remembers the answer and refuses a second one. */
    static final class Answer implements Reply.Empty, Reply.Entry, Reply.Attr, Reply.Open, Reply.Create,
            Reply.Readlink, Reply.Data, Reply.Lock {
        int errno;
        boolean answered;
        EntryAttributes attributes;
        FileInfo info;
        byte[] bytes;
        FileLock lock;
        private ByteBuffer buffer;

        private void answer() {
            if (answered) {
                throw new IllegalStateException("answered twice");
            }
            answered = true;
        }

        @Override
        public void error(int e) {
            answer();
            errno = e;
        }

        @Override
        public boolean isAnswered() {
            return answered;
        }

        @Override
        public void ok() {
            answer();
        }

        @Override
        public void entry(EntryAttributes a) {
            answer();
            attributes = a.clone();
        }

        @Override
        public void attr(EntryAttributes a) {
            answer();
            attributes = a.clone();
        }

        @Override
        public void open(FileInfo i) {
            answer();
            info = i;
        }

        @Override
        public void create(EntryAttributes a, FileInfo i) {
            answer();
            attributes = a.clone();
            info = i;
        }

        @Override
        public void target(byte[] target) {
            answer();
            bytes = target.clone();
        }

        @Override
        public void data(byte[] data, int offset, int length) {
            answer();
            bytes = java.util.Arrays.copyOfRange(data, offset, offset + length);
        }

        @Override
        public void data(ByteBuffer data) {
            answer();
            bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
        }

        @Override
        public ByteBuffer buffer(int capacity) {
            if (buffer == null || buffer.capacity() < capacity) {
                buffer = ByteBuffer.allocateDirect(capacity);
            }
            return buffer.clear();
        }

        @Override
        public void lock(FileLock l) {
            answer();
            lock = l;
        }

        /** Throws the error answer, if there was one, and checks there was an answer at all. */
        Answer get() {
            if (!answered) {
                throw new AssertionError("no answer");
            }
            if (errno != 0) {
                throw new FuseException(errno);
            }
            return this;
        }
    }

    /** An operation call that answers through {@code a}. */
    @FunctionalInterface
    interface Call {
        void run(Answer a);
    }

    private Calls() {
    }

    /** Runs {@code call} and returns its answer; an errno (thrown or answered) becomes a FuseException. */
    static Answer call(Call call) {
        Answer a = new Answer();
        try {
            call.run(a);
        } catch (FuseException e) {
            if (a.answered) {
                throw new AssertionError("threw after answering", e);
            }
            a.error(e.errno());
        }
        return a.get();
    }

    /** The errno a call fails with, or 0 when it succeeds. */
    static int errno(Call call) {
        try {
            call(call);
            return 0;
        } catch (FuseException e) {
            return e.errno();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static final Ctx ROOT = new Ctx(0, 0);

    static EntryAttributes lookup(Operations ops, long parent, String name) {
        return call(a -> ops.lookup(ROOT, parent, b(name), a)).attributes;
    }

    static EntryAttributes getattr(Operations ops, long inode) {
        return call(a -> ops.getattr(ROOT, inode, OptionalLong.empty(), a)).attributes;
    }
}
