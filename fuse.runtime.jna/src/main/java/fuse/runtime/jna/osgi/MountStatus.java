package fuse.runtime.jna.osgi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import fuse.runtime.jna.FuseSession;

/**
 * A snapshot of one mount as the runtime sees it, for the shell and for management tools.
 *
 * @param mountpoint where it is (or was to be) mounted
 * @param driver the driver's name
 * @param serviceId the {@code service.id} of the driver's {@code Operations} service
 * @param options the mount options
 * @param state the session state ({@code FAILED} with a {@link #failure()} when mounting failed)
 * @param failure why mounting failed, or null
 * @param mountedAt when the mount became live, or null
 * @param requests requests answered
 * @param errors requests answered with an error
 * @param inFlight requests in progress
 * @param readers reader threads alive
 */
public record MountStatus(String mountpoint, String driver, long serviceId, List<String> options,
        FuseSession.State state, String failure, Instant mountedAt, long requests, long errors, int inFlight,
        int readers) {

    /** Time since the mount became live, or zero. */
    public Duration uptime() {
        return mountedAt == null ? Duration.ZERO : Duration.between(mountedAt, Instant.now());
    }

    static MountStatus of(FuseSession s, long serviceId) {
        return new MountStatus(s.config().mountpoint().toString(), s.config().driver(), serviceId, s.config().options(),
                s.state(), s.failure(), s.mountedAt(), s.stats().totalCount(), s.stats().totalErrors(), s.inFlight(),
                s.readerThreads());
    }

    static MountStatus failed(String mountpoint, String driver, long serviceId, String reason) {
        return new MountStatus(mountpoint, driver, serviceId, List.of(), FuseSession.State.FAILED, reason, null, 0, 0,
                0, 0);
    }
}
