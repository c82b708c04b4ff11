package fuse.api;

/**
 * One entry of a (batched) forget: the kernel drops {@code count} references to {@code inode}.
 *
 * @param inode the inode number
 * @param count how many lookups the kernel forgets; subtract it from the inode's lookup count
 */
public record Forget(long inode, long count) {
}
