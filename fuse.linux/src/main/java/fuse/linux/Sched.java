package fuse.linux;

/**
 * Scheduling policies and CPU affinity masks ({@code <sched.h>}): what sched_setscheduler(2) and
 * sched_setaffinity(2) / sched_getaffinity(2) take. Checked by the ABI test.
 */
public final class Sched {
    private Sched() {
    }

    /** The default time-sharing policy. */
    public static final int SCHED_OTHER = 0;
    /** Runs only when a CPU has nothing else to do. */
    public static final int SCHED_IDLE = 5;
    /** Bytes of {@code struct sched_param} ({@code int sched_priority}, 0 for the two policies above). */
    public static final int PARAM_SIZEOF = 4;
    /** Bytes of glibc's {@code cpu_set_t} (1024 CPUs, one bit each, CPU n in byte n / 8). */
    public static final int CPU_SET_SIZEOF = 128;
}
