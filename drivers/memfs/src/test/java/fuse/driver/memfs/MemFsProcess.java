package fuse.driver.memfs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseMount;

/**
 * A memfs mount in a JVM of its own, for {@link MemFsMemoryTest}: {@code MemFsProcess MOUNTPOINT CAPACITY} mounts,
 * prints {@code mounted}, then answers each line on stdin with {@code native=<bytes> used=<bytes>}; at the end of
 * stdin it unmounts, closes the file system and exits.
 */
public final class MemFsProcess {
    private MemFsProcess() {
    }

    public static void main(String[] args) throws Exception {
        MemFs fs = new MemFs(MemFsConfig.from(Map.of("capacity", args[1])));
        FuseMount m = FuseMount.mount(fs, Path.of(args[0]), Map.of(Fuse.DRIVER, "memfs", Fuse.FSNAME, "memfs"));
        try {
            System.out.println("mounted");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                System.out.println("native=" + fs.nativeBytes() + " used=" + fs.usedBytes());
            }
        } finally {
            m.close();
            fs.close();
        }
        System.out.println("unmounted");
    }
}
