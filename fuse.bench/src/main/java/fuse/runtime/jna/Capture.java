package fuse.runtime.jna;

import java.nio.ByteBuffer;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;

/** Setup only: calls a driver directly as root and keeps its answer (the measured path goes through libfuse). */
final class Capture implements RequestContext, Reply.Create, Reply.Write, Reply.Open {
    EntryAttributes attributes;
    FileInfo info;
    long written;
    int errno;
    private boolean answered;

    @Override
    public int uid() {
        return 0;
    }

    @Override
    public int gid() {
        return 0;
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
        return new int[0];
    }

    @Override
    public boolean isInterrupted() {
        return false;
    }

    @Override
    public Session session() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void error(int e) {
        errno = e;
        answered = true;
    }

    @Override
    public boolean isAnswered() {
        return answered;
    }

    @Override
    public void create(EntryAttributes a, FileInfo i) {
        attributes = a;
        info = i;
        answered = true;
    }

    @Override
    public void written(long count) {
        written = count;
        answered = true;
    }

    @Override
    public void open(FileInfo i) {
        info = i;
        answered = true;
    }

    /** Throws if the driver failed. */
    Capture check(String what) {
        if (!answered || errno != 0) {
            throw new IllegalStateException(what + " failed: errno " + errno);
        }
        return this;
    }

    static ByteBuffer bytes(int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            b.put(i, (byte) i);
        }
        return b;
    }
}
