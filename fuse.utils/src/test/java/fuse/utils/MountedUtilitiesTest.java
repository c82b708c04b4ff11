package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;
import fuse.runtime.jna.FuseMount;
import fuse.testing.Cmd;

/**
 * The utilities on a FUSE mount served by this same JVM: a flat directory of 10,000 files listed through
 * {@link FuseUtils#readdirReply}, plus extended attributes kept in memory.
 */
class MountedUtilitiesTest {
    private static final int FILES = 10_000;

    /** One readdir call as the driver saw it. */
    record Page(long offset, int added, boolean endedFull, long lastNextId) {
    }

    /** A read-only directory of {@link #FILES} empty files named {@code entry-00000} ... with in-memory xattrs. */
    static final class ManyEntries implements Operations {
        final List<Page> pages = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<Long, Map<String, byte[]>> xattrs = new ConcurrentHashMap<>();
        volatile Reply.Directory lastToken;

        static String name(long inode) {
            return String.format("entry-%05d", inode - 2);
        }

        static EntryAttributes attributes(long inode) {
            return inode == Fuse.ROOT_INODE
                    ? new EntryAttributes().inode(inode).mode(Fuse.S_IFDIR | 0755).nlink(2)
                    : new EntryAttributes().inode(inode).mode(Fuse.S_IFREG | 0644);
        }

        @Override
        public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
            String text = new String(name, StandardCharsets.UTF_8);
            if (parent == Fuse.ROOT_INODE && text.matches("entry-\\d{5}")) {
                long inode = Long.parseLong(text.substring(6)) + 2;
                if (inode - 2 < FILES) {
                    reply.entry(attributes(inode));
                    return;
                }
            }
            reply.error(Errno.ENOENT);
        }

        @Override
        public void getattr(RequestContext ctx, long inode, OptionalLong fh, Reply.Attr reply) {
            if (inode == Fuse.ROOT_INODE || inode >= 2 && inode - 2 < FILES) {
                reply.attr(attributes(inode));
            } else {
                reply.error(Errno.ENOENT);
            }
        }

        @Override
        public void readdir(RequestContext ctx, long inode, long fh, long offset, Reply.Directory reply) {
            lastToken = reply;
            // position 0 is ".", 1 is "..", 2 + i is file i; nextId is always position + 1
            int added = 0;
            boolean full = false;
            long lastNextId = offset;
            for (long position = offset; position < FILES + 2; position++) {
                byte[] name = position == 0 ? new byte[] {'.'} : position == 1 ? new byte[] {'.', '.'}
                        : name(position).getBytes(StandardCharsets.UTF_8);
                long entryInode = position < 2 ? Fuse.ROOT_INODE : position;
                if (!FuseUtils.readdirReply(reply, name, attributes(entryInode), position + 1)) {
                    full = true;
                    break;
                }
                added++;
                lastNextId = position + 1;
            }
            pages.add(new Page(offset, added, full, lastNextId));
            reply.done();
        }

        @Override
        public void setxattr(RequestContext ctx, long inode, byte[] name, byte[] value, int flags,
                Reply.Empty reply) {
            Map<String, byte[]> map = xattrs.computeIfAbsent(inode, i -> new ConcurrentHashMap<>());
            String key = HexFormat.of().formatHex(name);
            if ((flags & Fuse.XATTR_CREATE) != 0 && map.containsKey(key)) {
                reply.error(Errno.EEXIST);
            } else if ((flags & Fuse.XATTR_REPLACE) != 0 && !map.containsKey(key)) {
                reply.error(Errno.ENODATA);
            } else {
                map.put(key, value.clone());
                reply.ok();
            }
        }

        @Override
        public void getxattr(RequestContext ctx, long inode, byte[] name, Reply.Xattr reply) {
            byte[] value = xattrs.getOrDefault(inode, Map.of()).get(HexFormat.of().formatHex(name));
            if (value == null) {
                reply.error(Errno.ENODATA);
            } else {
                reply.value(value);
            }
        }

        @Override
        public void listxattr(RequestContext ctx, long inode, Reply.Xattr reply) {
            reply.names(xattrs.getOrDefault(inode, Map.of()).keySet().stream().map(HexFormat.of()::parseHex)
                    .toList());
        }

        @Override
        public void removexattr(RequestContext ctx, long inode, byte[] name, Reply.Empty reply) {
            if (xattrs.getOrDefault(inode, Map.of()).remove(HexFormat.of().formatHex(name)) == null) {
                reply.error(Errno.ENODATA);
            } else {
                reply.ok();
            }
        }
    }

    @TempDir
    static Path base;
    private static Path mountpoint;
    private static ManyEntries fs;
    private static FuseMount mount;

    @BeforeAll
    static void mount() throws Exception {
        mountpoint = Files.createDirectory(base.resolve("mnt"));
        fs = new ManyEntries();
        mount = FuseMount.mount(fs, mountpoint, Map.of(Fuse.FSNAME, "fuse-utils-test"));
    }

    @AfterAll
    static void unmount() {
        if (mount != null) {
            mount.close();
        }
    }

    private static Set<String> expectedNames() {
        Set<String> names = new HashSet<>();
        for (long inode = 2; inode < FILES + 2; inode++) {
            names.add(ManyEntries.name(inode));
        }
        return names;
    }

    /** Every page but the last ended because add returned false, and the next page resumed at the refused entry. */
    private static void assertPagesContiguous(List<Page> pages) {
        assertTrue(pages.size() > 2, "10,000 entries need several pages: " + pages);
        assertEquals(0, pages.get(0).offset());
        long total = 0;
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            total += page.added();
            if (i + 1 < pages.size()) {
                assertTrue(page.endedFull() || page.lastNextId() == FILES + 2, "page " + i + ": " + page);
                assertEquals(page.lastNextId(), pages.get(i + 1).offset(), "page " + (i + 1) + " resumes");
            }
        }
        assertEquals(FILES + 2, total, "every entry was added exactly once");
    }

    @Test
    void lsListsEveryEntryOnceThroughReaddirReply() throws Exception {
        fs.pages.clear();
        String output = Cmd.of("ls", "-f", mountpoint.toString()).ok();
        List<String> lines = output.lines().toList();
        assertEquals(FILES + 2, lines.size());
        Set<String> unique = new HashSet<>(lines);
        assertEquals(lines.size(), unique.size(), "no name twice");
        Set<String> expected = expectedNames();
        expected.add(".");
        expected.add("..");
        assertEquals(expected, unique);
        assertPagesContiguous(List.copyOf(fs.pages));
    }

    @Test
    void filesListAndListdirAgreeOnTheMount() throws Exception {
        fs.pages.clear();
        List<String> viaJdk;
        try (Stream<Path> entries = Files.list(mountpoint)) {
            viaJdk = entries.map(p -> p.getFileName().toString()).toList();
        }
        assertEquals(FILES, viaJdk.size());
        assertEquals(expectedNames(), Set.copyOf(viaJdk));
        assertPagesContiguous(List.copyOf(fs.pages));

        fs.pages.clear();
        List<String> viaUtils = FuseUtils.listdir(mountpoint);
        assertEquals(FILES, viaUtils.size());
        assertEquals(viaJdk.stream().sorted().toList(), viaUtils.stream().sorted().toList());
        assertPagesContiguous(List.copyOf(fs.pages));
        assertEquals(FILES, FuseUtils.listdirBytes(mountpoint).size());
    }

    @Test
    void listdirOfAFileInTheMountIsEnotdir() {
        Path file = mountpoint.resolve("entry-00001");
        assertEquals(Errno.ENOTDIR, assertThrows(ErrnoException.class, () -> FuseUtils.listdir(file)).errno());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> FuseUtils.listdir(mountpoint.resolve("missing"))).errno());
    }

    @Test
    void syncfsOnTheMountReturnsItsPathWithoutDeadlock() throws Exception {
        assertSame(mountpoint, FuseUtils.syncfs(mountpoint));
        Path file = mountpoint.resolve("entry-00042");
        assertSame(file, FuseUtils.syncfs(file));
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> FuseUtils.syncfs(mountpoint.resolve("missing"))).errno());
    }

    @Test
    void tokenUsedAfterItsReaddirReturnedFailsClearly() throws Exception {
        FuseUtils.listdir(mountpoint);
        Reply.Directory stale = fs.lastToken;
        assertNotNull(stale);
        EntryAttributes attributes = ManyEntries.attributes(2);
        IllegalStateException viaUtils = assertThrows(IllegalStateException.class,
                () -> FuseUtils.readdirReply(stale, "late".getBytes(StandardCharsets.UTF_8), attributes, 5));
        assertTrue(viaUtils.getMessage().contains("readdir token used after its reply was sent"),
                viaUtils.getMessage());
        // and the runtime's own token refuses it too (the race-free backstop readdirReply relies on)
        assertThrows(IllegalStateException.class,
                () -> stale.add("late".getBytes(StandardCharsets.UTF_8), attributes, 5));
    }

    @Test
    void xattrHelpersWorkThroughTheMount() throws Exception {
        Path file = mountpoint.resolve("entry-00007");
        byte[] name = "user.note".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3, 0, (byte) 0xff};
        FuseUtils.setxattr(file, name, value);
        assertArrayEquals(value, FuseUtils.getxattr(file, name));
        assertEquals(Set.of("user.note"), FuseUtils.listxattr(file).stream()
                .map(n -> new String(n, StandardCharsets.UTF_8)).collect(Collectors.toSet()));
        assertEquals(Errno.ENODATA, assertThrows(ErrnoException.class,
                () -> FuseUtils.getxattr(file, "user.other".getBytes(StandardCharsets.UTF_8))).errno());
        assertEquals(Errno.EEXIST, assertThrows(ErrnoException.class,
                () -> FuseUtils.setxattr(file, name, value, Fuse.XATTR_CREATE)).errno());
        FuseUtils.removexattr(file, name);
        assertEquals(List.of(), FuseUtils.listxattr(file));
        assertEquals(Errno.ENODATA, assertThrows(ErrnoException.class,
                () -> FuseUtils.removexattr(file, name)).errno());
    }
}
