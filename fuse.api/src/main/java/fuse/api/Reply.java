package fuse.api;

import java.nio.ByteBuffer;
import java.util.Collection;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The answer to one request. Every {@link Operations} method receives one of the nested types, each with the few
 * ways that operation may succeed, plus {@link #error(int)}.
 *
 * <p>Rules (the same for every type):
 * <ul>
 * <li>Answer exactly once. A second answer throws {@link IllegalStateException} and sends nothing.</li>
 * <li>Answer from any thread, during the call or after it returned (asynchronous drivers). Objects passed to the
 *     answer are copied before the answer method returns.</li>
 * <li>A method that throws before answering: {@link FuseException} is answered with its errno, anything else with
 *     {@link Errno#EIO} and one log line naming the operation and inode.</li>
 * <li>A request left unanswered for {@link Fuse#REPLY_TIMEOUT} seconds after its method returned is answered with
 *     EIO and logged.</li>
 * <li>An answer to a request the kernel has since interrupted, or of a session that has ended, is dropped
 *     silently.</li>
 * </ul>
 */
@ProviderType
public interface Reply {
    /**
     * Fails the request with a positive errno value from {@link Errno}.
     *
     * @throws IllegalArgumentException if {@code errno} is not positive
     */
    void error(int errno);

    /** Fails the request with the errno of the exception. */
    default void error(FuseException e) {
        error(e.errno());
    }

    /** Whether this request has been answered. */
    boolean isAnswered();

    /**
     * Runs {@code action} once when the kernel interrupts this request (the caller got a signal while waiting), or
     * at once if it already did. For a driver that answers later: cancel the backend call and answer
     * {@link Errno#EINTR} ({@code fuse.utils.Async} does both for the stages and bodies it runs). The action runs on
     * one of the runtime's threads and must not block; it is not run once the request is answered. Interruption is
     * a request, not an order: a driver may still answer normally. Implementations that cannot be interrupted (test
     * doubles) ignore the action.
     */
    default void onInterrupt(Runnable action) {
    }

    /** Success without data: unlink, rmdir, rename, flush, release, fsync, setxattr, access, setlk, flock, … */
    @ProviderType
    interface Empty extends Reply {
        /** Answers success. */
        void ok();
    }

    /** A name resolved to an inode: lookup, mknod, mkdir, symlink, link. Success adds one lookup. */
    @ProviderType
    interface Entry extends Reply {
        /**
         * Answers with the entry. {@link EntryAttributes#inode()} 0 in a lookup reply is a negative entry, cached for
         * its {@link EntryAttributes#entryTimeout()}, and adds no lookup.
         */
        void entry(EntryAttributes attributes);
    }

    /** Attributes of an inode: getattr, setattr. Only the stat fields and the attribute timeout are used. */
    @ProviderType
    interface Attr extends Reply {
        /** Answers with the attributes. */
        void attr(EntryAttributes attributes);
    }

    /** An opened file or directory: open, opendir. */
    @ProviderType
    interface Open extends Reply {
        /** Answers with the handle and caching mode. */
        void open(FileInfo info);
    }

    /** A created and opened file: create. Success adds one lookup. */
    @ProviderType
    interface Create extends Reply {
        /** Answers with the new entry and the open file. */
        void create(EntryAttributes attributes, FileInfo info);
    }

    /** Data read: read. */
    @ProviderType
    interface Data extends Reply {
        /**
         * Answers with {@code length} bytes of {@code data} from {@code offset}. Fewer bytes than requested mean end
         * of file (the kernel zero-fills a short read unless the file is open with direct I/O).
         */
        void data(byte[] data, int offset, int length);

        /** Answers with all of {@code data}. */
        default void data(byte[] data) {
            data(data, 0, data.length);
        }

        /** Answers with the remaining bytes of {@code data} (the position is not changed). */
        void data(ByteBuffer data);

        /**
         * Answers with {@code length} bytes of the open file descriptor {@code fd} at {@code offset}
         * ({@code fuse_reply_data} with a descriptor buffer): for drivers whose data already lies in a file, such
         * as a memory file or a passthrough's backing file. Where libfuse can splice the answer (its pipe holds it:
         * up to {@code fs.pipe-max-size} less a page, or any size with CAP_SYS_RESOURCE), the bytes move from the
         * file to the kernel with {@code splice(2)}, without a copy through this process; otherwise, and for answers
         * under two pages, the runtime reads them with {@code pread(2)} into the request's buffer. Fewer bytes than
         * {@code length} before the end of the descriptor's file mean end of file, as in
         * {@link #data(byte[], int, int)}. A failing read answers the request with its errno. The descriptor must
         * stay open, and the range unchanged, until this returns.
         *
         * @since 2.1
         */
        void data(int fd, long offset, int length);

        /**
         * A direct buffer of at least {@code capacity} bytes owned by this request, for drivers that fill the answer
         * in place (no intermediate array). Fill it, flip it, and pass it to {@link #data(ByteBuffer)}. Valid until
         * the request is answered. Returns the same buffer when called again.
         */
        ByteBuffer buffer(int capacity);
    }

    /** Bytes written or copied: write, copy_file_range. */
    @ProviderType
    interface Write extends Reply {
        /** Answers with the number of bytes written. */
        void written(long count);
    }

    /** File system statistics: statfs. */
    @ProviderType
    interface Statfs extends Reply {
        /** Answers with the statistics. */
        void statfs(StatvfsData data);
    }

    /**
     * Extended attribute data: getxattr, listxattr. The driver answers with the whole value (or list); the runtime
     * answers the caller's size probe and returns {@link Errno#ERANGE} when the caller's buffer is too small.
     */
    @ProviderType
    interface Xattr extends Reply {
        /** Answers getxattr with the attribute's value. */
        void value(byte[] value);

        /** Answers listxattr with the attribute names (without NUL terminators). */
        void names(Collection<byte[]> names);
    }

    /** The target of a symbolic link: readlink. */
    @ProviderType
    interface Readlink extends Reply {
        /** Answers with the target bytes (no NUL terminator). */
        void target(byte[] target);
    }

    /** A file offset: lseek. */
    @ProviderType
    interface Lseek extends Reply {
        /** Answers with the resulting offset. */
        void offset(long offset);
    }

    /** A lock query answer: getlk. */
    @ProviderType
    interface Lock extends Reply {
        /** Answers with the conflicting lock, or {@link FileLock#unlocked()} when there is none. */
        void lock(FileLock lock);
    }

    /** An ioctl's result: ioctl. */
    @ProviderType
    interface Ioctl extends Reply {
        /**
         * Answers with ioctl(2)'s return value and the data the caller gets back (at most the request's
         * {@code outSize} bytes).
         */
        void result(int result, byte[] out);

        /** Answers with a return value and no data. */
        default void result(int result) {
            result(result, new byte[0]);
        }
    }

    /** A poll's readiness: poll. */
    @ProviderType
    interface Poll extends Reply {
        /** Answers with the events ready now ({@link Fuse#POLLIN}, {@link Fuse#POLLOUT}, …; 0 for none). */
        void ready(int events);
    }

    /** A block mapping: bmap. */
    @ProviderType
    interface Bmap extends Reply {
        /** Answers with the device block that holds the file's block. */
        void block(long index);
    }

    /**
     * A directory listing in pages (pyfuse3's {@code ReaddirToken} with {@code readdir_reply}): add entries until
     * {@link #add} returns false or the directory ends, then call {@link #done()}.
     */
    @ProviderType
    interface Directory extends Reply {
        /**
         * Adds one entry to this page.
         *
         * @param name the entry name, 1 to 255 bytes without '/' or NUL ({@code "."} and {@code ".."} allowed)
         * @param attributes the entry's attributes; for plain readdir only {@link EntryAttributes#inode()} and the
         *        file type bits of {@link EntryAttributes#mode()} are used
         * @param nextOffset the offset the kernel passes back to continue after this entry; must be unique within
         *        the directory and stay valid while the directory changes
         * @return true when the entry was added (and, in a readdirplus page, counts as one lookup of its inode
         *         unless the name is {@code .} or {@code ..}); false when the page is full: the entry was not added,
         *         stop and call {@link #done()}
         * @throws IllegalStateException when the request has already been answered
         */
        boolean add(byte[] name, EntryAttributes attributes, long nextOffset);

        /** Whether this page is a READDIRPLUS page (entries carry attributes and take a lookup count each). */
        boolean isPlus();

        /** Sends the entries added so far; with none, the directory has no more entries after the offset. */
        void done();
    }
}
