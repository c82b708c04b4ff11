package fuse.testing;

import static fuse.testing.Calls.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.EntryAttributes;
import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.api.FuseException;
import fuse.api.Operations;
import fuse.api.Reply;
import fuse.api.RequestContext;

/** A driver called directly: what counts as its answer, and the mistakes a test must not let through. */
class CallsTest {
    /** Answers lookups of "file" with inode 2, "gone" with ENOENT thrown; the rest as the name says. */
    private static final Operations DRIVER = new Operations() {
        @Override
        public void lookup(RequestContext ctx, long parent, byte[] name, Reply.Entry reply) {
            switch (new String(name)) {
                case "file" -> reply.entry(new EntryAttributes().inode(2).mode(Fuse.S_IFREG | 0644).uid(ctx.uid()));
                case "gone" -> throw new FuseException(Errno.ENOENT);
                case "twice" -> {
                    reply.entry(new EntryAttributes().inode(2));
                    reply.entry(new EntryAttributes().inode(3));
                }
                case "answered-then-threw" -> {
                    reply.error(Errno.EIO);
                    throw new FuseException(Errno.EACCES);
                }
                default -> {
                    // no answer at all
                }
            }
        }
    };

    private final Calls c = new Calls(DRIVER, Ctx.user(1000, 100));

    @Test
    void anEntryComesBackAndAnErrnoThrownOrRepliedIsTheError() {
        EntryAttributes file = c.lookup(Fuse.ROOT_INODE, "file");
        assertEquals(2, file.inode());
        assertEquals(1000, file.uid(), "the driver saw the caller");
        assertEquals(Errno.ENOENT, c.errno(a -> DRIVER.lookup(c.ctx, Fuse.ROOT_INODE, b("gone"), a)));
        assertEquals(0, c.errno(a -> DRIVER.lookup(c.ctx, Fuse.ROOT_INODE, b("file"), a)), "0: it succeeded");
        assertEquals(Errno.ENOENT, assertThrows(FuseException.class, () -> c.lookup(Fuse.ROOT_INODE, "gone")).errno());
    }

    @Test
    void aSecondAnswerNoAnswerOrAThrowAfterAnsweringFailTheTest() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> c.lookup(Fuse.ROOT_INODE, "twice"));
        assertEquals("answered twice", twice.getMessage());
        AssertionError none = assertThrows(AssertionError.class, () -> c.lookup(Fuse.ROOT_INODE, "silent"));
        assertEquals("no answer", none.getMessage());
        AssertionError threw = assertThrows(AssertionError.class,
                () -> c.lookup(Fuse.ROOT_INODE, "answered-then-threw"));
        assertTrue(threw.getMessage().contains("threw after answering"), threw.getMessage());
    }

    @Test
    void theCallerIsWhoTheContextSays() {
        Ctx user = Ctx.user(1000, 100, 4, 27);
        assertEquals(1000, user.uid());
        assertEquals(100, user.gid());
        assertEquals(022, user.umask());
        assertEquals(java.util.List.of(4, 27), java.util.Arrays.stream(user.groups()).boxed().toList());
        assertEquals(0, Ctx.ROOT.uid());
        assertEquals(0, Ctx.ROOT.gid());
        assertEquals(0, Ctx.ROOT.groups().length);
        assertThrows(UnsupportedOperationException.class, user::session);
    }
}
