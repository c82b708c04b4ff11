package fuse.runtime.jna;

import java.nio.ByteBuffer;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import fuse.api.Errno;
import fuse.api.FuseException;
import fuse.api.WriteData;
import fuse.linux.LibC;
import fuse.linux.libfuse.FuseBuf;
import fuse.linux.libfuse.FuseBufvec;

/**
 * A WRITE's data as libfuse hands it to {@code write_buf}: the first buffer of a {@code struct fuse_bufvec}, in
 * memory (the request was read) or in a pipe (it was spliced, see {@link RequestPipe}).
 */
final class BufvecData implements WriteData {
    private final int length;
    /** The pipe's read end, or -1 when the data is in memory at {@link #memory}. */
    private final int pipe;
    private final long memory;
    private final long[] position = new long[1];
    private int taken;
    /** A transfer failed: how much of the data left the pipe is unknown. */
    private boolean failed;

    BufvecData(Pointer bufv) {
        Pointer b = bufv.share(FuseBufvec.BUF);
        length = (int) b.getLong(FuseBuf.SIZE);
        boolean inPipe = (b.getInt(FuseBuf.FLAGS) & FuseBuf.FUSE_BUF_IS_FD) != 0;
        pipe = inPipe ? b.getInt(FuseBuf.FD) : -1;
        memory = inPipe ? 0 : Pointer.nativeValue(b.getPointer(FuseBuf.MEM));
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int remaining() {
        return length - taken;
    }

    /** Whether all the data was taken without a failure (a pipe it came in is then empty). */
    boolean allTaken() {
        return taken == length && !failed;
    }

    /** Whether the data waits in a pipe (the request was spliced). */
    boolean inPipe() {
        return pipe >= 0;
    }

    @Override
    public void transferTo(int fd, long at, int count) {
        if (count < 0 || count > remaining()) {
            throw new IllegalArgumentException(count + " bytes asked for, " + remaining() + " remain");
        }
        for (int done = 0; done < count;) {
            long n;
            if (pipe >= 0) {
                position[0] = at + done;
                n = LibC.splice(pipe, null, fd, position, count - done, 0);
            } else {
                n = LibC.pwrite(fd, memory + taken + done, count - done, at + done);
            }
            if (n <= 0) {
                int err = n < 0 ? LibC.errno() : Errno.EIO;
                taken = length; // (what is left in a pipe is discarded: RequestPipe.settle)
                failed = true;
                throw new FuseException(err == 0 ? Errno.EIO : err);
            }
            done += (int) n;
        }
        taken += count;
    }

    @Override
    public ByteBuffer buffer() {
        int count = remaining();
        if (count == 0) {
            taken = length;
            return ByteBuffer.allocate(0);
        }
        if (pipe < 0) {
            ByteBuffer view = new Pointer(memory + taken).getByteBuffer(0, count);
            taken = length;
            return view;
        }
        Memory copy = new Memory(count);
        ByteBuffer into = copy.getByteBuffer(0, count);
        for (int done = 0; done < count;) {
            long n = LibC.read(pipe, Pointer.nativeValue(copy) + done, count - done);
            if (n <= 0) {
                taken = length;
                failed = true;
                throw new FuseException(n < 0 ? LibC.errno() : Errno.EIO);
            }
            done += (int) n;
        }
        taken = length;
        return into;
    }
}
