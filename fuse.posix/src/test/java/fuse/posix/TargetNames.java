package fuse.posix;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Test names that say which file system they ran on: a test of a group nested in a target's suite is named
 * {@code <method> on <target>} (the target's {@code @DisplayName}), e.g. {@code renameFlags on memfs}; other tests
 * keep their method name. Set for this module in junit-platform.properties; the pom makes surefire write these names
 * into its XML reports.
 */
public final class TargetNames extends DisplayNameGenerator.Standard {
    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
            Method testMethod) {
        Class<?> outermost = enclosingInstanceTypes.isEmpty() ? testClass : enclosingInstanceTypes.get(0);
        DisplayName target = outermost.getAnnotation(DisplayName.class);
        return testMethod.getName() + (target == null ? "" : " on " + target.value());
    }
}
