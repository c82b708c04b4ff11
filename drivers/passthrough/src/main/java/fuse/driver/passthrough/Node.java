package fuse.driver.passthrough;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A backing file the kernel knows (lookup count above zero). */
final class Node {
    /** Where an inode was last seen: its directory and its name there. */
    record Link(Node parent, byte[] name) {
    }

    final long ino;
    final long dev;
    final long backingIno;
    volatile Link link;
    final AtomicLong lookups = new AtomicLong();
    /** O_PATH descriptor held for a directory the kernel knows (-1: none, resolve by name). */
    volatile int dirFd = -1;
    /** Descriptors of this file's open handles: they still reach it after its last name is gone. */
    final Set<Integer> openFds = ConcurrentHashMap.newKeySet();

    Node(long ino, long dev, long backingIno, Link link) {
        this.ino = ino;
        this.dev = dev;
        this.backingIno = backingIno;
        this.link = link;
    }
}
