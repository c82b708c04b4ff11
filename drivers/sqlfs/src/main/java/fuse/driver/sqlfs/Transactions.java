package fuse.driver.sqlfs;

/**
 * Runs one operation as one database transaction ({@link Database#tx}); {@code SqlFs.tx} wraps it with what every
 * operation of this host needs (starting the listener of other hosts' changes, dropping statfs's cached usage after
 * a write). The parts of the file system get it as {@code this::tx}.
 */
@FunctionalInterface
interface Transactions {
    <T> T tx(String op, long inode, Database.Body<T> body);
}
