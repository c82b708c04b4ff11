package fuse.driver.hello;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import fuse.api.Fuse;
import fuse.runtime.FuseMounts;
import fuse.runtime.Mount;

/**
 * pyfuse3's {@code hello.py} as a plain Java program, without OSGi:
 * {@code java -cp fuse.api.jar:fuse.utils.jar:fuse.runtime.jna.jar:jna.jar:<hello> fuse.driver.hello.HelloMain DIR}
 * mounts hello on DIR until Ctrl-C, SIGTERM or {@code umount DIR}. The README shows the same code.
 */
public final class HelloMain {
    private HelloMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HelloMain MOUNTPOINT");
            System.exit(2);
        }
        try (Mount m = FuseMounts.mount(new HelloFs(), Path.of(args[0]), Map.of(Fuse.DRIVER, "hello"))) {
            System.out.println("mounted hello on " + m.mountpoint() + "; Ctrl-C unmounts");
            m.awaitUnmount(Long.MAX_VALUE, TimeUnit.DAYS);
        }
    }
}
