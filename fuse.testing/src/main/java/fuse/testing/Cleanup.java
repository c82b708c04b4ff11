package fuse.testing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened (mounts, drivers, processes), closed latest first when the test ends, whatever happened: every
 * resource is closed even when an earlier one fails; the first failure is rethrown with the others suppressed.
 * Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final Cleanup cleanup = new Cleanup();
 * ...
 * FuseMount m = cleanup.add(FuseMount.mount(fs, mp, props));
 * }</pre>
 */
@SuppressWarnings("try") // close() rethrows what the resources threw, InterruptedException included
public final class Cleanup implements AfterEachCallback, AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Closes {@code resource} at the end of the test (before whatever was added earlier); returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    /** Closes {@code resource} now, if it is still open here, and forgets it. */
    public void closeNow(AutoCloseable resource) throws Exception {
        synchronized (this) {
            if (!open.remove(resource)) {
                return;
            }
        }
        resource.close();
    }

    /** Closes everything added so far, latest first. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(open.reversed());
            open.clear();
        }
        Exception first = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }
}
