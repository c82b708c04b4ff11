package fuse.driver.sqlfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fuse.api.Fuse;
import fuse.utils.posix.AtimePolicy;
import fuse.utils.settings.ComponentProperties;

/** Configuration parsing and the classification of database errors. */
class SqlFsConfigTest {
    @Test
    void aPathIsAnEmbeddedH2FileAndAUrlIsTakenAsItIs() {
        SqlFsConfig c = SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/var/lib/fs/notes.mv.db"));
        assertEquals("jdbc:h2:file:/var/lib/fs/notes", c.database());
        assertTrue(c.embedded());
        assertEquals(300, c.timeout(), "embedded: the only writer, long caching like memfs");

        SqlFsConfig pg = SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "jdbc:postgresql://127.0.0.1:5432/fs"));
        assertFalse(pg.embedded());
        assertTrue(pg.postgresql());
        assertEquals(30, pg.timeout(), "shared: a safety net for lost notifications");
        assertEquals(1L << 40, pg.capacity());
    }

    @Test
    void theDefaultDatabaseIsUsedOnlyWithoutADatabaseKey() {
        SqlFsConfig c = SqlFsConfig.from(Map.of(), Path.of("/srv/sqlfs/mnt-x"));
        assertEquals("jdbc:h2:file:/srv/sqlfs/mnt-x", c.database());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlFsConfig.from(Map.of()));
        assertTrue(e.getMessage().contains("database"), e.getMessage());
    }

    @Test
    void logLinesNeverShowCredentials() {
        SqlFsConfig c = SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE,
                "jdbc:postgresql://fs:secret@db.example:5432/fs?password=secret&user=fs"));
        assertEquals("jdbc:postgresql://db.example:5432/fs", c.displayName());
        SqlFsConfig h2 = SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "jdbc:h2:file:/x/y;PASSWORD=secret"));
        assertEquals("jdbc:h2:file:/x/y", h2.displayName());
        assertEquals("hidden", SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x", "database.password", "shown",
                ".database.password", "hidden")).password(), "the private property wins");
    }

    @Test
    void badValuesNameTheirKey() {
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
                Map.of(SqlFsConfig.DATABASE, "jdbc:mysql://x/y"),
                Map.of(SqlFsConfig.DATABASE, "/x", "chunk.size", "3000"),
                Map.of(SqlFsConfig.DATABASE, "/x", "pool.size", "0"),
                Map.of(SqlFsConfig.DATABASE, "/x", "timeout", "soon"),
                Map.of(SqlFsConfig.DATABASE, "/x", "root.mode", "9z"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlFsConfig.from(bad));
            String key = bad.keySet().stream().filter(k -> !k.equals(SqlFsConfig.DATABASE)).findFirst()
                    .orElse(SqlFsConfig.DATABASE);
            assertTrue(e.getMessage().contains(key), key + ": " + e.getMessage());
        }
        assertEquals(128 * 1024, SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x", "chunk.size", "128k"))
                .chunkSize());
    }

    @Test
    void emptyValuesMeanTheDefaults() {
        Map<String, Object> empty = new HashMap<>();
        ComponentProperties.defaults(SqlFsSettings.class).keySet().forEach(k -> empty.put(k, ""));
        empty.put(SqlFsConfig.DATABASE, "/x");
        SqlFsConfig c = SqlFsConfig.from(empty);
        assertEquals(SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x")), c);
        assertEquals(8, c.poolSize());
        assertEquals(5000, c.connectTimeoutMillis());
        assertEquals(64 * 1024, c.chunkSize());
        assertTrue(c.notifications());
        assertFalse(c.writeback());
        assertEquals(0755, c.rootMode());
        assertEquals(AtimePolicy.STRICTATIME, SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x", Fuse.OPTIONS,
                "strictatime")).atime());
    }

    @Test
    void aBadValueOfAnyParsedSettingIsReportedWithItsKey() {
        for (String key : ComponentProperties.defaults(SqlFsSettings.class).keySet()) {
            if (key.startsWith("database") || key.startsWith(".database")) {
                continue; // free text (a path, a user, a password)
            }
            String message = assertThrows(IllegalArgumentException.class,
                    () -> SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x", key, "lots!"))).getMessage();
            assertTrue(message.startsWith(key + " ") && message.contains("lots!"), message);
        }
        assertEquals("database.timeout must be a number of seconds, was soon", assertThrows(
                IllegalArgumentException.class, () -> SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x",
                        "database.timeout", "soon"))).getMessage());
        assertEquals("notify must be true or false, was yes", assertThrows(IllegalArgumentException.class,
                () -> SqlFsConfig.from(Map.of(SqlFsConfig.DATABASE, "/x", "notify", "yes"))).getMessage());
    }

    @Test
    void theReadmeDocumentsEverySettingWithItsDefault() throws Exception {
        Map<String, String> rows = new HashMap<>();
        boolean inSettings = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("## ")) {
                inSettings = line.equals("## Settings");
            } else if (inSettings && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].trim().replace("`", ""), cells[2].trim());
            }
        }
        Map<String, String> declared = ComponentProperties.defaults(SqlFsSettings.class);
        assertEquals(declared.keySet(), rows.keySet());
        for (Map.Entry<String, String> d : declared.entrySet()) {
            assertTrue(d.getValue() == null || rows.get(d.getKey()).equals("`" + d.getValue() + "`"), d.getKey());
        }
    }

    @Test
    void theDefaultFileIsNamedAfterTheMountPoint() {
        assertEquals("srv-my_files", SqlFsComponent.fileName("/srv/my files/"));
        assertEquals("root", SqlFsComponent.fileName("/"));
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetriedLostConnectionsAreNot() {
        assertTrue(Database.retryable(new SQLException("could not serialize", "40001")));
        assertTrue(Database.retryable(new SQLException("deadlock detected", "40P01")));
        assertTrue(Database.retryable(new SQLException("Timeout trying to lock table", "HYT00", 50200)));
        assertFalse(Database.retryable(new SQLException("Connection refused", "08001")));
        assertTrue(Database.isConnectionProblem(new SQLException("Connection refused", "08001")));
        assertTrue(Database.isConnectionProblem(new SQLException("terminating connection", "57P01")));
        assertFalse(Database.isConnectionProblem(new SQLException("syntax error", "42601")));
    }
}
