package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Reply;

/** readdirReply's own checks, against a page that holds a fixed number of entries. */
class ReaddirReplyTest {
    /** A directory page with room for {@code capacity} entries, answered by done() or error(). */
    static final class FakePage implements Reply.Directory {
        final int capacity;
        final List<String> names = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        boolean answered;

        FakePage(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean add(byte[] name, EntryAttributes attributes, long nextOffset) {
            if (answered) {
                throw new IllegalStateException("answered");
            }
            if (names.size() == capacity) {
                return false;
            }
            names.add(new String(name, StandardCharsets.UTF_8));
            offsets.add(nextOffset);
            return true;
        }

        @Override
        public boolean isPlus() {
            return true;
        }

        @Override
        public void done() {
            answered = true;
        }

        @Override
        public void error(int errno) {
            answered = true;
        }

        @Override
        public boolean isAnswered() {
            return answered;
        }
    }

    private static final EntryAttributes ATTRS = new EntryAttributes().inode(2);

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void delegatesAndReportsAFullPageAsFalse() {
        FakePage page = new FakePage(2);
        assertTrue(FuseUtils.readdirReply(page, name("."), ATTRS, 1));
        assertTrue(FuseUtils.readdirReply(page, name("a"), ATTRS, 2));
        assertFalse(FuseUtils.readdirReply(page, name("b"), ATTRS, 3));
        assertEquals(List.of(".", "a"), page.names);
        assertEquals(List.of(1L, 2L), page.offsets);
    }

    @Test
    void rejectsBadNames() {
        FakePage page = new FakePage(10);
        byte[] longest = new byte[255];
        Arrays.fill(longest, (byte) 'x');
        assertTrue(FuseUtils.readdirReply(page, longest, ATTRS, 1));
        assertTrue(FuseUtils.readdirReply(page, new byte[] {(byte) 0xff, (byte) 0xfe}, ATTRS, 2),
                "any bytes but '/' and NUL are a valid name");

        byte[] tooLong = new byte[256];
        Arrays.fill(tooLong, (byte) 'x');
        for (byte[] bad : List.of(new byte[0], tooLong, name("a/b"), new byte[] {'a', 0, 'b'})) {
            assertThrows(IllegalArgumentException.class, () -> FuseUtils.readdirReply(page, bad, ATTRS, 3));
        }
        assertEquals(2, page.names.size());
    }

    @Test
    void rejectsANextIdThatIsNotPositive() {
        FakePage page = new FakePage(10);
        assertThrows(IllegalArgumentException.class, () -> FuseUtils.readdirReply(page, name("a"), ATTRS, 0));
        assertThrows(IllegalArgumentException.class, () -> FuseUtils.readdirReply(page, name("a"), ATTRS, -5));
        assertThrows(NullPointerException.class, () -> FuseUtils.readdirReply(page, name("a"), null, 1));
    }

    @Test
    void aTokenUsedAfterItsReplyWasSentFailsClearly() {
        FakePage page = new FakePage(10);
        assertTrue(FuseUtils.readdirReply(page, name("a"), ATTRS, 1));
        page.done();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FuseUtils.readdirReply(page, name("b"), ATTRS, 2));
        assertTrue(e.getMessage().contains("readdir token used after its reply was sent"), e.getMessage());
        assertEquals(List.of("a"), page.names);
    }
}
