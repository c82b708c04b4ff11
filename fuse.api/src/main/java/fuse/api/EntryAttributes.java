package fuse.api;

/**
 * The attributes of an inode, plus how long the kernel may cache them and the name that led to it: libfuse's
 * {@code struct fuse_entry_param}, pyfuse3's {@code EntryAttributes}.
 *
 * <p>Defaults are pyfuse3's: both timeouts 300 s, mode {@link Fuse#S_IFREG}, one link, block size 4096, everything
 * else 0. Timestamps are nanoseconds since the epoch (negative before 1970), so no precision is lost on the way to
 * the kernel's {@code timespec}.
 *
 * <p>Instances are mutable and not thread-safe. The runtime copies what it needs before the reply call returns, so a
 * driver may reuse an instance after replying (but not while another thread may still reply with it).
 * Setters return {@code this} so attributes can be built in one expression.
 */
public final class EntryAttributes implements Cloneable {
    /** Default entry and attribute timeout in seconds, as pyfuse3. */
    public static final double DEFAULT_TIMEOUT = 300;

    private long inode;
    private long generation;
    private double entryTimeout = DEFAULT_TIMEOUT;
    private double attrTimeout = DEFAULT_TIMEOUT;
    private int mode = Fuse.S_IFREG;
    private long nlink = 1;
    private int uid;
    private int gid;
    private long rdev;
    private long size;
    private long blocks;
    private int blksize = 4096;
    private long atimeNs;
    private long mtimeNs;
    private long ctimeNs;

    /** Creates attributes with pyfuse3's defaults. */
    public EntryAttributes() {
    }

    /**
     * Inode number ({@code st_ino} and the entry's {@code ino}). In a {@code lookup} reply, 0 means a negative entry:
     * the name does not exist and the kernel may cache that for {@link #entryTimeout()}.
     */
    public long inode() {
        return inode;
    }

    /** Sets {@link #inode()}. */
    public EntryAttributes inode(long value) {
        this.inode = value;
        return this;
    }

    /** Generation number; (inode, generation) must be unique over the file system's lifetime (NFS export). */
    public long generation() {
        return generation;
    }

    /** Sets {@link #generation()}. */
    public EntryAttributes generation(long value) {
        this.generation = value;
        return this;
    }

    /** Seconds the kernel may cache the name to inode mapping. Ignored by getattr and setattr replies. */
    public double entryTimeout() {
        return entryTimeout;
    }

    /** Sets {@link #entryTimeout()}. */
    public EntryAttributes entryTimeout(double seconds) {
        this.entryTimeout = seconds;
        return this;
    }

    /** Seconds the kernel may cache these attributes. */
    public double attrTimeout() {
        return attrTimeout;
    }

    /** Sets {@link #attrTimeout()}. */
    public EntryAttributes attrTimeout(double seconds) {
        this.attrTimeout = seconds;
        return this;
    }

    /** Sets both timeouts. */
    public EntryAttributes timeouts(double seconds) {
        this.entryTimeout = seconds;
        this.attrTimeout = seconds;
        return this;
    }

    /** File type and permission bits ({@code st_mode}), e.g. {@code Fuse.S_IFDIR | 0755}. */
    public int mode() {
        return mode;
    }

    /** Sets {@link #mode()}. */
    public EntryAttributes mode(int value) {
        this.mode = value;
        return this;
    }

    /** Number of hard links ({@code st_nlink}). */
    public long nlink() {
        return nlink;
    }

    /** Sets {@link #nlink()}. */
    public EntryAttributes nlink(long value) {
        this.nlink = value;
        return this;
    }

    /** Owner ({@code st_uid}). */
    public int uid() {
        return uid;
    }

    /** Sets {@link #uid()}. */
    public EntryAttributes uid(int value) {
        this.uid = value;
        return this;
    }

    /** Group ({@code st_gid}). */
    public int gid() {
        return gid;
    }

    /** Sets {@link #gid()}. */
    public EntryAttributes gid(int value) {
        this.gid = value;
        return this;
    }

    /** Device number of a device node ({@code st_rdev}). */
    public long rdev() {
        return rdev;
    }

    /** Sets {@link #rdev()}. */
    public EntryAttributes rdev(long value) {
        this.rdev = value;
        return this;
    }

    /** Size in bytes ({@code st_size}). */
    public long size() {
        return size;
    }

    /** Sets {@link #size()}. */
    public EntryAttributes size(long value) {
        this.size = value;
        return this;
    }

    /** Allocated 512-byte blocks ({@code st_blocks}). */
    public long blocks() {
        return blocks;
    }

    /** Sets {@link #blocks()}. */
    public EntryAttributes blocks(long value) {
        this.blocks = value;
        return this;
    }

    /** Preferred I/O size ({@code st_blksize}). */
    public int blksize() {
        return blksize;
    }

    /** Sets {@link #blksize()}. */
    public EntryAttributes blksize(int value) {
        this.blksize = value;
        return this;
    }

    /** Last access, nanoseconds since the epoch. */
    public long atimeNs() {
        return atimeNs;
    }

    /** Sets {@link #atimeNs()}. */
    public EntryAttributes atimeNs(long value) {
        this.atimeNs = value;
        return this;
    }

    /** Last modification of the contents, nanoseconds since the epoch. */
    public long mtimeNs() {
        return mtimeNs;
    }

    /** Sets {@link #mtimeNs()}. */
    public EntryAttributes mtimeNs(long value) {
        this.mtimeNs = value;
        return this;
    }

    /** Last change of the inode, nanoseconds since the epoch. */
    public long ctimeNs() {
        return ctimeNs;
    }

    /** Sets {@link #ctimeNs()}. */
    public EntryAttributes ctimeNs(long value) {
        this.ctimeNs = value;
        return this;
    }

    /** Sets all three timestamps to the same instant. */
    public EntryAttributes timesNs(long value) {
        this.atimeNs = value;
        this.mtimeNs = value;
        this.ctimeNs = value;
        return this;
    }

    /** Copies every field of {@code other} into this instance. */
    public EntryAttributes copyFrom(EntryAttributes other) {
        inode = other.inode;
        generation = other.generation;
        entryTimeout = other.entryTimeout;
        attrTimeout = other.attrTimeout;
        mode = other.mode;
        nlink = other.nlink;
        uid = other.uid;
        gid = other.gid;
        rdev = other.rdev;
        size = other.size;
        blocks = other.blocks;
        blksize = other.blksize;
        atimeNs = other.atimeNs;
        mtimeNs = other.mtimeNs;
        ctimeNs = other.ctimeNs;
        return this;
    }

    @Override
    public EntryAttributes clone() {
        return new EntryAttributes().copyFrom(this);
    }

    @Override
    public String toString() {
        return "EntryAttributes[ino=" + inode + ", mode=0" + Integer.toOctalString(mode) + ", nlink=" + nlink
                + ", uid=" + uid + ", gid=" + gid + ", size=" + size + ", mtimeNs=" + mtimeNs + "]";
    }
}
