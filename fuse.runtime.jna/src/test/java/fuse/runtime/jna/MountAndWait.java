package fuse.runtime.jna;

import java.nio.file.Path;
import java.util.Map;

/** Test helper run in a child JVM: mounts a {@link TestFs}, says so, and waits to be killed. */
final class MountAndWait {
    private MountAndWait() {
    }

    public static void main(String[] args) throws Exception {
        FuseMount.mount(new TestFs(), Path.of(args[0]), Map.of(fuse.api.Fuse.DRIVER, "killed"));
        System.out.print("mounted");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
