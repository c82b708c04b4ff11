package fuse.driver.sqlfs;

import java.lang.System.Logger.Level;
import java.util.HexFormat;
import java.util.UUID;

import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Session;

/**
 * Changes of other hosts sharing the (PostgreSQL) database: this host's identity in the NOTIFYs it sends, the LISTEN
 * thread ({@link PgSupport.Listener}), and what a notification drops from this host's kernel caches.
 */
final class Notifications {
    private static final System.Logger LOG = System.getLogger("fuse.driver.sqlfs");

    private final Database db;
    private final References refs;
    /** This instance's identity in change notifications (its own are ignored). */
    private final String hostId = UUID.randomUUID().toString().substring(0, 8);
    private volatile Session session;
    private volatile PgSupport.Listener listener;
    private volatile boolean listenerWanted;

    Notifications(Database db, References refs) {
        this.db = db;
        this.refs = refs;
    }

    /** The session started; {@code wanted}: PostgreSQL with notifications on. */
    void init(Session s, boolean wanted) {
        this.session = s;
        listenerWanted = wanted;
    }

    /** Before each transaction: starts the listener if it is wanted and not running yet. */
    void startIfWanted(Database.Schema schema) {
        if (listenerWanted && listener == null) {
            start(schema);
        }
    }

    /** Starts listening for other hosts' changes (once the database could be reached). */
    synchronized void start(Database.Schema schema) {
        Session s = session;
        if (listener != null || !listenerWanted || s == null) {
            return;
        }
        String channel = PgSupport.channel(schema.fsid());
        db.publisher(PgSupport.publisher(channel, hostId));
        listener = new PgSupport.Listener(db, channel, this::remoteChanges, this::resync,
                String.valueOf(s.mountpoint()));
    }

    /** Changes another host made: drop what our kernel caches of them. */
    private void remoteChanges(String payload) {
        Session s = session;
        if (s == null || payload == null) {
            return;
        }
        String[] lines = payload.split("\n");
        if (lines.length == 0 || lines[0].equals(hostId)) {
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            try {
                if (f[0].equals("i") && f.length == 2) {
                    s.invalidateInode(Long.parseLong(f[1]));
                } else if (f[0].equals("e") && f.length == 3) {
                    s.invalidateEntryAsync(Long.parseLong(f[1]), HexFormat.of().parseHex(f[2]), 0, true);
                }
            } catch (FuseException e) {
                // ENOENT: the kernel does not cache it, nothing to drop
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "sqlfs: ignored a malformed change notification '" + lines[i] + "': " + e);
            }
        }
    }

    /** Notifications were lost while the listener was away: drop the cached attributes and data we know of. */
    private void resync() {
        Session s = session;
        if (s == null) {
            return;
        }
        for (Long ino : refs.inodes()) {
            try {
                s.invalidateInode(ino);
            } catch (RuntimeException e) {
                // not cached
            }
        }
        try {
            s.invalidateInode(Fuse.ROOT_INODE);
        } catch (RuntimeException e) {
            // not cached
        }
    }

    /** Stops listening (destroy, close). */
    void stop() {
        listenerWanted = false;
        PgSupport.Listener l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
    }

    /** The session ended. */
    void ended() {
        session = null;
    }
}
