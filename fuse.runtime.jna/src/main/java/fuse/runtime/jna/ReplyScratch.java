package fuse.runtime.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;

import fuse.runtime.jna.natives.NativeLayout;

/**
 * Per-thread native scratch memory that replies are encoded into just before libfuse copies them out: one set per
 * thread that answers, reused for every answer, so encoding a reply allocates nothing. Only valid within one reply
 * call; the views are made once because JNA's {@code getByteBuffer} registers every view it makes.
 */
final class ReplyScratch {
    private static final ThreadLocal<ReplyScratch> LOCAL = ThreadLocal.withInitial(ReplyScratch::new);

    final Memory stat = new Memory(NativeLayout.STAT_SIZE);
    final ByteBuffer statView = stat.getByteBuffer(0, NativeLayout.STAT_SIZE).order(ByteOrder.nativeOrder());
    final Memory entry = new Memory(NativeLayout.ENTRY_SIZE);
    final ByteBuffer entryView = entry.getByteBuffer(0, NativeLayout.ENTRY_SIZE).order(ByteOrder.nativeOrder());
    final Memory fileInfo = new Memory(NativeLayout.FI_SIZE);
    final Memory statvfs = new Memory(NativeLayout.STATVFS_SIZE);
    final Memory flock = new Memory(NativeLayout.FLOCK_SIZE);
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
