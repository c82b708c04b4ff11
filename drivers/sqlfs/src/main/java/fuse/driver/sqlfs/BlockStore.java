package fuse.driver.sqlfs;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import fuse.driver.sqlfs.Database.Tx;
import fuse.driver.sqlfs.InodeRows.Ino;

/**
 * File contents in {@code sqlfs_chunk}: the bytes of a file in chunks of the file system's chunk size, the row
 * {@code (ino, idx, data)} holding bytes {@code [idx * chunk size, idx * chunk size + data length)}. A chunk without
 * a row (a hole) and the part of a chunk past its data read as zeros: a sparse file stores only what was written,
 * and making a range zero (truncate, fallocate) deletes or cuts chunks instead of storing zeros.
 *
 * <p>Everything runs inside the caller's transaction. A method that changes a file's chunks is given its row,
 * which the caller has locked ({@code FOR UPDATE}), so one transaction at a time changes a file's chunks; the
 * method keeps {@link Ino#stored} up to date, and the caller writes the row back ({@link InodeRows#save}).
 * Neither size nor times are changed here, except by {@link #truncate}, which sets the size.
 */
final class BlockStore {
    /** What {@link #read} fills holes with, a piece at a time. */
    private static final byte[] ZEROS = new byte[8192];

    private final Database db;

    /** The chunks of the file system in {@code db}. */
    BlockStore(Database db) {
        this.db = db;
    }

    /** Fixed when the file system was created; known once the database has been reached. */
    private int chunkSize() {
        Database.Schema s = db.schema();
        return s.chunkSize();
    }

    /** Stored lengths of the existing chunks of {@code ino} with index in [first, last]. */
    private static TreeMap<Long, Integer> chunkLengths(Tx t, long ino, long first, long last) throws SQLException {
        TreeMap<Long, Integer> m = new TreeMap<>();
        try (PreparedStatement ps = t.prepare("SELECT idx, OCTET_LENGTH(data) FROM sqlfs_chunk WHERE ino = ? AND"
                + " idx >= ? AND idx <= ?", ino, first, last); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return m;
    }

    private static byte[] chunk(Tx t, long ino, long idx) throws SQLException {
        return t.queryBytes("SELECT data FROM sqlfs_chunk WHERE ino = ? AND idx = ?", ino, idx);
    }

    /** Writes {@code length} bytes of {@code src} from its position at {@code offset}. */
    void write(Tx t, Ino f, long offset, ByteBuffer src, int length) throws SQLException {
        if (length == 0) {
            return;
        }
        int cs = chunkSize();
        long first = offset / cs;
        long last = (offset + length - 1) / cs;
        TreeMap<Long, Integer> existing = chunkLengths(t, f.ino, first, last);
        int base = src.position();
        try (PreparedStatement update = t.prepare("UPDATE sqlfs_chunk SET data = ? WHERE ino = ? AND idx = ?");
                PreparedStatement insert = t.prepare("INSERT INTO sqlfs_chunk (ino, idx, data) VALUES (?, ?, ?)")) {
            boolean updates = false;
            boolean inserts = false;
            for (long idx = first; idx <= last; idx++) {
                long start = idx * cs;
                int from = (int) Math.max(0, offset - start);
                int to = (int) Math.min(cs, offset + length - start);
                Integer old = existing.get(idx);
                byte[] data;
                if (old == null || from == 0 && to >= old) {
                    data = new byte[old == null ? to : Math.max(to, old)];
                } else {
                    byte[] prev = chunk(t, f.ino, idx);
                    data = Arrays.copyOf(prev, Math.max(to, prev.length));
                    old = prev.length;
                }
                src.get(base + (int) (start + from - offset), data, from, to - from);
                f.stored += data.length - (old == null ? 0 : old);
                if (old == null) {
                    insert.setLong(1, f.ino);
                    insert.setLong(2, idx);
                    insert.setBytes(3, data);
                    insert.addBatch();
                    inserts = true;
                } else {
                    update.setBytes(1, data);
                    update.setLong(2, f.ino);
                    update.setLong(3, idx);
                    update.addBatch();
                    updates = true;
                }
            }
            if (updates) {
                update.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    /** Sets the size; a shrink drops the chunks past it and cuts the last one. */
    void truncate(Tx t, Ino f, long size) throws SQLException {
        if (size < f.size) {
            zero(t, f, size, Long.MAX_VALUE - size);
        }
        f.size = size;
    }

    /**
     * Makes [offset, offset + length) read as zeros: whole chunks are deleted, partial ones zeroed (and cut when the
     * zeros reach their end).
     */
    void zero(Tx t, Ino f, long offset, long length) throws SQLException {
        int cs = chunkSize();
        long end = offset + length; // exclusive, no overflow: callers check
        long first = offset / cs;
        long last = (end - 1) / cs;
        TreeMap<Long, Integer> existing = chunkLengths(t, f.ino, first, last);
        for (Map.Entry<Long, Integer> e : existing.entrySet()) {
            long idx = e.getKey();
            long start = idx * cs;
            int from = (int) Math.max(0, offset - start);
            long toL = Math.min(cs, end - start);
            int len = e.getValue();
            if (from == 0 && toL >= len) {
                t.update("DELETE FROM sqlfs_chunk WHERE ino = ? AND idx = ?", f.ino, idx);
                f.stored -= len;
            } else if (from < len) {
                byte[] data = chunk(t, f.ino, idx);
                int to = (int) Math.min(toL, data.length);
                byte[] next;
                if (to >= data.length) {
                    next = Arrays.copyOf(data, from); // the zeros reach the end: cut
                } else {
                    next = data.clone();
                    Arrays.fill(next, from, to, (byte) 0);
                }
                t.update("UPDATE sqlfs_chunk SET data = ? WHERE ino = ? AND idx = ?", next, f.ino, idx);
                f.stored += next.length - data.length;
            }
        }
    }

    /** Reads [offset, offset + n) of {@code ino} into {@code out} (holes as zeros), at out's position. */
    void read(Tx t, long ino, long offset, int n, ByteBuffer out) throws SQLException {
        int pos = out.position();
        zeros(out, pos, n);
        if (n == 0) {
            return;
        }
        int cs = chunkSize();
        long first = offset / cs;
        long last = (offset + n - 1) / cs;
        try (PreparedStatement ps = t.prepare("SELECT idx, data FROM sqlfs_chunk WHERE ino = ? AND idx >= ? AND"
                + " idx <= ?", ino, first, last); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long start = rs.getLong(1) * cs;
                byte[] data = rs.getBytes(2);
                long from = Math.max(offset, start);
                long to = Math.min(offset + n, start + data.length);
                if (to > from) {
                    out.put(pos + (int) (from - offset), data, (int) (from - start), (int) (to - from));
                }
            }
        }
        out.position(pos + n);
    }

    private static void zeros(ByteBuffer out, int pos, int n) {
        for (int done = 0; done < n; done += ZEROS.length) {
            out.put(pos + done, ZEROS, 0, Math.min(ZEROS.length, n - done));
        }
    }

    /**
     * Copies [offsetIn, offsetIn + length) of {@code in} to {@code offsetOut} of {@code out} (which may be
     * {@code in}), chunk by chunk; a hole of the source stays a hole. Updates {@code out}'s stored bytes, not its
     * size.
     */
    void copy(Tx t, Ino in, long offsetIn, Ino out, long offsetOut, long length) throws SQLException {
        int cs = chunkSize();
        ByteBuffer piece = ByteBuffer.allocate(cs);
        TreeMap<Long, Integer> present = chunkLengths(t, in.ino, offsetIn / cs, (offsetIn + length - 1) / cs);
        for (long done = 0; done < length;) {
            long src = offsetIn + done;
            int step = (int) Math.min(length - done, cs - src % cs);
            if (present.containsKey(src / cs)) {
                piece.clear();
                read(t, in.ino, src, step, piece);
                piece.flip();
                write(t, out, offsetOut + done, piece, step);
            } else {
                zero(t, out, offsetOut + done, step);
            }
            done += step;
        }
    }

    /**
     * SEEK_DATA from {@code offset} (below the size of file {@code f}): where the first chunk with a row at or after
     * it starts, or {@code offset} itself if it lies in one; empty if no chunk of the file lies there.
     */
    OptionalLong seekData(Tx t, Ino f, long offset) throws SQLException {
        int cs = chunkSize();
        Long next = t.queryLong("SELECT MIN(idx) FROM sqlfs_chunk WHERE ino = ? AND idx >= ?", f.ino, offset / cs);
        if (next == null || next * cs >= f.size) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(offset, next * cs));
    }

    /**
     * SEEK_HOLE from {@code offset} (below the size of file {@code f}): where the first chunk without a row at or
     * after it starts, or {@code offset} itself if it lies in one; the size if there is none (the end of a file
     * counts as a hole).
     */
    long seekHole(Tx t, Ino f, long offset) throws SQLException {
        int cs = chunkSize();
        long idx = offset / cs;
        long expect = idx;
        try (PreparedStatement ps = t.prepare("SELECT idx FROM sqlfs_chunk WHERE ino = ? AND idx >= ?"
                + " ORDER BY idx", f.ino, idx); ResultSet rs = ps.executeQuery()) {
            while (rs.next() && rs.getLong(1) == expect) {
                expect++;
            }
        }
        return Math.min(f.size, Math.max(offset, expect * cs));
    }
}
