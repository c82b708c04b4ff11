package fuse.api;

/**
 * File system statistics for {@code statfs} ({@code struct statvfs}, pyfuse3's {@code StatvfsData}).
 * All fields default to 0 as in pyfuse3, except {@link #namemax()} which defaults to 255.
 * Mutable, not thread-safe; the runtime copies it when the reply is sent.
 */
public final class StatvfsData {
    private long bsize;
    private long frsize;
    private long blocks;
    private long bfree;
    private long bavail;
    private long files;
    private long ffree;
    private long favail;
    private long namemax = Fuse.NAME_MAX;

    /** Creates zeroed statistics. */
    public StatvfsData() {
    }

    /** Preferred block size. */
    public long bsize() {
        return bsize;
    }

    /** Sets {@link #bsize()}. */
    public StatvfsData bsize(long v) {
        bsize = v;
        return this;
    }

    /** Fragment size: the unit of the block counts. */
    public long frsize() {
        return frsize;
    }

    /** Sets {@link #frsize()}. */
    public StatvfsData frsize(long v) {
        frsize = v;
        return this;
    }

    /** Size of the file system in {@link #frsize()} units. */
    public long blocks() {
        return blocks;
    }

    /** Sets {@link #blocks()}. */
    public StatvfsData blocks(long v) {
        blocks = v;
        return this;
    }

    /** Free blocks. */
    public long bfree() {
        return bfree;
    }

    /** Sets {@link #bfree()}. */
    public StatvfsData bfree(long v) {
        bfree = v;
        return this;
    }

    /** Free blocks for unprivileged users. */
    public long bavail() {
        return bavail;
    }

    /** Sets {@link #bavail()}. */
    public StatvfsData bavail(long v) {
        bavail = v;
        return this;
    }

    /** Number of inodes. */
    public long files() {
        return files;
    }

    /** Sets {@link #files()}. */
    public StatvfsData files(long v) {
        files = v;
        return this;
    }

    /** Free inodes. */
    public long ffree() {
        return ffree;
    }

    /** Sets {@link #ffree()}. */
    public StatvfsData ffree(long v) {
        ffree = v;
        return this;
    }

    /** Free inodes for unprivileged users. */
    public long favail() {
        return favail;
    }

    /** Sets {@link #favail()}. */
    public StatvfsData favail(long v) {
        favail = v;
        return this;
    }

    /** Longest file name in bytes. */
    public long namemax() {
        return namemax;
    }

    /** Sets {@link #namemax()}. */
    public StatvfsData namemax(long v) {
        namemax = v;
        return this;
    }

    @Override
    public String toString() {
        return "StatvfsData[bsize=" + bsize + ", frsize=" + frsize + ", blocks=" + blocks + ", bfree=" + bfree
                + ", bavail=" + bavail + ", files=" + files + ", ffree=" + ffree + ", favail=" + favail
                + ", namemax=" + namemax + "]";
    }
}
