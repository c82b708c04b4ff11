package fuse.utils;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;

/**
 * Conversion between Java strings and the byte strings the kernel uses for paths and names.
 *
 * <p>The charset is the one the JDK itself uses for file names on this platform ({@code sun.jnu.encoding}, falling
 * back to {@code native.encoding}), so a path names the same file here as in {@link java.nio.file.Files}.
 * Both directions are strict: unmappable input is reported, never replaced.
 */
final class NativeNames {
    /** The JDK's file name charset. */
    static final Charset CHARSET = fileNameCharset();

    private NativeNames() {
    }

    private static Charset fileNameCharset() {
        for (String property : new String[] {"sun.jnu.encoding", "native.encoding"}) {
            String name = System.getProperty(property);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unsupported) {
                    // try the next property
                }
            }
        }
        return Charset.defaultCharset();
    }

    /**
     * The NUL-terminated bytes of a path of the default file system.
     *
     * @throws ProviderMismatchException if the path belongs to another file system (zip, in-memory, ...)
     * @throws InvalidPathException if the path cannot be encoded in the file name charset
     */
    static byte[] path(Path path) {
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new ProviderMismatchException("not a path of the default file system: " + path);
        }
        // the empty path is the working directory for the JDK; the kernel rejects "" with ENOENT
        String text = path.toString().isEmpty() ? "." : path.toString();
        try {
            ByteBuffer encoded = CHARSET.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining() + 1];
            encoded.get(bytes, 0, bytes.length - 1);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(text, "not representable in " + CHARSET);
        }
    }

    /**
     * Decodes a name strictly.
     *
     * @throws CharacterCodingException when the bytes are not valid in {@link #CHARSET}
     */
    static String decode(byte[] name) throws CharacterCodingException {
        return CHARSET.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(name))
                .toString();
    }
}
