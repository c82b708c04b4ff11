package fuse.posix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One target's run: the file system is made once, before the first test of the class, and taken down after the
 * last one whatever happened (a failed mount included). The behaviour groups nested in a subclass get it as their
 * {@link Target} (see {@link Behaviour}). A subclass is one target: it names it with {@code @DisplayName} (which
 * also ends the name of each of its tests, see {@link TargetNames}) and says how to make it in {@link #open()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(TargetSuite.MountedTarget.class)
abstract class TargetSuite {
    private Target target;

    /** Makes (mounts) the file system this class runs on. */
    protected abstract Target open();

    @BeforeAll
    final void mount() {
        target = open();
    }

    @AfterAll
    final void unmount() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    /** Resolves a {@link Target} parameter of a nested group's methods: the target of the outermost suite. */
    static final class MountedTarget implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Target.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Object outermost = context.getRequiredTestInstances().getAllInstances().get(0);
            if (!(outermost instanceof TargetSuite suite) || suite.target == null) {
                throw new ParameterResolutionException("no target is mounted for " + outermost);
            }
            return suite.target;
        }
    }
}
