package fuse.utils.settings;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A component property type (the annotation type a Declarative Services component takes in its activate
 * constructor) filled from a map, as Declarative Services fills it, for use without a framework: tests, and
 * programs that embed a driver with {@code FuseMount}. So a driver's settings, their keys and their defaults are
 * declared once, in the annotation type, for both ways of running it.
 *
 * <p>What it supports is what driver settings use: elements returning {@code String} or {@code String[]}, named by
 * the rules of Declarative Services (112.8.2.1): {@code _} becomes {@code .}, {@code __} becomes {@code _},
 * {@code $_$} becomes {@code -}, {@code $$} becomes {@code $} and a single {@code $} is dropped, so
 * {@code root_mode()} is the key {@code root.mode} and {@code _database_password()} the private key
 * {@code .database.password}. A missing key gives the element's default, or null (an empty array) without one.
 * A {@code String} element given several values takes the first, a {@code String[]} element given one value
 * holds it alone; other values are turned into text with {@code toString()}.
 *
 * <p>Why only text: Felix SCR 2.2.14 converts a value it cannot read as a number ({@code capacity=abc} for a
 * {@code long} element) into a {@code ComponentException} whose message names the value but not the key, does not
 * trim ({@code " 12"} fails), narrows silently ({@code 5000000000} read as {@code int} is 705032704), and reads any
 * text other than {@code true} as {@code false}. Text elements parsed with {@link Setting} give every bad value a
 * message naming its key.
 *
 * <p>The instance is immutable and thread-safe; {@code equals} is identity, {@code toString} names the keys that
 * have a value but not the values (they may be passwords).
 */
public final class ComponentProperties {
    private ComponentProperties() {
    }

    /**
     * Makes an instance of {@code type} whose elements answer from {@code properties}.
     *
     * @param <A> the component property type
     * @param type an annotation type (or interface) whose elements return {@code String} or {@code String[]}
     * @param properties the configuration, e.g. {@code Map.of("capacity", "64m")}
     * @return the instance
     * @throws IllegalArgumentException if an element returns another type or takes parameters, or if the type
     *         uses a {@code PREFIX_} constant or is a single-element annotation (Declarative Services derives those
     *         keys from the type's name; not supported here)
     */
    public static <A> A of(Class<A> type, Map<String, ?> properties) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an annotation type or interface");
        }
        for (var field : type.getDeclaredFields()) {
            if (field.getName().equals("PREFIX_")) {
                throw new IllegalArgumentException(type.getName() + ": PREFIX_ is not supported");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<Method> elements = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() != type || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?> returns = m.getReturnType();
            if (m.getParameterCount() != 0 || returns != String.class && returns != String[].class) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName()
                        + "() must take no parameters and return String or String[]");
            }
            elements.add(m);
        }
        if (type.isAnnotation() && elements.size() == 1 && elements.get(0).getName().equals("value")) {
            throw new IllegalArgumentException(type.getName() + ": single-element annotations are not supported");
        }
        for (Method m : elements) {
            Object raw = properties.get(key(m.getName()));
            Object value = raw == null ? m.getDefaultValue() : convert(raw, m.getReturnType());
            values.put(m.getName(), value == null && m.getReturnType() == String[].class ? new String[0] : value);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> describe(type, values);
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> {
                        Object v = values.get(method.getName());
                        yield v instanceof String[] a ? a.clone() : v;
                    }
                });
        return type.cast(proxy);
    }

    /**
     * The keys of a component property type with their defaults, in declaration order as the class file gives them:
     * for documentation and listings. A default is the element's default as text ({@code String[]} defaults joined
     * with commas), or null when the element has none.
     *
     * @param type an annotation type (or interface) as {@link #of} takes it
     * @return key to default, in a new modifiable map
     * @throws IllegalArgumentException as {@link #of}
     */
    public static Map<String, String> defaults(Class<?> type) {
        of(type, Map.of()); // the same checks
        Map<String, String> out = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Object d = m.getDefaultValue();
            out.put(key(m.getName()), d instanceof String[] a ? String.join(",", a) : (String) d);
        }
        return out;
    }

    /**
     * The configuration key of an element, by the naming rules of Declarative Services (see the class comment).
     *
     * @param elementName the element's (method's) name
     * @return the key
     */
    public static String key(String elementName) {
        StringBuilder b = new StringBuilder(elementName.length());
        for (int i = 0; i < elementName.length(); i++) {
            char c = elementName.charAt(i);
            if (c == '$') {
                if (elementName.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                } else if (elementName.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (elementName.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object convert(Object raw, Class<?> to) {
        List<String> texts = new ArrayList<>();
        if (raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                texts.add(String.valueOf(Array.get(raw, i)));
            }
        } else if (raw instanceof Collection<?> c) {
            c.forEach(o -> texts.add(String.valueOf(o)));
        } else {
            texts.add(raw.toString());
        }
        if (to == String[].class) {
            return texts.toArray(new String[0]);
        }
        return texts.isEmpty() ? null : texts.get(0);
    }

    /** The type and the keys that have a value; not the values, which may be passwords. */
    private static String describe(Class<?> type, Map<String, Object> values) {
        StringJoiner j = new StringJoiner(", ", "@" + type.getName() + "(", ")");
        values.forEach((name, v) -> {
            if (v != null && !(v instanceof String[] a && a.length == 0)) {
                j.add(key(name));
            }
        });
        return j.toString();
    }
}
