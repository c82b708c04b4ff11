package fuse.driver.passthrough;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Forget;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.driver.passthrough.Node.Link;
import fuse.linux.Stat;

/**
 * The inodes the kernel knows, by FUSE inode number: their numbers (the backing {@code st_ino}, or a synthetic one),
 * lookup counts and the (parent, name) each was last seen as, and the table a driver hands its successor in a hot
 * swap. A known directory's held descriptor is taken and given back through {@link Descriptors}.
 */
final class Inodes {
    private static final long SYNTHETIC_BASE = 1L << 62;

    private final Node root;
    private final double timeout;
    private final Descriptors descriptors;
    private final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    /** FUSE inode numbers handed out for (device, inode) pairs that could not keep their own number. */
    private final Map<String, Long> synthetic = new ConcurrentHashMap<>();
    private final AtomicLong nextSynthetic = new AtomicLong(SYNTHETIC_BASE);

    /** {@code timeout}: the entry and attribute timeout the kernel is given with every inode's attributes. */
    Inodes(Node root, double timeout, Descriptors descriptors) {
        this.root = root;
        this.timeout = timeout;
        this.descriptors = descriptors;
        nodes.put(Fuse.ROOT_INODE, root);
    }

    /** Inodes the kernel currently holds references to (besides the root). */
    int count() {
        return nodes.size() - 1;
    }

    /** The known nodes, the root included; a weakly consistent view. */
    Collection<Node> all() {
        return nodes.values();
    }

    /** The node numbered {@code ino}, or null. */
    Node get(long ino) {
        return nodes.get(ino);
    }

    /** The node numbered {@code ino}; ESTALE when the kernel's inode is not (or no longer) known. */
    Node node(long ino) {
        Node n = nodes.get(ino);
        if (n == null) {
            throw new FuseException(Errno.ESTALE, "unknown inode " + ino);
        }
        return n;
    }

    long fuseIno(long dev, long ino) {
        if (dev == root.dev && ino == root.backingIno) {
            return Fuse.ROOT_INODE;
        }
        if (dev == root.dev && ino != Fuse.ROOT_INODE && ino < SYNTHETIC_BASE) {
            return ino;
        }
        return synthetic.computeIfAbsent(dev + ":" + ino, k -> nextSynthetic.getAndIncrement());
    }

    /** Registers one more kernel reference to the file {@code st} describes, seen as {@code name} in {@code parent}. */
    EntryAttributes remember(Node parent, int parentFd, byte[] name, Memory st) {
        EntryAttributes a = remember(parent, name, st);
        if (Fuse.isDirectory(a.mode())) {
            Node n = nodes.get(a.inode());
            if (n != null) {
                descriptors.hold(n, parentFd, name);
            }
        }
        return a;
    }

    EntryAttributes remember(Node parent, byte[] name, Memory st) {
        long dev = Stat.dev(st);
        long backing = Stat.ino(st);
        long ino = fuseIno(dev, backing);
        Link link = new Link(parent, name.clone());
        // Counted inside compute: a forget of the same inode running now either happens before (and the node is
        // recreated here) or after (and sees this lookup), never in between, where the count would be lost.
        nodes.compute(ino, (k, old) -> {
            Node n = old;
            if (old == null || old.dev != dev || old.backingIno != backing) {
                n = new Node(ino, dev, backing, link);
                if (old != null) {
                    // the kernel counts lookups per inode number: the count carries over to the new backing file
                    n.lookups.set(old.lookups.get());
                    descriptors.unhold(old);
                }
            } else if (old != root) {
                old.link = link;
            }
            n.lookups.incrementAndGet();
            return n;
        });
        return attributes(st, ino);
    }

    EntryAttributes attributes(Memory st, long ino) {
        return Stat.read(st, new EntryAttributes()).inode(ino).timeouts(timeout);
    }

    /** After a rename: points the known inode {@code st} describes, now {@code name} in {@code dir}, there. */
    void moved(Node dir, byte[] name, Memory st) {
        Node n = nodes.get(fuseIno(Stat.dev(st), Stat.ino(st)));
        if (n != null && n != root && n.dev == Stat.dev(st) && n.backingIno == Stat.ino(st)) {
            n.link = new Link(dir, name.clone());
        }
    }

    void forget(List<Forget> forgets) {
        for (Forget f : forgets) {
            Node[] dropped = new Node[1];
            nodes.computeIfPresent(f.inode(), (k, n) -> {
                if (n == root || n.lookups.addAndGet(-f.count()) > 0) {
                    return n;
                }
                dropped[0] = n;
                return null;
            });
            if (dropped[0] != null) {
                descriptors.unhold(dropped[0]);
            }
        }
    }

    /** The inode table as JDK types: inode → {dev, backingIno, parentIno, lookups} and inode → name. */
    Map<String, Object> snapshot() {
        Map<Long, long[]> numbers = new HashMap<>();
        Map<Long, byte[]> names = new HashMap<>();
        for (Node n : nodes.values()) {
            if (n == root) {
                continue;
            }
            Link l = n.link;
            numbers.put(n.ino, new long[] { n.dev, n.backingIno, l.parent().ino, n.lookups.get() });
            names.put(n.ino, l.name());
        }
        Map<String, Object> out = new HashMap<>();
        out.put("numbers", numbers);
        out.put("names", names);
        out.put("synthetic", new HashMap<>(synthetic));
        out.put("nextSynthetic", nextSynthetic.get());
        return out;
    }

    /** Takes over a predecessor's {@link #snapshot}. */
    @SuppressWarnings("unchecked")
    void restore(Map<?, ?> table) {
        Map<Long, long[]> numbers = (Map<Long, long[]>) table.get("numbers");
        Map<Long, byte[]> names = (Map<Long, byte[]>) table.get("names");
        synthetic.putAll((Map<String, Long>) table.get("synthetic"));
        nextSynthetic.set((Long) table.get("nextSynthetic"));
        for (Map.Entry<Long, long[]> e : numbers.entrySet()) {
            long[] v = e.getValue();
            nodes.put(e.getKey(), new Node(e.getKey(), v[0], v[1], null));
        }
        for (Map.Entry<Long, long[]> e : numbers.entrySet()) {
            Node n = nodes.get(e.getKey());
            Node parent = nodes.get(e.getValue()[2]);
            n.link = new Link(parent == null ? root : parent, names.get(e.getKey()));
            n.lookups.set(e.getValue()[3]);
        }
    }
}
