package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;

import fuse.linux.Flock;
import fuse.linux.Stat;
import fuse.linux.Statvfs;
import fuse.linux.libfuse.FuseBufvec;
import fuse.linux.libfuse.FuseEntryParam;
import fuse.linux.libfuse.FuseFileInfo;

/**
 * Per-thread native scratch memory that replies are encoded into just before libfuse copies them out: one set per
 * thread that answers, reused for every answer, so encoding a reply allocates nothing. Only valid within one reply
 * call; the views are made once because JNA's {@code getByteBuffer} registers every view it makes.
 */
final class ReplyScratch {
    private static final ThreadLocal<ReplyScratch> LOCAL = ThreadLocal.withInitial(ReplyScratch::new);

    final Memory stat = new Memory(Stat.SIZEOF);
    final ByteBuffer statView = stat.getByteBuffer(0, Stat.SIZEOF).order(ByteOrder.nativeOrder());
    final Memory entry = new Memory(FuseEntryParam.SIZEOF);
    final ByteBuffer entryView = entry.getByteBuffer(0, FuseEntryParam.SIZEOF).order(ByteOrder.nativeOrder());
    final Memory fileInfo = new Memory(FuseFileInfo.SIZEOF);
    final Memory statvfs = new Memory(Statvfs.SIZEOF);
    final Memory flock = new Memory(Flock.SIZEOF);
    final Memory bufvec = new Memory(FuseBufvec.SIZEOF);
    final ByteBuffer bufvecView = bufvec.getByteBuffer(0, FuseBufvec.SIZEOF).order(ByteOrder.nativeOrder());
    private Memory data = new Memory(64 * 1024);

    /** This thread's scratch memory. */
    static ReplyScratch get() {
        return LOCAL.get();
    }

    /** At least {@code size} bytes for a data reply that must be copied first (grows, never shrinks). */
    Memory data(int size) {
        if (data.size() < size) {
            data.close();
            data = new Memory(Math.max(size, 2 * data.size()));
        }
        return data;
    }
}
