package fuse.runtime.management;

import java.time.Instant;
import java.util.List;

/**
 * One mount as the runtime sees it.
 *
 * @param mountpoint where it is (or was to be) mounted
 * @param driver the driver's name
 * @param serviceId the {@code service.id} of the driver's service, or -1 while held for a driver's replacement
 * @param state {@code MOUNTED}, {@code FAILED} (see {@code failure}) or another session state
 * @param failure why mounting failed, or null
 * @param mountedAt when the mount became live, or null
 * @param options the mount options
 * @param requests requests answered
 * @param errors requests answered with an error
 * @param inFlight requests in progress
 * @param readers reader threads alive
 * @param operations per-operation statistics of the operations that were called at least once
 * @param latencyBuckets the latencies of all requests as a histogram: element {@code b} counts the requests answered
 *        in less than 2<sup>b</sup> ns (and at least 2<sup>b-1</sup> ns); cumulative since the mount, so the
 *        difference of two snapshots describes the requests between them
 */
public record MountDTO(String mountpoint, String driver, long serviceId, String state, String failure,
        Instant mountedAt, List<String> options, long requests, long errors, int inFlight, int readers,
        List<OperationDTO> operations, long[] latencyBuckets) {

    /** Whether the mount is live. */
    public boolean mounted() {
        return "MOUNTED".equals(state);
    }
}
