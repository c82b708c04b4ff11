package fuse.runtime.jna.natives;

import java.nio.ByteBuffer;

import com.sun.jna.Pointer;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.FileLock;
import fuse.api.StatvfsData;

/**
 * Offsets and writers of the C structs libfuse 3 exchanges, for x86_64 / aarch64 glibc (checked against libfuse
 * 3.14 with a C program; see the project's toolchain notes). Written field by field through {@link Pointer} rather
 * than with JNA {@code Structure}s: no reflection and no auto-sync on the request path.
 */
public final class NativeLayout {
    private NativeLayout() {
    }

    // struct stat (144 bytes)
    public static final int STAT_SIZE = 144;
    // struct fuse_entry_param: ino 0, generation 8, attr 16, attr_timeout 160, entry_timeout 168
    public static final int ENTRY_SIZE = 176;
    // struct fuse_file_info (40 bytes): flags 0, bit field word 4, fh 16, lock_owner 24, poll_events 32
    public static final int FI_SIZE = 40;
    public static final int FI_FLAGS = 0;
    public static final int FI_BITS = 4;
    public static final int FI_FH = 16;
    public static final int FI_LOCK_OWNER = 24;
    public static final int FI_BIT_DIRECT_IO = 1 << 1;
    public static final int FI_BIT_KEEP_CACHE = 1 << 2;
    public static final int FI_BIT_FLUSH = 1 << 3;
    public static final int FI_BIT_NONSEEKABLE = 1 << 4;
    public static final int FI_BIT_FLOCK_RELEASE = 1 << 5;
    public static final int FI_BIT_CACHE_READDIR = 1 << 6;
    public static final int FI_BIT_NOFLUSH = 1 << 7;
    // struct statvfs (112 bytes)
    public static final int STATVFS_SIZE = 112;
    // struct flock (32 bytes): l_type short 0, l_whence short 2, l_start 8, l_len 16, l_pid int 24
    public static final int FLOCK_SIZE = 32;
    // struct fuse_ctx: uid 0, gid 4, pid 8, umask 12
    // struct fuse_conn_info
    public static final int CONN_PROTO_MAJOR = 0;
    public static final int CONN_PROTO_MINOR = 4;
    public static final int CONN_MAX_WRITE = 8;
    public static final int CONN_MAX_READ = 12;
    public static final int CONN_MAX_READAHEAD = 16;
    public static final int CONN_CAPABLE = 20;
    public static final int CONN_WANT = 24;
    public static final int CONN_MAX_BACKGROUND = 28;
    public static final int CONN_CONGESTION_THRESHOLD = 32;
    public static final int CONN_TIME_GRAN = 36;
    // struct fuse_buf (40 bytes): size 0, flags 8, mem 16, fd 24, pos 32
    public static final int BUF_SIZE = 40;
    public static final int BUF_MEM = 16;
    // struct fuse_bufvec (64 bytes): count 0, idx 8, off 16, buf[0] 24
    public static final int BUFVEC_SIZE = 64;
    // struct fuse_forget_data (16 bytes): ino 0, nlookup 8
    public static final int FORGET_DATA_SIZE = 16;

    private static final long NANOS = 1_000_000_000L;

    // struct fuse_dirent (fuse_kernel.h): ino 0, off 8, namelen 16, type 20, name 24, padded to 8 bytes
    public static final int DIRENT_NAME = 24;
    // struct fuse_entry_out: nodeid 0, generation 8, entry_valid 16, attr_valid 24, entry_valid_nsec 32,
    // attr_valid_nsec 36, struct fuse_attr attr 40 (88 bytes); struct fuse_direntplus = fuse_entry_out + fuse_dirent
    public static final int ENTRY_OUT_SIZE = 128;

    /** Bytes a READDIR entry named {@code nameLength} bytes takes (what {@code fuse_add_direntry} returns). */
    public static int direntSize(int nameLength) {
        return (DIRENT_NAME + nameLength + 7) & ~7;
    }

    /** Bytes a READDIRPLUS entry takes (what {@code fuse_add_direntry_plus} returns). */
    public static int direntPlusSize(int nameLength) {
        return ENTRY_OUT_SIZE + direntSize(nameLength);
    }

    /**
     * Encodes a READDIR entry at {@code off} of {@code b} (native byte order) as {@code fuse_add_direntry} does:
     * the kernel's {@code struct fuse_dirent}, zero padded to 8 bytes. Plain stores into a buffer instead of a
     * native call and some twenty JNA field writes per entry.
     */
    public static void putDirent(ByteBuffer b, int off, byte[] name, long inode, int mode, long nextOffset) {
        b.putLong(off, inode);
        b.putLong(off + 8, nextOffset);
        b.putInt(off + 16, name.length);
        b.putInt(off + 20, (mode & fuse.api.Fuse.S_IFMT) >>> 12);
        b.put(off + DIRENT_NAME, name);
        for (int i = off + DIRENT_NAME + name.length, end = off + direntSize(name.length); i < end; i++) {
            b.put(i, (byte) 0);
        }
    }

    /** Encodes a READDIRPLUS entry as {@code fuse_add_direntry_plus} does: entry and attributes, then the name. */
    public static void putDirentPlus(ByteBuffer b, int off, byte[] name, EntryAttributes a, long nextOffset) {
        putEntryOut(b, off, a);
        putDirent(b, off + ENTRY_OUT_SIZE, name, a.inode(), a.mode(), nextOffset);
    }

    /** {@code struct fuse_entry_out} as libfuse fills it from a {@code struct fuse_entry_param}. */
    private static void putEntryOut(ByteBuffer b, int off, EntryAttributes a) {
        b.putLong(off, a.inode());
        b.putLong(off + 8, a.generation());
        b.putLong(off + 16, timeoutSeconds(a.entryTimeout()));
        b.putLong(off + 24, timeoutSeconds(a.attrTimeout()));
        b.putInt(off + 32, timeoutNanos(a.entryTimeout()));
        b.putInt(off + 36, timeoutNanos(a.attrTimeout()));
        int at = off + 40; // struct fuse_attr
        b.putLong(at, a.inode());
        b.putLong(at + 8, a.size());
        b.putLong(at + 16, a.blocks());
        b.putLong(at + 24, Math.floorDiv(a.atimeNs(), NANOS));
        b.putLong(at + 32, Math.floorDiv(a.mtimeNs(), NANOS));
        b.putLong(at + 40, Math.floorDiv(a.ctimeNs(), NANOS));
        b.putInt(at + 48, (int) Math.floorMod(a.atimeNs(), NANOS));
        b.putInt(at + 52, (int) Math.floorMod(a.mtimeNs(), NANOS));
        b.putInt(at + 56, (int) Math.floorMod(a.ctimeNs(), NANOS));
        b.putInt(at + 60, a.mode());
        b.putInt(at + 64, (int) a.nlink());
        b.putInt(at + 68, a.uid());
        b.putInt(at + 72, a.gid());
        b.putInt(at + 76, (int) a.rdev());
        b.putInt(at + 80, a.blksize());
        b.putInt(at + 84, 0);
    }

    /** libfuse's calc_timeout_sec: whole seconds of a timeout as an unsigned long, clamped to [0, ULONG_MAX]. */
    public static long timeoutSeconds(double t) {
        if (t > 0x1p64) {
            return -1L; // ULONG_MAX
        }
        if (!(t >= 0)) {
            return 0;
        }
        return t >= 0x1p63 ? (long) (t - 0x1p63) + Long.MIN_VALUE : (long) t;
    }

    /** libfuse's calc_timeout_nsec: what is left after those seconds, in nanoseconds (at most 999999999). */
    public static int timeoutNanos(double t) {
        double f = t > 0x1p64 ? t - 0x1p64 : t >= 0 ? t - Math.floor(t) : -1;
        if (!(f >= 0)) {
            return 0;
        }
        return f >= 0.999999999 ? 999_999_999 : (int) (f * 1.0e9);
    }

    /** Writes {@code a} as a {@code struct stat} at {@code off} of {@code b} (native byte order). */
    public static void putStat(ByteBuffer b, int off, EntryAttributes a) {
        b.putLong(off, 0); // st_dev: the kernel sets its own
        b.putLong(off + 8, a.inode());
        b.putLong(off + 16, a.nlink());
        b.putInt(off + 24, a.mode());
        b.putInt(off + 28, a.uid());
        b.putInt(off + 32, a.gid());
        b.putInt(off + 36, 0);
        b.putLong(off + 40, a.rdev());
        b.putLong(off + 48, a.size());
        b.putLong(off + 56, a.blksize());
        b.putLong(off + 64, a.blocks());
        b.putLong(off + 72, Math.floorDiv(a.atimeNs(), NANOS));
        b.putLong(off + 80, Math.floorMod(a.atimeNs(), NANOS));
        b.putLong(off + 88, Math.floorDiv(a.mtimeNs(), NANOS));
        b.putLong(off + 96, Math.floorMod(a.mtimeNs(), NANOS));
        b.putLong(off + 104, Math.floorDiv(a.ctimeNs(), NANOS));
        b.putLong(off + 112, Math.floorMod(a.ctimeNs(), NANOS));
        b.putLong(off + 120, 0);
        b.putLong(off + 128, 0);
        b.putLong(off + 136, 0);
    }

    /** Writes {@code a} as a {@code struct fuse_entry_param} at the start of {@code b} (native byte order). */
    public static void putEntry(ByteBuffer b, EntryAttributes a) {
        b.putLong(0, a.inode());
        b.putLong(8, a.generation());
        putStat(b, 16, a);
        b.putDouble(160, a.attrTimeout());
        b.putDouble(168, a.entryTimeout());
    }

    private static long readTime(Pointer p, long off) {
        return p.getLong(off) * NANOS + p.getLong(off + 8);
    }

    /** Reads a {@code struct stat} into {@code a} (timeouts untouched). */
    public static EntryAttributes readStat(Pointer p, EntryAttributes a) {
        a.inode(p.getLong(8));
        a.nlink(p.getLong(16));
        a.mode(p.getInt(24));
        a.uid(p.getInt(28));
        a.gid(p.getInt(32));
        a.rdev(p.getLong(40));
        a.size(p.getLong(48));
        a.blksize((int) p.getLong(56));
        a.blocks(p.getLong(64));
        a.atimeNs(readTime(p, 72));
        a.mtimeNs(readTime(p, 88));
        a.ctimeNs(readTime(p, 104));
        return a;
    }

    /** Writes a reply {@code struct fuse_file_info} at {@code p} (flags copied from the request). */
    public static void writeFileInfo(Pointer p, int flags, FileInfo info) {
        p.setInt(FI_FLAGS, flags);
        int bits = 0;
        if (info.directIo()) {
            bits |= FI_BIT_DIRECT_IO;
        }
        if (info.keepCache()) {
            bits |= FI_BIT_KEEP_CACHE;
        }
        if (info.nonseekable()) {
            bits |= FI_BIT_NONSEEKABLE;
        }
        if (info.cacheReaddir()) {
            bits |= FI_BIT_CACHE_READDIR;
        }
        if (info.noflush()) {
            bits |= FI_BIT_NOFLUSH;
        }
        p.setInt(FI_BITS, bits);
        p.setInt(8, 0);
        p.setInt(12, 0);
        p.setLong(FI_FH, info.fh());
        p.setLong(FI_LOCK_OWNER, 0);
        p.setLong(32, 0);
    }

    public static void writeStatvfs(Pointer p, StatvfsData s) {
        p.setLong(0, s.bsize());
        p.setLong(8, s.frsize());
        p.setLong(16, s.blocks());
        p.setLong(24, s.bfree());
        p.setLong(32, s.bavail());
        p.setLong(40, s.files());
        p.setLong(48, s.ffree());
        p.setLong(56, s.favail());
        p.setLong(64, 0); // f_fsid
        p.setLong(72, 0); // f_flag
        p.setLong(80, s.namemax());
        for (int i = 88; i < STATVFS_SIZE; i += 8) {
            p.setLong(i, 0);
        }
    }

    /** Reads a {@code struct flock}; {@code l_len} 0 means "to the end" and becomes an end of Long.MAX_VALUE. */
    public static FileLock readFlock(Pointer p) {
        int type = p.getShort(0);
        long start = p.getLong(8);
        long len = p.getLong(16);
        long end = len == 0 ? Long.MAX_VALUE : start + len - 1;
        return new FileLock(type, start, end, p.getInt(24));
    }

    public static void writeFlock(Pointer p, FileLock lock) {
        p.setShort(0, (short) lock.type());
        p.setShort(2, (short) 0); // SEEK_SET
        p.setLong(8, lock.start());
        p.setLong(16, lock.end() == Long.MAX_VALUE ? 0 : lock.end() - lock.start() + 1);
        p.setInt(24, lock.pid());
        p.setInt(28, 0);
    }

    /** Reads a NUL-terminated C string as bytes, without decoding. */
    public static byte[] cString(Pointer p) {
        long len = p.indexOf(0, (byte) 0);
        return p.getByteArray(0, (int) len);
    }

    /** Returns {@code name} followed by a NUL byte, as libfuse expects names. */
    public static byte[] withNul(byte[] name) {
        byte[] z = new byte[name.length + 1];
        System.arraycopy(name, 0, z, 0, name.length);
        return z;
    }
}
