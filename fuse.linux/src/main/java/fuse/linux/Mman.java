package fuse.linux;

/** Memory files ({@code <sys/mman.h>}): the flags of {@link LibC#memfd_create}. Checked by the ABI test. */
public final class Mman {
    private Mman() {
    }

    /** Close the memory file on exec: a child process never inherits it. */
    public static final int MFD_CLOEXEC = 1;
}
