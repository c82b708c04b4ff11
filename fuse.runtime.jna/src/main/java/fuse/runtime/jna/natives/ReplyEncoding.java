package fuse.runtime.jna.natives;

import java.nio.ByteBuffer;

import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.linux.Stat;
import fuse.linux.libfuse.FuseAttr;
import fuse.linux.libfuse.FuseDirent;
import fuse.linux.libfuse.FuseEntryOut;
import fuse.linux.libfuse.FuseEntryParam;
import fuse.linux.libfuse.FuseFileInfo;

/**
 * Writes the libfuse and kernel structs of replies, with the layouts of {@code fuse.linux.libfuse}: plain stores
 * into a buffer, no reflection, no JNA {@code Structure} and no native call per field. Directory entries are written
 * as {@code fuse_add_direntry(_plus)} writes them (byte-identical, {@code ReplyEncodingTest} checks it against
 * libfuse itself).
 */
public final class ReplyEncoding {
    private static final long NANOS = 1_000_000_000L;

    private ReplyEncoding() {
    }

    /** Bytes a READDIR entry named {@code nameLength} bytes takes (what {@code fuse_add_direntry} returns). */
    public static int direntSize(int nameLength) {
        return (FuseDirent.NAME + nameLength + FuseDirent.ALIGN - 1) & -FuseDirent.ALIGN;
    }

    /** Bytes a READDIRPLUS entry takes (what {@code fuse_add_direntry_plus} returns). */
    public static int direntPlusSize(int nameLength) {
        return FuseEntryOut.SIZEOF + direntSize(nameLength);
    }

    /** A READDIR entry at {@code off} of {@code b} (native byte order): {@code struct fuse_dirent}, zero padded. */
    public static void putDirent(ByteBuffer b, int off, byte[] name, long inode, int mode, long nextOffset) {
        b.putLong(off + FuseDirent.INO, inode);
        b.putLong(off + FuseDirent.OFF, nextOffset);
        b.putInt(off + FuseDirent.NAMELEN, name.length);
        b.putInt(off + FuseDirent.TYPE, (mode & Fuse.S_IFMT) >>> 12);
        b.put(off + FuseDirent.NAME, name);
        for (int i = off + FuseDirent.NAME + name.length, end = off + direntSize(name.length); i < end; i++) {
            b.put(i, (byte) 0);
        }
    }

    /** A READDIRPLUS entry: {@code struct fuse_entry_out} with the attributes, then the {@code fuse_dirent}. */
    public static void putDirentPlus(ByteBuffer b, int off, byte[] name, EntryAttributes a, long nextOffset) {
        putEntryOut(b, off, a);
        putDirent(b, off + FuseEntryOut.SIZEOF, name, a.inode(), a.mode(), nextOffset);
    }

    /** {@code struct fuse_entry_out} as libfuse fills it from a {@code struct fuse_entry_param}. */
    private static void putEntryOut(ByteBuffer b, int off, EntryAttributes a) {
        b.putLong(off + FuseEntryOut.NODEID, a.inode());
        b.putLong(off + FuseEntryOut.GENERATION, a.generation());
        b.putLong(off + FuseEntryOut.ENTRY_VALID, timeoutSeconds(a.entryTimeout()));
        b.putLong(off + FuseEntryOut.ATTR_VALID, timeoutSeconds(a.attrTimeout()));
        b.putInt(off + FuseEntryOut.ENTRY_VALID_NSEC, timeoutNanos(a.entryTimeout()));
        b.putInt(off + FuseEntryOut.ATTR_VALID_NSEC, timeoutNanos(a.attrTimeout()));
        int at = off + FuseEntryOut.ATTR;
        b.putLong(at + FuseAttr.INO, a.inode());
        b.putLong(at + FuseAttr.SIZE, a.size());
        b.putLong(at + FuseAttr.BLOCKS, a.blocks());
        b.putLong(at + FuseAttr.ATIME, Math.floorDiv(a.atimeNs(), NANOS));
        b.putLong(at + FuseAttr.MTIME, Math.floorDiv(a.mtimeNs(), NANOS));
        b.putLong(at + FuseAttr.CTIME, Math.floorDiv(a.ctimeNs(), NANOS));
        b.putInt(at + FuseAttr.ATIMENSEC, (int) Math.floorMod(a.atimeNs(), NANOS));
        b.putInt(at + FuseAttr.MTIMENSEC, (int) Math.floorMod(a.mtimeNs(), NANOS));
        b.putInt(at + FuseAttr.CTIMENSEC, (int) Math.floorMod(a.ctimeNs(), NANOS));
        b.putInt(at + FuseAttr.MODE, a.mode());
        b.putInt(at + FuseAttr.NLINK, (int) a.nlink());
        b.putInt(at + FuseAttr.UID, a.uid());
        b.putInt(at + FuseAttr.GID, a.gid());
        b.putInt(at + FuseAttr.RDEV, (int) a.rdev());
        b.putInt(at + FuseAttr.BLKSIZE, a.blksize());
        b.putInt(at + FuseAttr.FLAGS, 0);
    }

    /** libfuse's calc_timeout_sec: whole seconds of a timeout as an unsigned long, clamped to [0, ULONG_MAX]. */
    static long timeoutSeconds(double t) {
        if (t > 0x1p64) {
            return -1L; // ULONG_MAX
        }
        if (!(t >= 0)) {
            return 0;
        }
        return t >= 0x1p63 ? (long) (t - 0x1p63) + Long.MIN_VALUE : (long) t;
    }

    /** libfuse's calc_timeout_nsec: what is left after those seconds, in nanoseconds (at most 999999999). */
    static int timeoutNanos(double t) {
        double f = t > 0x1p64 ? t - 0x1p64 : t >= 0 ? t - Math.floor(t) : -1;
        if (!(f >= 0)) {
            return 0;
        }
        return f >= 0.999999999 ? 999_999_999 : (int) (f * 1.0e9);
    }

    /** {@code a} as a {@code struct fuse_entry_param} at the start of {@code b} (native byte order). */
    public static void putEntry(ByteBuffer b, EntryAttributes a) {
        b.putLong(FuseEntryParam.INO, a.inode());
        b.putLong(FuseEntryParam.GENERATION, a.generation());
        Stat.write(b, FuseEntryParam.ATTR, a);
        b.putDouble(FuseEntryParam.ATTR_TIMEOUT, a.attrTimeout());
        b.putDouble(FuseEntryParam.ENTRY_TIMEOUT, a.entryTimeout());
    }

    /** A reply's {@code struct fuse_file_info} at {@code p}: the request's open flags and the driver's choices. */
    public static void writeFileInfo(Pointer p, int flags, FileInfo info) {
        p.clear(FuseFileInfo.SIZEOF);
        p.setInt(FuseFileInfo.FLAGS, flags);
        int bits = 0;
        if (info.directIo()) {
            bits |= FuseFileInfo.BIT_DIRECT_IO;
        }
        if (info.keepCache()) {
            bits |= FuseFileInfo.BIT_KEEP_CACHE;
        }
        if (info.nonseekable()) {
            bits |= FuseFileInfo.BIT_NONSEEKABLE;
        }
        if (info.cacheReaddir()) {
            bits |= FuseFileInfo.BIT_CACHE_READDIR;
        }
        if (info.noflush()) {
            bits |= FuseFileInfo.BIT_NOFLUSH;
        }
        p.setInt(FuseFileInfo.BITS, bits);
        p.setLong(FuseFileInfo.FH, info.fh());
    }
}
