package fuse.utils.posix;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;

/**
 * The fallocate(2) modes a driver with sparse storage can serve, decoded and checked: allocate (mode 0),
 * {@link Fuse#FALLOC_FL_KEEP_SIZE} (allocate without growing), {@link Fuse#FALLOC_FL_PUNCH_HOLE} (only together
 * with KEEP_SIZE, as Linux requires) and {@link Fuse#FALLOC_FL_ZERO_RANGE} (with or without KEEP_SIZE).
 * Any other mode, or PUNCH_HOLE combined with ZERO_RANGE, is {@link Errno#EOPNOTSUPP}.
 *
 * <p>Instances are shared constants: {@link #of} allocates nothing.
 *
 * @param keepSize whether the file's size stays as it is (KEEP_SIZE)
 * @param punchHole whether the range is deallocated and reads as zeros (PUNCH_HOLE)
 * @param zeroRange whether the range reads as zeros and stays allocated (ZERO_RANGE)
 */
public record FallocateMode(boolean keepSize, boolean punchHole, boolean zeroRange) {
    private static final int SUPPORTED = Fuse.FALLOC_FL_KEEP_SIZE | Fuse.FALLOC_FL_PUNCH_HOLE
            | Fuse.FALLOC_FL_ZERO_RANGE;
    /** The valid combinations, indexed by keep + 2 * punch + 4 * zero. */
    private static final FallocateMode[] MODES = new FallocateMode[8];

    static {
        for (int i = 0; i < MODES.length; i++) {
            MODES[i] = new FallocateMode((i & 1) != 0, (i & 2) != 0, (i & 4) != 0);
        }
    }

    /**
     * Decodes and checks a fallocate request, in this order: {@link Errno#EOPNOTSUPP} for an unsupported mode,
     * {@link Errno#EINVAL} for a negative offset or a length that is not positive, {@link Errno#EFBIG} for a range
     * ending past {@link Long#MAX_VALUE}.
     *
     * @param mode the request's mode bits
     * @param offset where the range starts
     * @param length how long it is
     * @return the decoded mode
     * @throws FuseException EOPNOTSUPP, EINVAL or EFBIG
     */
    public static FallocateMode of(int mode, long offset, long length) {
        boolean keepSize = (mode & Fuse.FALLOC_FL_KEEP_SIZE) != 0;
        boolean punch = (mode & Fuse.FALLOC_FL_PUNCH_HOLE) != 0;
        boolean zero = (mode & Fuse.FALLOC_FL_ZERO_RANGE) != 0;
        if ((mode & ~SUPPORTED) != 0 || punch && (!keepSize || zero)) {
            throw new FuseException(Errno.EOPNOTSUPP);
        }
        if (offset < 0 || length <= 0) {
            throw new FuseException(Errno.EINVAL);
        }
        if (offset > Long.MAX_VALUE - length) {
            throw new FuseException(Errno.EFBIG);
        }
        return MODES[(keepSize ? 1 : 0) | (punch ? 2 : 0) | (zero ? 4 : 0)];
    }

    /**
     * Whether the range's current contents are dropped (PUNCH_HOLE or ZERO_RANGE): afterwards it reads as zeros.
     *
     * @return true when the range is zeroed
     */
    public boolean zeroes() {
        return punchHole || zeroRange;
    }

    /**
     * Whether the range ends up allocated (everything but PUNCH_HOLE): a driver with a capacity reserves it.
     *
     * @return true when the range is to be allocated
     */
    public boolean allocates() {
        return !punchHole;
    }

    /**
     * Whether the file grows to the range's end when it is shorter (everything without KEEP_SIZE).
     *
     * @return true when the size may grow
     */
    public boolean mayGrow() {
        return !keepSize;
    }
}
