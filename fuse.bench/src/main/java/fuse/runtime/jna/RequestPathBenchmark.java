package fuse.runtime.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.driver.memfs.MemFs;

/**
 * The request path without the kernel: libfuse decodes a request built in native memory, the runtime dispatches it
 * to the driver and encodes the answer, libfuse writes the reply to /dev/null. One benchmark per request type, on
 * memfs, plus {@link #getattrNull} on a driver that answers a constant (the runtime's own cost).
 *
 * <p>Run with {@code bench/jmh.sh} (add {@code -prof gc} for the bytes allocated per request).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED" })
public class RequestPathBenchmark {
    private static final int FILE_SIZE = 1 << 20;
    private static final int DIR_ENTRIES = 200;

    /** Answers getattr with one constant attribute set: what is left is the runtime and libfuse. */
    public static final class NullOps implements Operations {
        private static final EntryAttributes ROOT = new EntryAttributes().inode(Fuse.ROOT_INODE)
                .mode(Fuse.S_IFDIR | 0755).nlink(2);

        @Override
        public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
            reply.attr(ROOT);
        }
    }

    private UnmountedSession memfs;
    private UnmountedSession nul;
    private UnmountedSession.Request getattr;
    private UnmountedSession.Request getattrNull;
    private UnmountedSession.Request lookup;
    private UnmountedSession.Request read4k;
    private UnmountedSession.Request read128k;
    private UnmountedSession.Request write128k;
    private UnmountedSession.Request readdirplus;
    private UnmountedSession.Request readdir;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        MemFs fs = new MemFs();
        memfs = new UnmountedSession(fs);
        Capture file = new Capture();
        fs.create(file, Fuse.ROOT_INODE, "f".getBytes(StandardCharsets.UTF_8), Fuse.S_IFREG | 0644, Fuse.O_RDWR, file);
        file.check("create f");
        long ino = file.attributes.inode();
        long fh = file.info.fh();
        Capture w = new Capture();
        fs.write(w, ino, fh, 0, Capture.bytes(FILE_SIZE), 0, w);
        w.check("write f");
        Capture dir = new Capture();
        fs.mkdir(dir, Fuse.ROOT_INODE, "d".getBytes(StandardCharsets.UTF_8), 0755, new Reply.Entry() {
            @Override
            public void entry(EntryAttributes attributes) {
                dir.attributes = attributes;
            }

            @Override
            public void error(int errno) {
                throw new IllegalStateException("mkdir d: errno " + errno);
            }

            @Override
            public boolean isAnswered() {
                return dir.attributes != null;
            }
        });
        long dino = dir.attributes.inode();
        for (int i = 0; i < DIR_ENTRIES; i++) {
            Capture c = new Capture();
            fs.create(c, dino, ("entry-" + i).getBytes(StandardCharsets.UTF_8), Fuse.S_IFREG | 0644, Fuse.O_RDWR, c);
            c.check("create entry");
        }
        getattr = memfs.getattr(ino);
        lookup = memfs.named(UnmountedSession.LOOKUP, Fuse.ROOT_INODE, "f");
        read4k = memfs.read(UnmountedSession.READ, ino, fh, 4096, 4096);
        read128k = memfs.read(UnmountedSession.READ, ino, fh, 128 * 1024, 128 * 1024);
        write128k = memfs.write(ino, fh, 256 * 1024, 128 * 1024);
        readdirplus = memfs.read(UnmountedSession.READDIRPLUS, dino, 0, 0, 4096);
        readdir = memfs.read(UnmountedSession.READDIR, dino, 0, 0, 4096);

        nul = new UnmountedSession(new NullOps());
        getattrNull = nul.getattr(Fuse.ROOT_INODE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memfs.close();
        nul.close();
    }

    /** GETATTR answered with a constant: decode, dispatch, encode, nothing else. */
    @Benchmark
    public void getattrNull() {
        nul.process(getattrNull);
    }

    @Benchmark
    public void getattr() {
        memfs.process(getattr);
    }

    @Benchmark
    public void lookup() {
        memfs.process(lookup);
    }

    @Benchmark
    public void read4k() {
        memfs.process(read4k);
    }

    @Benchmark
    public void read128k() {
        memfs.process(read128k);
    }

    @Benchmark
    public void write128k() {
        memfs.process(write128k);
    }

    /** One 4 KiB READDIRPLUS page (about 25 entries with attributes). */
    @Benchmark
    public void readdirplusPage() {
        memfs.process(readdirplus);
    }

    /** One 4 KiB READDIR page (about 120 names). */
    @Benchmark
    public void readdirPage() {
        memfs.process(readdir);
    }
}
