package fuse.driver.passthrough;

import static fuse.driver.passthrough.Names.DOT;
import static fuse.driver.passthrough.Names.DOTDOT;
import static fuse.driver.passthrough.SystemCalls.STAT;
import static fuse.driver.passthrough.SystemCalls.check;
import static fuse.linux.CStrings.terminated;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.Reply;
import fuse.linux.CStrings;
import fuse.linux.Dirent64;
import fuse.linux.Fcntl;
import fuse.linux.LibC;
import fuse.linux.Stat;
import fuse.utils.FuseUtils;

/**
 * Open directories: each handle is a descriptor of the backing directory (the request's {@code fh}), listed with
 * {@code getdents64} in batches kept between pages; a READDIRPLUS entry counts as a lookup of the inode it names.
 */
final class DirectoryReader {
    /** Bytes of {@code getdents64} output read per call; the kernel's READDIR pages are about as large. */
    private static final int DIRENTS_SIZE = 32 * 1024;
    /** The listing state of each open directory, by its descriptor (the request's {@code fh}). */
    private final Map<Integer, DirStream> dirStreams = new ConcurrentHashMap<>();

    /**
     * Where the listing of one open directory stands, as {@code passthrough_ll} keeps its {@code DIR*}: the entries
     * {@code getdents64} returned that did not fit in the last page, and the offset after which they come. A page that
     * continues there needs no {@code lseek}, which would make ext4 hash its directory blocks again from that offset.
     */
    private static final class DirStream {
        final Memory memory = new Memory(DIRENTS_SIZE);
        final ByteBuffer view = memory.getByteBuffer(0, DIRENTS_SIZE).order(java.nio.ByteOrder.nativeOrder());
        /** Bytes of entries in the buffer, and where the first one not sent yet starts. */
        int length;
        int position;
        /**
         * The readdir offset that continues at {@link #position} (the last sent entry's {@code d_off}); none at first,
         * because the descriptor may have been read by this driver's predecessor.
         */
        long resumeOffset = -1;
    }

    private final Inodes inodes;
    private final Descriptors descriptors;

    DirectoryReader(Inodes inodes, Descriptors descriptors) {
        this.inodes = inodes;
        this.descriptors = descriptors;
    }

    void opendir(long inode, Reply.Open reply) {
        int fd = descriptors.openNode(inodes.node(inode), Fuse.O_RDONLY | Fcntl.O_DIRECTORY);
        reply.open(new FileInfo(fd).keepCache(false));
    }

    void readdir(long inode, long fh, long offset, Reply.Directory reply) {
        int fd = (int) fh;
        // Made here rather than in opendir, so that directories opened before a driver update list on.
        DirStream ds = dirStreams.computeIfAbsent(fd, k -> new DirStream());
        synchronized (ds) { // (the kernel sends one readdir of an open directory at a time; this makes it certain)
            readdir(inode, fd, ds, offset, reply);
        }
    }

    private void readdir(long inode, int fd, DirStream ds, long offset, Reply.Directory reply) {
        if (offset != ds.resumeOffset) { // the first page, a rewind or a seek: start over from the offset
            check(LibC.lseek(fd, offset, Fuse.SEEK_SET), "seekdir");
            ds.length = 0;
            ds.position = 0;
            ds.resumeOffset = offset;
        }
        ByteBuffer d = ds.view;
        boolean plus = reply.isPlus();
        Memory st = STAT.get();
        Node dir = inodes.node(inode);
        // The page copies each entry when it is added, so one attributes object serves every plain entry.
        EntryAttributes plain = new EntryAttributes();
        while (true) {
            if (ds.position >= ds.length) {
                ds.length = (int) check(LibC.getdents64(fd, ds.memory, DIRENTS_SIZE), "getdents64");
                ds.position = 0;
                if (ds.length == 0) {
                    break;
                }
            }
            int pos = ds.position;
            long dIno = d.getLong(pos + Dirent64.D_INO);
            long dOff = d.getLong(pos + Dirent64.D_OFF);
            int reclen = d.getShort(pos + Dirent64.D_RECLEN) & 0xffff;
            int type = d.get(pos + Dirent64.D_TYPE) & 0xff;
            byte[] name = new byte[CStrings.length(d, pos + Dirent64.D_NAME, pos + reclen)];
            d.get(pos + Dirent64.D_NAME, name);
            boolean dots = Arrays.equals(name, DOT) || Arrays.equals(name, DOTDOT);
            EntryAttributes a;
            boolean counted = false;
            if (plus && !dots) {
                if (LibC.fstatat(fd, terminated(name), st, Fcntl.AT_SYMLINK_NOFOLLOW) < 0) {
                    ds.position = pos + reclen; // removed meanwhile
                    ds.resumeOffset = dOff;
                    continue;
                }
                a = inodes.attributes(st, inodes.fuseIno(Stat.dev(st), Stat.ino(st)));
                counted = true;
            } else {
                a = plain.inode(dots ? inode : inodes.fuseIno(dir.dev, dIno)).mode(Dirent64.modeOf(type));
            }
            if (!FuseUtils.readdirReply(reply, name, a, dOff)) {
                break; // the page is full: this entry starts the next one
            }
            ds.position = pos + reclen;
            ds.resumeOffset = dOff;
            if (counted) {
                inodes.remember(dir, fd, name, st);
            }
        }
        reply.done();
    }

    void releasedir(long fh, Reply.Empty reply) {
        DirStream ds = dirStreams.remove((int) fh);
        if (ds != null) {
            synchronized (ds) {
                ds.memory.close();
            }
        }
        LibC.close((int) fh);
        reply.ok();
    }

    void fsyncdir(long fh, boolean datasync, Reply.Empty reply) {
        check(datasync ? LibC.fdatasync((int) fh) : LibC.fsync((int) fh), "fsyncdir");
        reply.ok();
    }
}
