package fuse.linux.libfuse;

/**
 * The kernel's {@code struct fuse_entry_out} ({@code <linux/fuse.h>}): a READDIRPLUS entry is one of these followed by
 * a {@link FuseDirent}. Offsets in bytes; checked by the ABI test. {@link #ATTR} holds a {@link FuseAttr}.
 */
public final class FuseEntryOut {
    private FuseEntryOut() {
    }

    /** Bytes of {@code struct fuse_entry_out}. */
    public static final int SIZEOF = 128;
    /** Offset of {@code uint64_t nodeid}. */
    public static final int NODEID = 0;
    /** Offset of {@code uint64_t generation}. */
    public static final int GENERATION = 8;
    /** Offset of {@code uint64_t entry_valid} (seconds). */
    public static final int ENTRY_VALID = 16;
    /** Offset of {@code uint64_t attr_valid} (seconds). */
    public static final int ATTR_VALID = 24;
    /** Offset of {@code uint32_t entry_valid_nsec}. */
    public static final int ENTRY_VALID_NSEC = 32;
    /** Offset of {@code uint32_t attr_valid_nsec}. */
    public static final int ATTR_VALID_NSEC = 36;
    /** Offset of {@code struct fuse_attr attr}. */
    public static final int ATTR = 40;
}
