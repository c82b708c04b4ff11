package fuse.runtime.jna.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reason fuse:mounts gives for a driver whose component SCR could not activate, from SCR's stack trace. */
class ActivationFailureTest {
    @Test
    void theDriversOwnMessageIsFoundUnderTheReflectionWrapper() {
        String trace = """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.DirectConstructorHandleAccessor.newInstance(X.java:74)
                Caused by: java.lang.IllegalArgumentException: capacity must be a size like 512m or 1g, was abc
                \tat fuse.utils.settings.Setting.size(Setting.java:70)
                \t... 21 more
                Caused by: java.lang.NumberFormatException: For input string: "abc"
                \tat java.base/java.lang.Long.parseLong(Long.java:594)
                """;
        assertEquals("capacity must be a size like 512m or 1g, was abc", MountManager.causeMessage(trace));
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsClass() {
        assertEquals("java.lang.NullPointerException",
                MountManager.causeMessage("java.lang.NullPointerException\n\tat a.B.c(B.java:1)\n"));
    }

    @Test
    void aMessageOnTheFirstLineIsUsedAsItIs() {
        assertEquals("source /nope does not exist",
                MountManager.causeMessage(
                        "java.lang.IllegalStateException: source /nope does not exist\n\tat a.B(B.java:1)"));
    }
}
