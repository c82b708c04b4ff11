package fuse.posix;

import java.nio.file.Path;

/** A target that mirrors a source directory: passthrough, or a bind mount as the kernel's reference of a mirror. */
interface Mirror extends Target {
    /** The mirrored directory. */
    Path source();

    /** A sibling of the source that nothing done through the mirror may touch. */
    Path outside();
}
