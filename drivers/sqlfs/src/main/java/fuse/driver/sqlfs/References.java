package fuse.driver.sqlfs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import fuse.api.Fuse;

/**
 * What the kernel of this host holds of each inode: its lookup count (raised by every entry replied, lowered by
 * FORGET) and its open handles (raised by open and opendir, lowered by release and releasedir). This is the only
 * state of the file system kept in this JVM rather than in the database, because only this host's kernel knows
 * it: an inode that has lost its last name lives on while this host holds a reference, so that a file open here can
 * still be read and written after it was unlinked.
 *
 * <p>When an inode's last reference is dropped, the listener given to the constructor is told (outside any lock
 * of this class), so that it can delete the inode's rows if it has no name left either. The root is never
 * counted: the kernel never forgets it and it is never deleted. Safe for use by the session's request threads
 * at once.
 */
final class References {
    /** Lookup count [0] and open handles [1] of each inode held; absent means neither. */
    private final ConcurrentHashMap<Long, long[]> counts = new ConcurrentHashMap<>();
    private final LongConsumer lastDropped;

    /** {@code lastDropped} is called with an inode's number when its last lookup and handle are dropped. */
    References(LongConsumer lastDropped) {
        this.lastDropped = lastDropped;
    }

    /** Adds {@code lookups} lookups and {@code opens} handles to what the kernel holds of {@code ino}. */
    void add(long ino, long lookups, long opens) {
        if (ino == Fuse.ROOT_INODE || lookups == 0 && opens == 0) {
            return;
        }
        counts.compute(ino, (k, a) -> {
            long[] r = a == null ? new long[2] : a;
            r[0] += lookups;
            r[1] += opens;
            return r;
        });
    }

    /**
     * Drops references (no count goes below zero; an inode not held is ignored); when none is left, tells the
     * listener.
     */
    void drop(long ino, long lookups, long opens) {
        boolean[] gone = { false };
        counts.computeIfPresent(ino, (k, r) -> {
            r[0] = Math.max(0, r[0] - lookups);
            r[1] = Math.max(0, r[1] - opens);
            if (r[0] == 0 && r[1] == 0) {
                gone[0] = true;
                return null;
            }
            return r;
        });
        if (gone[0]) {
            lastDropped.accept(ino);
        }
    }

    /** Whether the kernel of this host holds a lookup or a handle of {@code ino}. */
    boolean holds(long ino) {
        return counts.containsKey(ino);
    }

    /** The inodes held now. */
    List<Long> inodes() {
        return List.copyOf(counts.keySet());
    }

    /**
     * The session ended and the kernel dropped everything without telling: forgets every reference, without
     * telling the listener, and returns the inodes that were held.
     */
    Set<Long> dropAll() {
        Set<Long> held = new HashSet<>(counts.keySet());
        counts.clear();
        return held;
    }

    /** How many inodes are held. */
    int size() {
        return counts.size();
    }
}
