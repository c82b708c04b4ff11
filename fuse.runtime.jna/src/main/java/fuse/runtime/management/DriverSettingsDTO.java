package fuse.runtime.management;

import java.util.List;

/**
 * The settings a driver's configuration takes, from the metatype designated to its factory PID.
 *
 * @param driver the driver's name
 * @param name the object class definition's name
 * @param description its description
 * @param settings the attributes, in the order the metatype lists them
 */
public record DriverSettingsDTO(String driver, String name, String description, List<SettingDTO> settings) {
}
