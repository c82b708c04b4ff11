package fuse.linux;

/** getrusage(2) and {@code struct rusage} ({@code <sys/resource.h>}). Offsets in bytes; checked by the ABI test. */
public final class Rusage {
    private Rusage() {
    }

    /** {@code who}: the calling thread. */
    public static final int RUSAGE_THREAD = 1;
    /** Bytes of {@code struct rusage}. */
    public static final int SIZEOF = 144;
    /** Offset of {@code long ru_nivcsw}, the involuntary context switches. */
    public static final int RU_NIVCSW = 136;
}
