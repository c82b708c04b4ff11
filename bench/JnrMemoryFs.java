// Starts jnr-fuse's example MemoryFS (libfuse 2, high-level path API) on a mount point, for bench/run.sh.
// Run as a single-file program with jnr-fuse and its dependencies on the class path (bench/run.sh fetches them
// with Maven into a temporary directory; nothing of jnr-fuse is kept in this repository):
//   java -cp 'lib/*' bench/JnrMemoryFs.java MOUNTPOINT [-o OPTIONS]
// The example's own main() mounts with libfuse's debug output on; this one mounts quietly and blocks until the file
// system is unmounted (SIGTERM/SIGINT: jnr-fuse's shutdown hook and libfuse's signal handlers unmount it).
import java.nio.file.Path;
import java.util.Arrays;

import ru.serce.jnrfuse.examples.MemoryFS;

public class JnrMemoryFs {
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: JnrMemoryFs MOUNTPOINT [libfuse options...]");
            System.exit(64);
        }
        MemoryFS fs = new MemoryFS();
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        try {
            fs.mount(Path.of(args[0]), true, false, options);
        } finally {
            fs.umount();
        }
    }
}
