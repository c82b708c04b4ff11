package fuse.runtime.jna;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

import fuse.api.Operations;

/**
 * Which {@link Operations} methods a driver class implements itself. The runtime registers only those with libfuse,
 * so libfuse's and the kernel's defaults apply to the rest (e.g. a driver without {@code open} gets "success" from
 * libfuse instead of an ENOSYS round trip).
 */
record Overrides(Set<String> names) {
    static Overrides of(Class<?> driverClass) {
        Set<String> names = new TreeSet<>();
        for (Method m : Operations.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method impl = driverClass.getMethod(m.getName(), m.getParameterTypes());
                if (impl.getDeclaringClass() != Operations.class) {
                    names.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                // cannot happen for a class implementing Operations
            }
        }
        return new Overrides(Set.copyOf(names));
    }

    boolean has(String name) {
        return names.contains(name);
    }
}
