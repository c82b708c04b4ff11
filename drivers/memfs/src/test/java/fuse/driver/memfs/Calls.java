package fuse.driver.memfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;

/**
 * Calls a {@link MemFs} directly, the way the runtime would, and returns what it answered; an error answer (thrown or
 * replied) becomes a {@link FuseException}. Small enough to read; tests stay about behaviour.
 */
final class Calls {
    /** The caller of every request: uid 1000, gid 1000, umask 022 unless changed. */
    static final class Ctx implements RequestContext {
        int uid = 1000;
        int gid = 1000;
        int umask = 022;
        int[] groups = {};

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
            return umask;
        }

        @Override
        public int[] groups() {
            return groups;
        }

        @Override
        public boolean isInterrupted() {
            return false;
        }

        @Override
        public Session session() {
            throw new UnsupportedOperationException();
        }
    }

    /** One reply object for every type; remembers the answer. */
    static final class Answer implements Reply.Empty, Reply.Entry, Reply.Attr, Reply.Open, Reply.Create, Reply.Data,
            Reply.Write, Reply.Statfs, Reply.Xattr, Reply.Readlink, Reply.Lseek, Reply.Lock, Reply.Directory {
        int errno;
        boolean answered;
        EntryAttributes attributes;
        FileInfo info;
        byte[] bytes;
        long number;
        StatvfsData statfs;
        List<byte[]> names;
        ByteBuffer buffer;
        /** For readdir: the page size in entries, and what was added. */
        int pageLimit = Integer.MAX_VALUE;
        boolean plus = true;
        final List<DirEntry> entries = new ArrayList<>();

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
            return buffer;
        }

        @Override
        public void written(long count) {
            answer();
            number = count;
        }

        @Override
        public void statfs(StatvfsData data) {
            answer();
            statfs = data;
        }

        @Override
        public void value(byte[] value) {
            answer();
            bytes = value.clone();
        }

        @Override
        public void names(Collection<byte[]> n) {
            answer();
            names = new ArrayList<>(n);
        }

        @Override
        public void target(byte[] target) {
            answer();
            bytes = target.clone();
        }

        @Override
        public void offset(long offset) {
            answer();
            number = offset;
        }

        @Override
        public void lock(FileLock lock) {
            answer();
        }

        @Override
        public boolean add(byte[] name, EntryAttributes a, long nextOffset) {
            if (entries.size() >= pageLimit) {
                return false;
            }
            entries.add(new DirEntry(new String(name, StandardCharsets.ISO_8859_1), a.inode(), nextOffset));
            return true;
        }

        @Override
        public boolean isPlus() {
            return plus;
        }

        @Override
        public void done() {
            answer();
        }

        /** Throws the errno, if the answer was an error. */
        Answer check() {
            if (!answered) {
                throw new AssertionError("no answer");
            }
            if (errno != 0) {
                throw new FuseException(errno);
            }
            return this;
        }
    }

    /** An entry added to a readdir page. */
    record DirEntry(String name, long inode, long nextOffset) {
    }

    /** Runs one request; an exception from the driver counts as its answer, as in the runtime. */
    interface Request {
        void run(Answer a);
    }

    final MemFs fs;
    final Ctx ctx = new Ctx();

    Calls(MemFs fs) {
        this.fs = fs;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    Answer call(Request r) {
        return call(new Answer(), r);
    }

    Answer call(Answer a, Request r) {
        try {
            r.run(a);
        } catch (FuseException e) {
            a.error(e.errno());
        }
        return a.check();
    }

    /** The errno of a request that must fail. */
    int errno(Request r) {
        try {
            call(r);
        } catch (FuseException e) {
            return e.errno();
        }
        throw new AssertionError("expected an error");
    }

    EntryAttributes lookup(long parent, String name) {
        return call(a -> fs.lookup(ctx, parent, b(name), a)).attributes;
    }

    EntryAttributes getattr(long inode) {
        return call(a -> fs.getattr(ctx, inode, OptionalLong.empty(), a)).attributes;
    }

    EntryAttributes mkdir(long parent, String name) {
        return call(a -> fs.mkdir(ctx, parent, b(name), Fuse.S_IFDIR | 0777, a)).attributes;
    }

    /** Creates and opens a file; returns its attributes, the handle is in {@link #lastFh}. */
    EntryAttributes create(long parent, String name) {
        Answer a = call(r -> fs.create(ctx, parent, b(name), Fuse.S_IFREG | 0666, Fuse.O_RDWR | Fuse.O_CREAT, r));
        lastFh = a.info.fh();
        return a.attributes;
    }

    long lastFh;

    /** Creates a file and releases its handle (lookup count 1 stays). */
    EntryAttributes touch(long parent, String name) {
        EntryAttributes a = create(parent, name);
        release(a.inode(), lastFh);
        return a;
    }

    long open(long inode, int flags) {
        return call(a -> fs.open(ctx, inode, flags, a)).info.fh();
    }

    void release(long inode, long fh) {
        call(a -> fs.release(ctx, inode, fh, 0, 0, false, a));
    }

    long write(long inode, long offset, byte[] data) {
        return call(a -> fs.write(ctx, inode, 0, offset, ByteBuffer.wrap(data), 0, a)).number;
    }

    byte[] read(long inode, long offset, int size) {
        return call(a -> fs.read(ctx, inode, 0, offset, size, a)).bytes;
    }

    void unlink(long parent, String name) {
        call(a -> fs.unlink(ctx, parent, b(name), a));
    }

    void rmdir(long parent, String name) {
        call(a -> fs.rmdir(ctx, parent, b(name), a));
    }

    void rename(long parent, String name, long newParent, String newName, int flags) {
        call(a -> fs.rename(ctx, parent, b(name), newParent, b(newName), flags, a));
    }

    EntryAttributes setattr(long inode, EntryAttributes attrs, int bits) {
        return call(a -> fs.setattr(ctx, inode, attrs, new SetattrFields(bits), OptionalLong.empty(), a)).attributes;
    }

    void truncate(long inode, long size) {
        setattr(inode, new EntryAttributes().size(size), SetattrFields.SIZE);
    }

    void setxattr(long inode, String name, byte[] value, int flags) {
        call(a -> fs.setxattr(ctx, inode, b(name), value, flags, a));
    }

    byte[] getxattr(long inode, String name) {
        return call(a -> fs.getxattr(ctx, inode, b(name), a)).bytes;
    }

    StatvfsData statfs() {
        return call(a -> fs.statfs(ctx, Fuse.ROOT_INODE, a)).statfs;
    }

    void forget(long inode, long count) {
        fs.forget(List.of(new fuse.api.Forget(inode, count)));
    }

    /** Lists a whole directory in pages of {@code page} entries, plain readdir. */
    List<DirEntry> list(long dir, int page) {
        List<DirEntry> all = new ArrayList<>();
        long offset = 0;
        while (true) {
            Answer a = new Answer();
            a.pageLimit = page;
            a.plus = false;
            long off = offset;
            call(a, r -> fs.readdir(ctx, dir, 0, off, r));
            if (a.entries.isEmpty()) {
                return all;
            }
            all.addAll(a.entries);
            offset = a.entries.get(a.entries.size() - 1).nextOffset();
        }
    }
}
