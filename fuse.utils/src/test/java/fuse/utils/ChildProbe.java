package fuse.utils;

import java.nio.file.Path;

/**
 * Entry point of a child JVM the tests start as another user: runs one utility and prints {@code OK <detail>} or
 * {@code ERR <errno symbol>} on standard output.
 */
public final class ChildProbe {
    private ChildProbe() {
    }

    /**
     * Runs {@code args[0]} ({@code listdir} or {@code syncfs}) on the path {@code args[1]}.
     *
     * @param args the utility and the path
     */
    public static void main(String[] args) {
        Path path = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "listdir" -> System.out.println("OK " + FuseUtils.listdir(path).size());
                case "syncfs" -> System.out.println("OK " + FuseUtils.syncfs(path));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (ErrnoException e) {
            System.out.println("ERR " + e.errnoName() + " " + e.getMessage());
        }
    }
}
