package fuse.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import fuse.api.Errno;
import fuse.api.Fuse;
import fuse.testing.Cmd;
import fuse.testing.Tmpfs;

/** The xattr helpers on tmpfs, checked against getfattr/setfattr where an independent view matters. */
class XattrTest {
    private static Tmpfs tmpfs;

    @BeforeAll
    static void mount() throws Exception {
        tmpfs = Tmpfs.mountTemp("fuse-utils-xattr", "4m");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> names(List<byte[]> names) {
        return names.stream().map(n -> new String(n, StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    private static Path newFile(TestInfo test) throws Exception {
        return Files.createFile(tmpfs.dir().resolve(test.getTestMethod().orElseThrow().getName()));
    }

    @Test
    void setGetListRemoveRoundTrip(TestInfo test) throws Exception {
        Path file = newFile(test);
        byte[] binary = {0, 1, 2, (byte) 0xff, 0, 'x'};
        FuseUtils.setxattr(file, bytes("user.binary"), binary);
        FuseUtils.setxattr(file, bytes("user.empty"), new byte[0]);
        FuseUtils.setxattr(file, bytes("trusted.root-only"), bytes("t"));

        assertArrayEquals(binary, FuseUtils.getxattr(file, bytes("user.binary")));
        assertArrayEquals(new byte[0], FuseUtils.getxattr(file, bytes("user.empty")));
        assertEquals(Set.of("user.binary", "user.empty", "trusted.root-only"), names(FuseUtils.listxattr(file)));

        // an independent view of the same attribute
        String dump = Cmd.of("getfattr", "--absolute-names", "-e", "hex", "-n", "user.binary", file.toString()).ok();
        assertTrue(dump.contains("user.binary=0x000102ff0078"), dump);

        FuseUtils.removexattr(file, bytes("user.binary"));
        assertEquals(Set.of("user.empty", "trusted.root-only"), names(FuseUtils.listxattr(file)));
    }

    @Test
    void readsWhatSetfattrWroteIncludingLargeValues(TestInfo test) throws Exception {
        Path file = newFile(test);
        String large = "v".repeat(3000);
        Cmd.of("setfattr", "-n", "user.large", "-v", large, file.toString()).ok();
        assertArrayEquals(bytes(large), FuseUtils.getxattr(file, bytes("user.large")));
    }

    @Test
    void missingAttributeIsEnodata(TestInfo test) throws Exception {
        Path file = newFile(test);
        ErrnoException get = assertThrows(ErrnoException.class,
                () -> FuseUtils.getxattr(file, bytes("user.missing")));
        assertEquals(Errno.ENODATA, get.errno());
        assertEquals(Errno.ENOATTR, get.errno());
        assertTrue(get.getMessage().contains("ENODATA") && get.getMessage().contains("user.missing")
                && get.getMessage().contains(file.toString()), get.getMessage());

        assertEquals(Errno.ENODATA, assertThrows(ErrnoException.class,
                () -> FuseUtils.removexattr(file, bytes("user.missing"))).errno());
        assertEquals(Errno.ENODATA, assertThrows(ErrnoException.class,
                () -> FuseUtils.setxattr(file, bytes("user.missing"), bytes("v"), Fuse.XATTR_REPLACE)).errno());
    }

    @Test
    void createFlagRefusesAnExistingAttribute(TestInfo test) throws Exception {
        Path file = newFile(test);
        FuseUtils.setxattr(file, bytes("user.once"), bytes("1"), Fuse.XATTR_CREATE);
        assertEquals(Errno.EEXIST, assertThrows(ErrnoException.class,
                () -> FuseUtils.setxattr(file, bytes("user.once"), bytes("2"), Fuse.XATTR_CREATE)).errno());
        FuseUtils.setxattr(file, bytes("user.once"), bytes("3"), Fuse.XATTR_REPLACE);
        assertArrayEquals(bytes("3"), FuseUtils.getxattr(file, bytes("user.once")));
    }

    @Test
    void noFollowActsOnTheLinkItself(TestInfo test) throws Exception {
        Path target = newFile(test);
        Path link = Files.createSymbolicLink(tmpfs.dir().resolve("link-" + target.getFileName()), target);
        FuseUtils.setxattr(link, bytes("trusted.on-link"), bytes("l"), LinkOption.NOFOLLOW_LINKS);
        FuseUtils.setxattr(link, bytes("trusted.on-target"), bytes("t"));

        assertEquals(Set.of("trusted.on-link"), names(FuseUtils.listxattr(link, LinkOption.NOFOLLOW_LINKS)));
        assertEquals(Set.of("trusted.on-target"), names(FuseUtils.listxattr(target)));
        assertArrayEquals(bytes("l"), FuseUtils.getxattr(link, bytes("trusted.on-link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(Errno.ENODATA, assertThrows(ErrnoException.class,
                () -> FuseUtils.getxattr(link, bytes("trusted.on-link"))).errno());
        FuseUtils.removexattr(link, bytes("trusted.on-link"), LinkOption.NOFOLLOW_LINKS);
        assertEquals(List.of(), FuseUtils.listxattr(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void missingFileIsEnoentAndNulInANameIsRejected(TestInfo test) throws Exception {
        Path missing = tmpfs.dir().resolve("missing");
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> FuseUtils.getxattr(missing, bytes("user.x"))).errno());
        assertEquals(Errno.ENOENT, assertThrows(ErrnoException.class,
                () -> FuseUtils.listxattr(missing)).errno());
        Path file = newFile(test);
        assertThrows(IllegalArgumentException.class,
                () -> FuseUtils.setxattr(file, new byte[] {'u', 0, 'x'}, bytes("v")));
    }
}
