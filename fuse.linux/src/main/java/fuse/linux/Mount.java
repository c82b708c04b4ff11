package fuse.linux;

/** Flags of umount2(2) ({@code <sys/mount.h>}). Checked by the ABI test. */
public final class Mount {
    private Mount() {
    }

    /** Lazy unmount: detach now, clean up when the mount is no longer busy. */
    public static final int MNT_DETACH = 2;
}
