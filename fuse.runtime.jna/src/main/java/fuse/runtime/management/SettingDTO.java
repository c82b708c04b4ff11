package fuse.runtime.management;

/**
 * One setting of a driver's configuration.
 *
 * @param key the configuration property
 * @param type {@code string}, {@code boolean}, {@code integer} or {@code number}, with {@code []} for a list
 * @param defaultValue the default (list elements joined by commas), or null
 * @param description what it does
 */
public record SettingDTO(String key, String type, String defaultValue, String description) {
}
