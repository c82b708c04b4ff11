package fuse.runtime.jna.natives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.jna.Memory;

import fuse.api.EntryAttributes;
import fuse.api.Fuse;

/**
 * The runtime encodes directory entries itself; they must be byte for byte what libfuse's
 * {@code fuse_add_direntry} and {@code fuse_add_direntry_plus} make (the latter from a {@code fuse_entry_param}
 * written by {@link NativeLayout#putEntry}, which checks that encoding too).
 */
class NativeLayoutTest {
    private static final int SIZE = 4096;

    @BeforeAll
    static void load() {
        LibFuse.load();
    }

    private static final List<EntryAttributes> ATTRIBUTES = List.of(
            new EntryAttributes().inode(2).mode(Fuse.S_IFREG | 0644).nlink(1).size(12345).blocks(24).uid(1000)
                    .gid(100).atimeNs(1_700_000_000_123_456_789L).mtimeNs(5).ctimeNs(-1_500_000_001L)
                    .timeouts(300),
            new EntryAttributes().inode(Long.MAX_VALUE).generation(7).mode(Fuse.S_IFDIR | 01777).nlink(3)
                    .rdev(0x1234_5678_9aL).blksize(65536).timeouts(0),
            new EntryAttributes().inode(42).mode(Fuse.S_IFLNK | 0777).entryTimeout(1.5).attrTimeout(0.999_999_9999),
            new EntryAttributes().inode(43).mode(Fuse.S_IFCHR | 0600).entryTimeout(1e30).attrTimeout(-2));

    private static final List<String> NAMES = List.of("a", "ab", "seven77", "eight888", "nine99999", "f12345",
            "x".repeat(255), "ünïcödé");

    @Test
    void directoryEntriesMatchLibfuse() {
        try (Memory expected = new Memory(SIZE); Memory actual = new Memory(SIZE); Memory stat = new Memory(
                NativeLayout.STAT_SIZE)) {
            ByteBuffer view = actual.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder());
            ByteBuffer statView = stat.getByteBuffer(0, NativeLayout.STAT_SIZE).order(ByteOrder.nativeOrder());
            for (EntryAttributes a : ATTRIBUTES) {
                for (String n : NAMES) {
                    byte[] name = n.getBytes(StandardCharsets.UTF_8);
                    expected.clear();
                    actual.setMemory(0, SIZE, (byte) 0x5a);
                    NativeLayout.putStat(statView, 0, a);
                    long size = LibFuse.fuse_add_direntry(0, expected, SIZE, NativeLayout.withNul(name), stat,
                            99);
                    assertEquals(size, NativeLayout.direntSize(name.length), n);
                    NativeLayout.putDirent(view, 0, name, a.inode(), a.mode(), 99);
                    assertArrayEquals(expected.getByteArray(0, (int) size), actual.getByteArray(0, (int) size), n);
                }
            }
        }
    }

    @Test
    void directoryPlusEntriesMatchLibfuse() {
        try (Memory expected = new Memory(SIZE); Memory actual = new Memory(SIZE); Memory entry = new Memory(
                NativeLayout.ENTRY_SIZE)) {
            ByteBuffer view = actual.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder());
            ByteBuffer entryView = entry.getByteBuffer(0, NativeLayout.ENTRY_SIZE).order(ByteOrder.nativeOrder());
            for (EntryAttributes a : ATTRIBUTES) {
                for (String n : NAMES) {
                    byte[] name = n.getBytes(StandardCharsets.UTF_8);
                    expected.clear();
                    actual.setMemory(0, SIZE, (byte) 0x5a);
                    NativeLayout.putEntry(entryView, a);
                    long size = LibFuse.fuse_add_direntry_plus(0, expected, SIZE, NativeLayout.withNul(name),
                            entry, 1L << 40);
                    assertEquals(size, NativeLayout.direntPlusSize(name.length), n);
                    NativeLayout.putDirentPlus(view, 0, name, a, 1L << 40);
                    assertArrayEquals(expected.getByteArray(0, (int) size), actual.getByteArray(0, (int) size),
                            n + " " + a.inode());
                }
            }
        }
    }
}
