package fuse.driver.hello;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.FileInfo;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.utils.FuseUtils;

/**
 * pyfuse3's {@code hello.py} in Java: a read-only root directory holding one file, {@code message}, whose content is
 * {@code hello world\n}. Opening it for writing gives EACCES; any other name gives ENOENT.
 */
public class HelloFs implements Operations {
    /** The one file's name. */
    public static final byte[] FILE_NAME = "message".getBytes(StandardCharsets.US_ASCII);
    /** The one file's content. */
    public static final byte[] CONTENT = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    /** The one file's inode. */
    public static final long FILE_INODE = Fuse.ROOT_INODE + 1;

    private final long bootNanos = System.currentTimeMillis() * 1_000_000L;

    private EntryAttributes attributes(long inode) {
        EntryAttributes a = new EntryAttributes().inode(inode).timesNs(bootNanos);
        if (inode == Fuse.ROOT_INODE) {
            a.mode(Fuse.S_IFDIR | 0755).nlink(2).size(0);
        } else if (inode == FILE_INODE) {
            a.mode(Fuse.S_IFREG | 0644).size(CONTENT.length).blocks(1);
        } else {
            return null;
        }
        return a;
    }

    @Override
    public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
        EntryAttributes a = attributes(inode);
        if (a == null) {
            reply.error(Errno.ENOENT);
        } else {
            reply.attr(a);
        }
    }

    @Override
    public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
        if (parent != Fuse.ROOT_INODE || !Arrays.equals(name, FILE_NAME)) {
            reply.error(Errno.ENOENT);
        } else {
            reply.entry(attributes(FILE_INODE));
        }
    }

    @Override
    public void opendir(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        if (inode != Fuse.ROOT_INODE) {
            reply.error(Errno.ENOTDIR);
        } else {
            reply.open(new FileInfo(inode));
        }
    }

    @Override
    public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
        // Offsets: 1 = ".", 2 = "..", 3 = "message"; each entry carries the offset of the next one.
        byte[][] names = { ".".getBytes(StandardCharsets.US_ASCII), "..".getBytes(StandardCharsets.US_ASCII),
                FILE_NAME };
        long[] inodes = { Fuse.ROOT_INODE, Fuse.ROOT_INODE, FILE_INODE };
        for (int i = (int) offset; i < names.length; i++) {
            if (!FuseUtils.readdirReply(reply, names[i], attributes(inodes[i]), i + 1)) {
                break;
            }
        }
        reply.done();
    }

    @Override
    public void open(RequestContext ctx, long inode, int flags, Reply.Open reply) {
        if (inode != FILE_INODE) {
            reply.error(inode == Fuse.ROOT_INODE ? Errno.EISDIR : Errno.ENOENT);
        } else if ((flags & Fuse.O_ACCMODE) != Fuse.O_RDONLY) {
            reply.error(Errno.EACCES);
        } else {
            reply.open(new FileInfo(inode));
        }
    }

    @Override
    public void read(RequestContext ctx, long inode, long fh, long offset, int size, Reply.Data reply) {
        if (offset >= CONTENT.length) {
            reply.data(CONTENT, 0, 0);
        } else {
            int n = (int) Math.min(size, CONTENT.length - offset);
            reply.data(CONTENT, (int) offset, n);
        }
    }
}
