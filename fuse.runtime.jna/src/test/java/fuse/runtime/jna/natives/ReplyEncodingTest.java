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
import fuse.linux.CStrings;
import fuse.linux.Stat;
import fuse.linux.libfuse.FuseEntryParam;
import fuse.linux.libfuse.FuseLowlevelOps;

/**
 * The runtime encodes directory entries itself; they must be byte for byte what libfuse's
 * {@code fuse_add_direntry} and {@code fuse_add_direntry_plus} make (the latter from a {@code fuse_entry_param}
 * written by {@link ReplyEncoding#putEntry}, which checks that encoding too).
 */
class ReplyEncodingTest {
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
    void everyCallbackOfTheOpsTableSitsWhereLibfuseLooksForIt() throws ReflectiveOperationException {
        LowlevelOps ops = new LowlevelOps();
        assertEquals(FuseLowlevelOps.SIZEOF, ops.size(), "sizeof(struct fuse_lowlevel_ops)");
        assertEquals(FuseLowlevelOps.SIZEOF, ops.table().size(), "the native table");
        List<String> fields = List.of(LowlevelOps.class.getAnnotation(com.sun.jna.Structure.FieldOrder.class).value());
        for (int i = 0; i < fields.size(); i++) {
            // table() writes the i-th callback at i pointers; FuseLowlevelOps names the C member's offset, upper-cased
            String field = fields.get(i);
            int expected = FuseLowlevelOps.class.getField(field.toUpperCase(java.util.Locale.ROOT)).getInt(null);
            assertEquals(expected, i * com.sun.jna.Native.POINTER_SIZE, field);
        }
    }

    @Test
    void directoryEntriesMatchLibfuse() {
        try (Memory expected = new Memory(SIZE); Memory actual = new Memory(SIZE); Memory stat = new Memory(
                Stat.SIZEOF)) {
            ByteBuffer view = actual.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder());
            ByteBuffer statView = stat.getByteBuffer(0, Stat.SIZEOF).order(ByteOrder.nativeOrder());
            for (EntryAttributes a : ATTRIBUTES) {
                for (String n : NAMES) {
                    byte[] name = n.getBytes(StandardCharsets.UTF_8);
                    expected.clear();
                    actual.setMemory(0, SIZE, (byte) 0x5a);
                    Stat.write(statView, 0, a);
                    long size = LibFuse.fuse_add_direntry(0, expected, SIZE, CStrings.terminated(name), stat,
                            99);
                    assertEquals(size, ReplyEncoding.direntSize(name.length), n);
                    ReplyEncoding.putDirent(view, 0, name, a.inode(), a.mode(), 99);
                    assertArrayEquals(expected.getByteArray(0, (int) size), actual.getByteArray(0, (int) size), n);
                }
            }
        }
    }

    @Test
    void directoryPlusEntriesMatchLibfuse() {
        try (Memory expected = new Memory(SIZE); Memory actual = new Memory(SIZE); Memory entry = new Memory(
                FuseEntryParam.SIZEOF)) {
            ByteBuffer view = actual.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder());
            ByteBuffer entryView = entry.getByteBuffer(0, FuseEntryParam.SIZEOF).order(ByteOrder.nativeOrder());
            for (EntryAttributes a : ATTRIBUTES) {
                for (String n : NAMES) {
                    byte[] name = n.getBytes(StandardCharsets.UTF_8);
                    expected.clear();
                    actual.setMemory(0, SIZE, (byte) 0x5a);
                    ReplyEncoding.putEntry(entryView, a);
                    long size = LibFuse.fuse_add_direntry_plus(0, expected, SIZE, CStrings.terminated(name),
                            entry, 1L << 40);
                    assertEquals(size, ReplyEncoding.direntPlusSize(name.length), n);
                    ReplyEncoding.putDirentPlus(view, 0, name, a, 1L << 40);
                    assertArrayEquals(expected.getByteArray(0, (int) size), actual.getByteArray(0, (int) size),
                            n + " " + a.inode());
                }
            }
        }
    }
}
