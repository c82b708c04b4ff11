package fuse.runtime.management;

/**
 * Statistics of one FUSE operation of a mount since it was mounted. Percentiles are upper bounds of power-of-two
 * latency buckets, so within a factor of two.
 *
 * @param name the operation as the kernel names it, e.g. {@code read}, {@code lookup}
 * @param count requests answered
 * @param errors requests answered with an error
 * @param p50Nanos the latency below which half of the requests were answered
 * @param p90Nanos the 90th percentile latency
 * @param p99Nanos the 99th percentile latency
 */
public record OperationDTO(String name, long count, long errors, long p50Nanos, long p90Nanos, long p99Nanos) {
}
