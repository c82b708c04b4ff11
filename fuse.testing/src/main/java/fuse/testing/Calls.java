package fuse.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;

/**
 * Calls a driver's {@link Operations} directly, the way the runtime would, and returns what it answered; an error
 * answer (thrown or replied) becomes a {@link FuseException}, so a test reads as a sequence of file system calls:
 *
 * <pre>{@code
 * Calls c = new Calls(fs, Ctx.ROOT);
 * long dir = c.mkdir(Fuse.ROOT_INODE, "d").inode();
 * assertEquals(Errno.ENOTEMPTY, c.errno(a -> fs.rmdir(c.ctx, Fuse.ROOT_INODE, b("d"), a)));
 * }</pre>
 */
public class Calls {
    /** One request: calls the driver with {@code a} as its reply; an exception from the driver counts as its answer. */
    @FunctionalInterface
    public interface Request {
        void run(Answer a);
    }

    /** An entry added to a readdir page. */
    public record DirEntry(String name, long inode, long nextOffset) {
    }

    /** One reply object for every reply type: remembers the answer and refuses a second one. */
    public static final class Answer implements Reply.Empty, Reply.Entry, Reply.Attr, Reply.Open, Reply.Create,
            Reply.Data, Reply.Write, Reply.Statfs, Reply.Xattr, Reply.Readlink, Reply.Lseek, Reply.Lock,
            Reply.Directory {
        /** The error answered, 0 for none. */
        public int errno;
        public boolean answered;
        public EntryAttributes attributes;
        public FileInfo info;
        /** read, getxattr (value), readlink (target). */
        public byte[] bytes;
        /** write (count), lseek (offset), copy_file_range (count). */
        public long number;
        public StatvfsData statfs;
        public List<byte[]> names;
        public FileLock lock;
        /** For readdir: the page size in entries, whether it is readdirplus, and what was added. */
        public int pageLimit = Integer.MAX_VALUE;
        public boolean plus = true;
        public final List<DirEntry> entries = new ArrayList<>();
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
        public void data(byte[] data, int offset, int length) {
            answer();
            bytes = Arrays.copyOfRange(data, offset, offset + length);
        }

        @Override
        public void data(ByteBuffer data) {
            answer();
            bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
        }

        /** Reads the range through {@code /proc/self/fd} (the same file); a failing read answers EIO. */
        @Override
        public void data(int fd, long offset, int length) {
            ByteBuffer into = ByteBuffer.allocate(length);
            try (FileChannel file = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)) {
                while (into.hasRemaining() && file.read(into, offset + into.position()) > 0) {
                    // until the range or the file ends
                }
            } catch (IOException e) {
                error(Errno.EIO);
                return;
            }
            answer();
            bytes = Arrays.copyOf(into.array(), into.position());
        }

        @Override
        public ByteBuffer buffer(int capacity) {
            if (buffer == null || buffer.capacity() < capacity) {
                buffer = ByteBuffer.allocateDirect(capacity);
            }
            return buffer.clear();
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
        public void lock(FileLock l) {
            answer();
            lock = l;
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

        /** Throws the error answer as a {@link FuseException}, if it was one; fails if there was no answer at all. */
        public Answer check() {
            if (!answered) {
                throw new AssertionError("no answer");
            }
            if (errno != 0) {
                throw new FuseException(errno);
            }
            return this;
        }
    }

    /** The driver called. */
    public final Operations fs;
    /** The caller of every request made through the helpers below. */
    public final Ctx ctx;
    /** The handle of the file the last {@link #create} opened. */
    public long lastFh;

    /** Calls {@code fs} as {@code ctx}. */
    public Calls(Operations fs, Ctx ctx) {
        this.fs = fs;
        this.ctx = ctx;
    }

    /** A name or value as the kernel passes it: its UTF-8 bytes. */
    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code r} and returns its answer; an errno (thrown or answered) becomes a {@link FuseException}. */
    public Answer call(Request r) {
        return call(new Answer(), r);
    }

    /** Like {@link #call(Request)}, answering into {@code a} (a readdir page with its limit, say). */
    public Answer call(Answer a, Request r) {
        try {
            r.run(a);
        } catch (FuseException e) {
            if (a.answered) {
                throw new AssertionError("threw after answering", e);
            }
            a.error(e.errno());
        }
        return a.check();
    }

    /** The errno {@code r} fails with, or 0 when it succeeds. */
    public int errno(Request r) {
        try {
            call(r);
            return 0;
        } catch (FuseException e) {
            return e.errno();
        }
    }

    public EntryAttributes lookup(long parent, String name) {
        return call(a -> fs.lookup(ctx, parent, b(name), a)).attributes;
    }

    public EntryAttributes getattr(long inode) {
        return call(a -> fs.getattr(ctx, inode, OptionalLong.empty(), a)).attributes;
    }

    public EntryAttributes mkdir(long parent, String name) {
        return call(a -> fs.mkdir(ctx, parent, b(name), Fuse.S_IFDIR | 0777, a)).attributes;
    }

    /** Creates and opens a file; returns its attributes, the handle is in {@link #lastFh}. */
    public EntryAttributes create(long parent, String name) {
        Answer a = call(r -> fs.create(ctx, parent, b(name), Fuse.S_IFREG | 0666, Fuse.O_RDWR | Fuse.O_CREAT, r));
        lastFh = a.info.fh();
        return a.attributes;
    }

    /** Creates a file and releases its handle (its lookup count of 1 stays). */
    public EntryAttributes touch(long parent, String name) {
        EntryAttributes a = create(parent, name);
        release(a.inode(), lastFh);
        return a;
    }

    public long open(long inode, int flags) {
        return call(a -> fs.open(ctx, inode, flags, a)).info.fh();
    }

    public void release(long inode, long fh) {
        call(a -> fs.release(ctx, inode, fh, 0, 0, false, a));
    }

    public long write(long inode, long offset, byte[] data) {
        return call(a -> fs.write(ctx, inode, 0, offset, ByteBuffer.wrap(data), 0, a)).number;
    }

    public byte[] read(long inode, long offset, int size) {
        return call(a -> fs.read(ctx, inode, 0, offset, size, a)).bytes;
    }

    public void unlink(long parent, String name) {
        call(a -> fs.unlink(ctx, parent, b(name), a));
    }

    public void rmdir(long parent, String name) {
        call(a -> fs.rmdir(ctx, parent, b(name), a));
    }

    public void rename(long parent, String name, long newParent, String newName, int flags) {
        call(a -> fs.rename(ctx, parent, b(name), newParent, b(newName), flags, a));
    }

    public EntryAttributes setattr(long inode, EntryAttributes attrs, int bits) {
        return call(a -> fs.setattr(ctx, inode, attrs, new SetattrFields(bits), OptionalLong.empty(), a)).attributes;
    }

    public void truncate(long inode, long size) {
        setattr(inode, new EntryAttributes().size(size), SetattrFields.SIZE);
    }

    public void setxattr(long inode, String name, byte[] value, int flags) {
        call(a -> fs.setxattr(ctx, inode, b(name), value, flags, a));
    }

    public byte[] getxattr(long inode, String name) {
        return call(a -> fs.getxattr(ctx, inode, b(name), a)).bytes;
    }

    public StatvfsData statfs() {
        return call(a -> fs.statfs(ctx, Fuse.ROOT_INODE, a)).statfs;
    }

    public void forget(long inode, long count) {
        fs.forget(List.of(new Forget(inode, count)));
    }

    /** Lists a whole directory with plain readdir, in pages of {@code page} entries. */
    public List<DirEntry> list(long dir, int page) {
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
