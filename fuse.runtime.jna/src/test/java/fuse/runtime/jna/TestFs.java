package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import fuse.api.ConnectionInfo;
import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.api.Session;
import fuse.api.SetattrFields;
import fuse.api.StatvfsData;

/**
 * A small in-memory file system that implements every operation and records each call with its arguments, so tests
 * can check that a file call from the test reached the driver as the right request and that the reply came back.
 * Special names trigger faults: {@code throw} (RuntimeException), {@code overflow} (StackOverflowError),
 * {@code silent} (never answers), {@code async} (answered later
 * from another thread), {@code fuseerr} (FuseException EPERM).
 */
class TestFs implements Operations {
    static final class Node {
        final long ino;
        volatile int mode;
        volatile int uid;
        volatile int gid;
        volatile long rdev;
        volatile long atime;
        volatile long mtime;
        volatile long ctime;
        byte[] data = new byte[0];
        byte[] target;
        final TreeMap<String, Long> children = new TreeMap<>();
        final Map<String, byte[]> xattrs = new ConcurrentHashMap<>();
        final AtomicLong lookups = new AtomicLong();
        volatile long nlink = 1;

        Node(long ino, int mode) {
            this.ino = ino;
            this.mode = mode;
            long now = System.currentTimeMillis() * 1_000_000L;
            atime = mtime = ctime = now;
        }
    }

    final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    final AtomicLong nextIno = new AtomicLong(2);
    final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
    final AtomicBoolean negativeLookupCount = new AtomicBoolean();
    final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    volatile double timeout = 300;
    /** Reads of this inode, and of those in {@link #slowInodes}, block until {@link #releaseSlow()}. */
    volatile long slowInode = -1;
    final java.util.Set<Long> slowInodes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Reads of these inodes block until {@link #releaseSlow()} when a spinner serves them (others are answered). */
    final java.util.Set<Long> slowOnSpinnerInodes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The names of the threads that ran a getattr. */
    final java.util.Set<String> getattrThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The thread blocked in the slow read, and every thread that ran a read. */
    volatile Thread slowThread;
    final java.util.Set<Thread> readThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The threads inside a slow read now. */
    final java.util.Set<Thread> slowThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile Session session;
    volatile ConnectionInfo connection;
    volatile boolean keepCache = true;
    final Map<String, Object> results = new ConcurrentHashMap<>();
    final List<FileLock> locks = new ArrayList<>();

    TestFs() {
        nodes.put(Fuse.ROOT_INODE, new Node(Fuse.ROOT_INODE, Fuse.S_IFDIR | 0777));
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    /** Adds a file directly, bypassing the kernel. */
    Node addFile(long parent, String name, byte[] content) {
        Node n = new Node(nextIno.getAndIncrement(), Fuse.S_IFREG | 0644);
        n.data = content;
        nodes.put(n.ino, n);
        Node p = nodes.get(parent);
        synchronized (p) {
            p.children.put(name, n.ino);
        }
        return n;
    }

    Node node(long ino) {
        Node n = nodes.get(ino);
        if (n == null) {
            throw new FuseException(Errno.ENOENT, "inode " + ino);
        }
        return n;
    }

    EntryAttributes attrs(Node n) {
        synchronized (n) {
            return new EntryAttributes().inode(n.ino).mode(n.mode).nlink(n.nlink).uid(n.uid).gid(n.gid).rdev(n.rdev)
                    .size(n.target != null ? n.target.length : n.data.length).atimeNs(n.atime).mtimeNs(n.mtime)
                    .ctimeNs(n.ctime).timeouts(timeout);
        }
    }

    private void faults(String name) {
        switch (name) {
            case "throw" -> throw new IllegalStateException("deliberate driver bug");
            case "overflow" -> recurse(0);
            case "fuseerr" -> throw new FuseException(Errno.EPERM);
            default -> {
            }
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Override
    public void init(Session session, ConnectionInfo connection) {
        this.session = session;
        this.connection = connection;
        calls.add("init max_write=" + connection.maxWrite());
    }

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        String n = s(name);
        calls.add("lookup " + parent + " " + n);
        if (n.equals("nullreply")) {
            reply.entry(null); // a malformed answer: must still reach the caller as EIO
            return;
        }
        if (n.equals("silent")) {
            return; // never answered: the runtime must answer EIO after the reply timeout
        }
        if (n.equals("async")) {
            Thread t = new Thread(() -> {
                Node f = addFileIfAbsent(parent, "async");
                f.lookups.incrementAndGet();
                reply.entry(attrs(f));
            });
            t.start();
            return;
        }
        faults(n);
        Node p = node(parent);
        Long child;
        synchronized (p) {
            child = p.children.get(n);
        }
        if (child == null) {
            reply.error(Errno.ENOENT);
            return;
        }
        Node c = node(child);
        c.lookups.incrementAndGet();
        reply.entry(attrs(c));
    }

    private Node addFileIfAbsent(long parent, String name) {
        Node p = node(parent);
        synchronized (p) {
            Long c = p.children.get(name);
            if (c != null) {
                return node(c);
            }
        }
        return addFile(parent, name, new byte[0]);
    }

    @Override
    public void forget(List<Forget> forgets) {
        for (Forget f : forgets) {
            calls.add("forget " + f.inode() + " " + f.count());
            Node n = nodes.get(f.inode());
            if (n != null && n.lookups.addAndGet(-f.count()) < 0) {
                negativeLookupCount.set(true);
            }
        }
    }

    @Override
    public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        calls.add("getattr " + inode + (fh.isPresent() ? " fh=" + fh.getAsLong() : ""));
        getattrThreads.add(Thread.currentThread().getName());
        reply.attr(attrs(node(inode)));
    }

    @Override
    public void setattr(RequestContext ctx, long inode, EntryAttributes a, SetattrFields f, OptionalLong fh,
            Reply.Attr reply) {
        calls.add("setattr " + inode + " " + f + (f.updateMode() ? " mode=" + Integer.toOctalString(a.mode()) : "")
                + (f.updateSize() ? " size=" + a.size() : "") + (f.updateMtime() ? " mtime=" + a.mtimeNs() : "")
                + (f.updateUid() ? " uid=" + a.uid() : "") + (fh.isPresent() ? " fh" : ""));
        Node n = node(inode);
        synchronized (n) {
            if (f.updateMode()) {
                n.mode = (n.mode & Fuse.S_IFMT) | (a.mode() & 07777);
            }
            if (f.updateUid()) {
                n.uid = a.uid();
            }
            if (f.updateGid()) {
                n.gid = a.gid();
            }
            if (f.updateSize()) {
                n.data = Arrays.copyOf(n.data, (int) a.size());
            }
            if (f.updateAtime()) {
                n.atime = a.atimeNs();
            }
            if (f.updateMtime()) {
                n.mtime = a.mtimeNs();
            }
        }
        reply.attr(attrs(n));
    }

    @Override
    public void readlink(RequestContext ctx, long inode, Reply.Readlink reply) {
        calls.add("readlink " + inode);
        reply.target(node(inode).target);
    }

    private void newEntry(long parent, String name, Node n, Reply.Entry reply) {
        Node p = node(parent);
        synchronized (p) {
            if (p.children.containsKey(name)) {
                throw new FuseException(Errno.EEXIST);
            }
            nodes.put(n.ino, n);
            p.children.put(name, n.ino);
        }
        n.lookups.incrementAndGet();
        reply.entry(attrs(n));
    }

    @Override
    public void mknod(RequestContext ctx, long parent, byte[] name, int mode, long rdev, Reply.Entry reply) {
        calls.add("mknod " + parent + " " + s(name) + " " + Integer.toOctalString(mode) + " " + rdev);
        Node n = new Node(nextIno.getAndIncrement(), mode);
        n.rdev = rdev;
        n.uid = ctx.uid();
        n.gid = ctx.gid();
        newEntry(parent, s(name), n, reply);
    }

    @Override
    public void mkdir(RequestContext ctx, long parent, byte[] name, int mode, Reply.Entry reply) {
        calls.add("mkdir " + parent + " " + s(name) + " " + Integer.toOctalString(mode));
        Node n = new Node(nextIno.getAndIncrement(), mode);
        n.nlink = 2;
        newEntry(parent, s(name), n, reply);
    }

    private void remove(long parent, String name) {
        Node p = node(parent);
        synchronized (p) {
            if (p.children.remove(name) == null) {
                throw new FuseException(Errno.ENOENT);
            }
        }
    }

    @Override
    public void unlink(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        calls.add("unlink " + parent + " " + s(name));
        faults(s(name));
        remove(parent, s(name));
        reply.ok();
    }

    @Override
    public void rmdir(RequestContext ctx, long parent, byte[] name, Reply.Empty reply) {
        calls.add("rmdir " + parent + " " + s(name));
        remove(parent, s(name));
        reply.ok();
    }

    @Override
    public void symlink(RequestContext ctx, long parent, byte[] name, byte[] target, Reply.Entry reply) {
        calls.add("symlink " + parent + " " + s(name) + " -> " + s(target));
        Node n = new Node(nextIno.getAndIncrement(), Fuse.S_IFLNK | 0777);
        n.target = target;
        newEntry(parent, s(name), n, reply);
    }

    @Override
    public void rename(RequestContext ctx, long parent, byte[] name, long newParent, byte[] newName, int flags,
            Reply.Empty reply) {
        calls.add("rename " + parent + " " + s(name) + " " + newParent + " " + s(newName) + " flags=" + flags);
        Node p = node(parent);
        Node np = node(newParent);
        synchronized (TestFs.this) {
            Long ino = p.children.get(s(name));
            if (ino == null) {
                throw new FuseException(Errno.ENOENT);
            }
            if ((flags & Fuse.RENAME_NOREPLACE) != 0 && np.children.containsKey(s(newName))) {
                throw new FuseException(Errno.EEXIST);
            }
            p.children.remove(s(name));
            np.children.put(s(newName), ino);
        }
        reply.ok();
    }

    @Override
    public void link(RequestContext ctx, long inode, long newParent, byte[] newName, Reply.Entry reply) {
        calls.add("link " + inode + " " + newParent + " " + s(newName));
        Node n = node(inode);
        Node np = node(newParent);
        synchronized (np) {
            np.children.put(s(newName), inode);
        }
        n.nlink++;
        n.lookups.incrementAndGet();
        reply.entry(attrs(n));
    }

    @Override
    public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        calls.add("open " + inode + " flags=" + Integer.toOctalString(flags));
        reply.open(new FileInfo(inode * 1000).keepCache(keepCache));
    }

    @Override
    public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        calls.add("read " + inode + " fh=" + fh + " off=" + offset + " size=" + size);
        readThreads.add(Thread.currentThread());
        if (inode == slowInode || slowInodes.contains(inode)
                || slowOnSpinnerInodes.contains(inode)
                        && Thread.currentThread().getName().startsWith("fuse-spinner-")) {
            slowThread = Thread.currentThread();
            slowThreads.add(slowThread);
            slowEntered.countDown();
            try {
                slowRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                slowThreads.remove(Thread.currentThread());
            }
        }
        Node n = node(inode);
        byte[] d;
        synchronized (n) {
            d = n.data;
        }
        if (offset >= d.length) {
            reply.data(new byte[0]);
            return;
        }
        int len = (int) Math.min(size, d.length - offset);
        // Exercise the in-place buffer path.
        ByteBuffer buf = reply.buffer(len);
        buf.put(d, (int) offset, len).flip();
        reply.data(buf);
    }

    @Override
    public void write(RequestContext ctx, long inode, long fh, long offset, ByteBuffer data, int flags,
            Reply.Write reply) {
        int len = data.remaining();
        calls.add("write " + inode + " fh=" + fh + " off=" + offset + " len=" + len);
        Node n = node(inode);
        synchronized (n) {
            if (offset + len > n.data.length) {
                n.data = Arrays.copyOf(n.data, (int) (offset + len));
            }
            data.get(n.data, (int) offset, len);
            n.mtime = System.currentTimeMillis() * 1_000_000L;
        }
        reply.written(len);
    }

    @Override
    public void flush(RequestContext ctx, long inode, long fh, long lockOwner, Reply.Empty reply) {
        calls.add("flush " + inode + " fh=" + fh);
        reply.ok();
    }

    @Override
    public void release(RequestContext ctx, long inode, long fh, int flags, long lockOwner, boolean flockRelease,
            Reply.Empty reply) {
        calls.add("release " + inode + " fh=" + fh);
        reply.ok();
    }

    @Override
    public void fsync(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        calls.add("fsync " + inode + " fh=" + fh + " datasync=" + datasync);
        reply.ok();
    }

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        calls.add("opendir " + inode);
        if (!Fuse.isDirectory(node(inode).mode)) {
            throw new FuseException(Errno.ENOTDIR);
        }
        reply.open(new FileInfo(inode + 7));
    }

    @Override
    public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        calls.add("readdir " + inode + " fh=" + fh + " off=" + offset + (reply.isPlus() ? " plus" : ""));
        Node d = node(inode);
        List<Map.Entry<String, Long>> entries;
        synchronized (d) {
            entries = new ArrayList<>(d.children.entrySet());
        }
        // Offsets: 1 ".", 2 "..", then 3 + index into the sorted children.
        long pos = offset;
        if (pos < 1 && !reply.add(b("."), attrs(d), 1)) {
            reply.done();
            return;
        }
        if (pos < 2 && !reply.add(b(".."), attrs(d), 2)) {
            reply.done();
            return;
        }
        for (int i = (int) Math.max(0, pos - 2); i < entries.size(); i++) {
            Node c = node(entries.get(i).getValue());
            if (!reply.add(b(entries.get(i).getKey()), attrs(c), i + 3)) {
                break;
            }
            if (reply.isPlus()) {
                c.lookups.incrementAndGet();
            }
        }
        reply.done();
    }

    @Override
    public void releasedir(RequestContext ctx, long inode, long fh, Reply.Empty reply) {
        calls.add("releasedir " + inode + " fh=" + fh);
        reply.ok();
    }

    @Override
    public void fsyncdir(RequestContext ctx, long inode, long fh, boolean datasync, Reply.Empty reply) {
        calls.add("fsyncdir " + inode + " fh=" + fh);
        reply.ok();
    }

    @Override
    public void statfs(RequestContext ctx, long inode, Reply.Statfs reply) {
        calls.add("statfs " + inode);
        reply.statfs(new StatvfsData().bsize(4096).frsize(4096).blocks(1000).bfree(600).bavail(500).files(77)
                .ffree(33).favail(33).namemax(255));
    }

    @Override
    public void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags, Reply.Empty reply) {
        calls.add("setxattr " + inode + " " + s(name) + "=" + s(value) + " flags=" + flags);
        String n = s(name);
        if (n.equals("user.command")) {
            command(s(value), inode);
            reply.ok();
            return;
        }
        node(inode).xattrs.put(n, value);
        reply.ok();
    }

    /** In-band commands, as pyfuse3's test file system has them. */
    private void command(String cmd, long inode) {
        String[] c = cmd.split(" ");
        switch (c[0]) {
            case "terminate" -> session.terminate();
            case "invalidate_entry_async" -> results.put("async",
                    session.invalidateEntryAsync(Fuse.ROOT_INODE, b(c[1]), 0, false).toCompletableFuture());
            default -> throw new FuseException(Errno.EINVAL);
        }
    }

    @Override
    public void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
        calls.add("getxattr " + inode + " " + s(name));
        byte[] v = node(inode).xattrs.get(s(name));
        if (v == null) {
            reply.error(Errno.ENODATA);
        } else {
            reply.value(v);
        }
    }

    @Override
    public void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
        calls.add("listxattr " + inode);
        List<byte[]> names = new ArrayList<>();
        node(inode).xattrs.keySet().stream().sorted().forEach(k -> names.add(b(k)));
        reply.names(names);
    }

    @Override
    public void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
        calls.add("removexattr " + inode + " " + s(name));
        if (node(inode).xattrs.remove(s(name)) == null) {
            reply.error(Errno.ENODATA);
        } else {
            reply.ok();
        }
    }

    @Override
    public void access(RequestContext ctx, long inode, int mask, Reply.Empty reply) {
        calls.add("access " + inode + " mask=" + mask);
        if ((mask & Fuse.W_OK) != 0 && (node(inode).mode & 0222) == 0) {
            reply.error(Errno.EACCES);
        } else {
            reply.ok();
        }
    }

    @Override
    public void create(RequestContext ctx, long parent, byte[] name, int mode, int flags, Reply.Create reply) {
        calls.add("create " + parent + " " + s(name) + " " + Integer.toOctalString(mode) + " flags="
                + Integer.toOctalString(flags));
        faults(s(name));
        Node n = new Node(nextIno.getAndIncrement(), mode);
        n.uid = ctx.uid();
        n.gid = ctx.gid();
        Node p = node(parent);
        synchronized (p) {
            if (p.children.containsKey(s(name))) {
                throw new FuseException(Errno.EEXIST);
            }
            nodes.put(n.ino, n);
            p.children.put(s(name), n.ino);
        }
        n.lookups.incrementAndGet();
        reply.create(attrs(n), new FileInfo(n.ino * 1000));
    }

    @Override
    public void getlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, Reply.Lock reply) {
        calls.add("getlk " + inode + " type=" + lock.type() + " start=" + lock.start() + " end=" + lock.end());
        synchronized (locks) {
            for (FileLock l : locks) {
                if (l.overlaps(lock) && (l.type() == Fuse.F_WRLCK || lock.type() == Fuse.F_WRLCK)) {
                    reply.lock(l);
                    return;
                }
            }
        }
        reply.lock(FileLock.unlocked());
    }

    @Override
    public void setlk(RequestContext ctx, long inode, long fh, long lockOwner, FileLock lock, boolean sleep,
            Reply.Empty reply) {
        calls.add("setlk " + inode + " type=" + lock.type() + " start=" + lock.start() + " end=" + lock.end()
                + " sleep=" + sleep);
        synchronized (locks) {
            if (lock.type() == Fuse.F_UNLCK) {
                locks.removeIf(l -> l.overlaps(lock));
            } else {
                locks.add(new FileLock(lock.type(), lock.start(), lock.end(), 4242));
            }
        }
        reply.ok();
    }

    @Override
    public void flock(RequestContext ctx, long inode, long fh, long lockOwner, int operation, Reply.Empty reply) {
        calls.add("flock " + inode + " op=" + operation);
        reply.ok();
    }

    @Override
    public void fallocate(RequestContext ctx, long inode, long fh, int mode, long offset, long length,
            Reply.Empty reply) {
        calls.add("fallocate " + inode + " mode=" + mode + " off=" + offset + " len=" + length);
        Node n = node(inode);
        synchronized (n) {
            if ((mode & Fuse.FALLOC_FL_KEEP_SIZE) == 0 && offset + length > n.data.length) {
                n.data = Arrays.copyOf(n.data, (int) (offset + length));
            }
        }
        reply.ok();
    }

    @Override
    public void copyFileRange(RequestContext ctx, long inodeIn, long fhIn, long offsetIn, long inodeOut, long fhOut,
            long offsetOut, long length, int flags, Reply.Write reply) {
        calls.add("copy_file_range " + inodeIn + "@" + offsetIn + " -> " + inodeOut + "@" + offsetOut + " len="
                + length);
        Node in = node(inodeIn);
        Node out = node(inodeOut);
        byte[] src;
        synchronized (in) {
            int n = (int) Math.max(0, Math.min(length, in.data.length - offsetIn));
            src = Arrays.copyOfRange(in.data, (int) offsetIn, (int) offsetIn + n);
        }
        synchronized (out) {
            if (offsetOut + src.length > out.data.length) {
                out.data = Arrays.copyOf(out.data, (int) (offsetOut + src.length));
            }
            System.arraycopy(src, 0, out.data, (int) offsetOut, src.length);
        }
        reply.written(src.length);
    }

    @Override
    public void lseek(RequestContext ctx, long inode, long fh, long offset, int whence, Reply.Lseek reply) {
        calls.add("lseek " + inode + " off=" + offset + " whence=" + whence);
        long size = node(inode).data.length;
        if (offset >= size) {
            reply.error(Errno.ENXIO);
        } else if (whence == Fuse.SEEK_DATA) {
            reply.offset(Math.max(offset, 4096)); // pretend the first page is a hole
        } else {
            reply.offset(size);
        }
    }
}
