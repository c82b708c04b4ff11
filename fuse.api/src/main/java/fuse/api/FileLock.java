package fuse.api;

/**
 * A POSIX record lock, as {@code struct flock} describes it ({@code getlk} / {@code setlk}).
 *
 * @param type {@link Fuse#F_RDLCK}, {@link Fuse#F_WRLCK} or {@link Fuse#F_UNLCK}
 * @param start first byte of the range
 * @param end last byte of the range, inclusive; {@link Long#MAX_VALUE} (OFFSET_MAX) means "to the end of the file"
 * @param pid the process holding (or asking for) the lock; 0 when unknown
 */
public record FileLock(int type, long start, long end, int pid) {
    /** A lock reply that says "no conflicting lock". */
    public static FileLock unlocked() {
        return new FileLock(Fuse.F_UNLCK, 0, 0, 0);
    }

    /** Returns whether this lock's range overlaps {@code other}'s. */
    public boolean overlaps(FileLock other) {
        return start <= other.end && other.start <= end;
    }
}
