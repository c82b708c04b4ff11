package fuse.utils.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fuse.api.RequestContext;

class CallerTest {
    @Test
    void rootIsUidZeroWhateverItsGroup() {
        assertTrue(Caller.isRoot(Requests.root()));
        assertTrue(Caller.isRoot(Requests.user(0, 100)));
        assertFalse(Caller.isRoot(Requests.user(1000, 0)));
    }

    @Test
    void theGidMakesAMemberWithoutReadingTheSupplementaryGroups() {
        Requests.From caller = Requests.caller(1000, 100, 200);
        assertTrue(Caller.inGroup(caller.ctx(), 100));
        assertEquals(0, caller.groupReads().get(), "the groups may cost a /proc read: not asked when the gid matches");
    }

    @Test
    void aSupplementaryGroupMakesAMemberTooOthersDoNot() {
        RequestContext caller = Requests.user(1000, 100, 200, 300);
        assertTrue(Caller.inGroup(caller, 300));
        assertFalse(Caller.inGroup(caller, 400));
        assertFalse(Caller.inGroup(Requests.user(1000, 100), 0), "root's group is not root's privilege");
    }
}
