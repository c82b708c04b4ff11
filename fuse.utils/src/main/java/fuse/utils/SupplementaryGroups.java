package fuse.utils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Supplementary group ids of processes, read from {@code /proc/<pid>/status} and cached per pid for a bounded time:
 * pyfuse3's {@code get_sup_groups} plus the {@code CachedSupGroups} pattern its documentation recommends.
 *
 * <p>Reading {@code /proc} costs a file open and parse; a driver that checks permissions itself (no
 * {@code default_permissions}) needs the groups on every {@code access}, {@code open}, {@code lookup}, ... so one
 * instance per mount with a short TTL is the intended use:
 * <pre>{@code
 * private final SupplementaryGroups groups = new SupplementaryGroups(Duration.ofSeconds(10));
 *
 * public void access(RequestContext ctx, long inode, int mask, Reply.Empty reply) {
 *     Permissions.answer(reply, node(inode).attributes(), ctx, mask, groups);
 * }
 * }</pre>
 *
 * <p><b>Staleness.</b> A cached set can be up to the TTL old: a process that changed its groups (setgroups(2)), or a
 * new process that reused a pid, is seen with the old set until the entry expires or {@link #invalidate(int)} is
 * called. Choose the TTL accordingly; {@link Duration#ZERO} disables caching.
 *
 * <p><b>Size.</b> At most {@value #MAX_ENTRIES} pids are kept: expired entries are dropped when that bound is reached,
 * and if all are still fresh the cache is emptied, so memory stays bounded however many processes use the mount.
 *
 * <p><b>Threads:</b> thread-safe. No lock is held while {@code /proc} is read; two threads asking for the same
 * uncached pid at once may both read it (harmless).
 */
public final class SupplementaryGroups {
    /** The real {@code /proc}. */
    static final Path PROC = Path.of("/proc");
    /** Default time a cached set stays valid. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** Most pids kept at once. */
    public static final int MAX_ENTRIES = 4096;

    private record Cached(Set<Integer> groups, long expiresAtNanos) {
    }

    private final Path procRoot;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<Integer, Cached> cache = new ConcurrentHashMap<>();

    /** A cache over {@code /proc} with the {@linkplain #DEFAULT_TTL default TTL}. */
    public SupplementaryGroups() {
        this(DEFAULT_TTL);
    }

    /**
     * A cache over {@code /proc}.
     *
     * @param ttl how long a read set stays valid; {@link Duration#ZERO} reads {@code /proc} on every call
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public SupplementaryGroups(Duration ttl) {
        this(PROC, ttl, System::nanoTime);
    }

    /**
     * A cache over any directory laid out like {@code /proc} (tests, containers with a separate proc mount), with its
     * own clock.
     *
     * @param procRoot the directory holding {@code <pid>/status}
     * @param ttl how long a read set stays valid; {@link Duration#ZERO} disables caching
     * @param nanoClock a monotonic clock in nanoseconds, normally {@code System::nanoTime}
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public SupplementaryGroups(Path procRoot, Duration ttl, LongSupplier nanoClock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
        this.ttlNanos = saturatedNanos(ttl);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** The configured time-to-live of an entry. */
    public Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }

    /**
     * The supplementary groups of {@code pid}, from the cache while fresh, else read and cached. Failures are not
     * cached.
     *
     * <p><b>Errors:</b> {@link java.nio.file.NoSuchFileException} when the process does not exist;
     * {@link IllegalStateException} naming the file when it has no parseable {@code Groups:} line; any other
     * {@link IOException} of reading it.
     *
     * <p><b>Threads:</b> thread-safe; blocks briefly when it reads {@code /proc}.
     *
     * @param pid a process or thread id
     * @return an unmodifiable set, empty when the process has no supplementary groups
     * @throws IOException when the status file cannot be read
     */
    public Set<Integer> get(int pid) throws IOException {
        long now = nanoClock.getAsLong();
        Cached cached = cache.get(pid);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.groups();
        }
        Set<Integer> groups = read(procRoot, pid);
        if (ttlNanos > 0) {
            if (cache.size() >= MAX_ENTRIES) {
                evict(now);
            }
            cache.put(pid, new Cached(groups, now + ttlNanos));
        }
        return groups;
    }

    /**
     * Like {@link #get(int)}, but an empty set when the groups cannot be read (the process is gone, the status file
     * is unreadable or malformed): the fallback of pyfuse3's {@code access()} example. Note that for a file whose
     * group bits grant less than its other bits (e.g. {@code 0604}), an unknown group membership can grant what the
     * kernel would deny; use {@link #get(int)} where that matters.
     *
     * <p><b>Threads:</b> thread-safe.
     *
     * @param pid a process or thread id
     * @return an unmodifiable set, possibly empty
     */
    public Set<Integer> getOrEmpty(int pid) {
        try {
            return get(pid);
        } catch (IOException | IllegalStateException unreadable) {
            return Set.of();
        }
    }

    /** Forgets the cached set of one pid (e.g. after the driver learned that the process changed its groups). */
    public void invalidate(int pid) {
        cache.remove(pid);
    }

    /** Forgets every cached set. */
    public void invalidateAll() {
        cache.clear();
    }

    private void evict(long now) {
        cache.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
    }

    /**
     * Reads and parses {@code <procRoot>/<pid>/status}.
     *
     * @throws java.nio.file.NoSuchFileException when the process does not exist
     * @throws IllegalStateException when there is no parseable {@code Groups:} line
     */
    static Set<Integer> read(Path procRoot, int pid) throws IOException {
        Path status = procRoot.resolve(Integer.toString(pid)).resolve("status");
        // ISO-8859-1 maps every byte: the Name: line holds the command name, which may be any bytes.
        List<String> lines = Files.readAllLines(status, StandardCharsets.ISO_8859_1);
        for (String line : lines) {
            if (line.startsWith("Groups:")) {
                return parseGroups(status, line.substring("Groups:".length()));
            }
        }
        throw new IllegalStateException("no Groups: line in " + status);
    }

    private static Set<Integer> parseGroups(Path status, String list) {
        String trimmed = list.strip();
        if (trimmed.isEmpty()) {
            return Set.of();
        }
        Set<Integer> groups = new HashSet<>();
        for (String token : trimmed.split("\\s+")) {
            try {
                // gids are unsigned 32-bit; the same int bits as EntryAttributes.gid() and RequestContext.gid()
                groups.add(Integer.parseUnsignedInt(token));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("cannot parse the Groups: line of " + status + ": '" + list.strip()
                        + "'", e);
            }
        }
        return Set.copyOf(groups);
    }
}
