package fuse.api;

/**
 * What a driver answers to {@code open}, {@code opendir} and {@code create}: the file handle and the caching mode of
 * this open file (libfuse's {@code struct fuse_file_info} as a reply, pyfuse3's {@code FileInfo}).
 *
 * <p>Defaults are pyfuse3's: handle 0, {@code keepCache} true, everything else false. Mutable, not thread-safe;
 * the runtime copies it when the reply is sent.
 */
public final class FileInfo {
    private long fh;
    private boolean directIo;
    private boolean keepCache = true;
    private boolean nonseekable;
    private boolean cacheReaddir;
    private boolean noflush;

    /** Creates a file info with pyfuse3's defaults. */
    public FileInfo() {
    }

    /** Creates a file info with the given handle and pyfuse3's defaults. */
    public FileInfo(long fh) {
        this.fh = fh;
    }

    /** The handle the kernel passes back to read, write, release etc. of this open file. Any 64-bit value. */
    public long fh() {
        return fh;
    }

    /** Sets {@link #fh()}. */
    public FileInfo fh(long value) {
        this.fh = value;
        return this;
    }

    /** Bypass the page cache for this open file ({@code FOPEN_DIRECT_IO}); short reads then reach the caller. */
    public boolean directIo() {
        return directIo;
    }

    /** Sets {@link #directIo()}. */
    public FileInfo directIo(boolean value) {
        this.directIo = value;
        return this;
    }

    /** Keep the page cache of the inode when this file is opened ({@code FOPEN_KEEP_CACHE}). */
    public boolean keepCache() {
        return keepCache;
    }

    /** Sets {@link #keepCache()}. */
    public FileInfo keepCache(boolean value) {
        this.keepCache = value;
        return this;
    }

    /** The file is not seekable ({@code FOPEN_NONSEEKABLE}). */
    public boolean nonseekable() {
        return nonseekable;
    }

    /** Sets {@link #nonseekable()}. */
    public FileInfo nonseekable(boolean value) {
        this.nonseekable = value;
        return this;
    }

    /** For {@code opendir}: let the kernel cache the directory listing ({@code FOPEN_CACHE_DIR}). */
    public boolean cacheReaddir() {
        return cacheReaddir;
    }

    /** Sets {@link #cacheReaddir()}. */
    public FileInfo cacheReaddir(boolean value) {
        this.cacheReaddir = value;
        return this;
    }

    /** Do not send {@code flush} for this file on close ({@code FOPEN_NOFLUSH}). */
    public boolean noflush() {
        return noflush;
    }

    /** Sets {@link #noflush()}. */
    public FileInfo noflush(boolean value) {
        this.noflush = value;
        return this;
    }

    @Override
    public String toString() {
        return "FileInfo[fh=" + fh + ", directIo=" + directIo + ", keepCache=" + keepCache + ", nonseekable="
                + nonseekable + ", cacheReaddir=" + cacheReaddir + ", noflush=" + noflush + "]";
    }
}
