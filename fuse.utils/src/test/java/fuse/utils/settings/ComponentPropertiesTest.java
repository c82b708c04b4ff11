package fuse.utils.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ComponentPropertiesTest {
    @interface Settings {
        String capacity() default "1g";

        String root_mode() default "0755";

        String _database_password();

        String double__underscore();

        String dash$_$ed();

        String dollar$$sign$();

        String[] hosts();

        String[] tags() default { "a", "b" };
    }

    @interface Typed {
        long capacity() default 1;
    }

    @interface Single {
        String value() default "";
    }

    @interface Prefixed {
        String PREFIX_ = "my.";

        String name();
    }

    @Test
    void keysFollowTheNamingRulesOfDeclarativeServices() {
        assertEquals("root.mode", ComponentProperties.key("root_mode"));
        assertEquals(".database.password", ComponentProperties.key("_database_password"));
        assertEquals("double_underscore", ComponentProperties.key("double__underscore"));
        assertEquals("dash-ed", ComponentProperties.key("dash$_$ed"));
        assertEquals("dollar$sign", ComponentProperties.key("dollar$$sign$"));
    }

    @Test
    void missingKeysGiveTheDefaultsOrNothing() {
        Settings s = ComponentProperties.of(Settings.class, Map.of());
        assertEquals("1g", s.capacity());
        assertEquals("0755", s.root_mode());
        assertNull(s._database_password());
        assertArrayEquals(new String[0], s.hosts());
        assertArrayEquals(new String[] { "a", "b" }, s.tags());
        assertEquals(Settings.class, ((java.lang.annotation.Annotation) s).annotationType());
    }

    @Test
    void valuesAreReadByTheirKeysAsText() {
        Settings s = ComponentProperties.of(Settings.class, Map.of("capacity", 512, "root.mode", "1777",
                ".database.password", "secret", "double_underscore", "x", "dash-ed", "y", "dollar$sign", "z",
                "hosts", "one", "tags", List.of("c", 4)));
        assertEquals("512", s.capacity());
        assertEquals("1777", s.root_mode());
        assertEquals("secret", s._database_password());
        assertEquals("x", s.double__underscore());
        assertEquals("y", s.dash$_$ed());
        assertEquals("z", s.dollar$$sign$());
        assertArrayEquals(new String[] { "one" }, s.hosts());
        assertArrayEquals(new String[] { "c", "4" }, s.tags());
        assertEquals("a", ComponentProperties.of(Settings.class, Map.of("capacity", new String[] { "a", "b" }))
                .capacity(), "the first of several values");
    }

    @Test
    void theInstanceKeepsItsValuesAndDoesNotPrintThem() {
        Settings s = ComponentProperties.of(Settings.class, Map.of(".database.password", "secret"));
        s.tags()[0] = "changed";
        assertEquals("a", s.tags()[0]);
        assertTrue(s.toString().contains(".database.password"), s.toString());
        assertFalse(s.toString().contains("secret"), s.toString());
        assertEquals(s, s);
        assertNotEquals(s, ComponentProperties.of(Settings.class, Map.of()));
    }

    @Test
    void theKeysAndDefaultsCanBeListed() {
        Map<String, String> d = ComponentProperties.defaults(Settings.class);
        assertEquals(java.util.Set.of("capacity", "root.mode", ".database.password", "double_underscore", "dash-ed",
                "dollar$sign", "hosts", "tags"), d.keySet());
        assertEquals("1g", d.get("capacity"));
        assertNull(d.get(".database.password"));
        assertEquals("a,b", d.get("tags"));
    }

    @Test
    void onlyTextElementsAndPlainNamesAreSupported() {
        assertThrows(IllegalArgumentException.class, () -> ComponentProperties.of(Typed.class, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ComponentProperties.of(Single.class, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ComponentProperties.of(Prefixed.class, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ComponentProperties.of(String.class, Map.of()));
    }
}
