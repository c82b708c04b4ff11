/**
 * The session engine: one {@link fuse.runtime.jna.FuseSession} per mount, serving a {@link fuse.api.Operations}
 * driver through libfuse 3's low-level API. Plain Java: {@link fuse.runtime.jna.FuseMount} mounts a driver without
 * OSGi; the OSGi whiteboard and shell live in {@code fuse.runtime.jna.osgi}, the JNA bindings in
 * {@code fuse.runtime.jna.natives}.
 *
 * <h2>The path of a request</h2>
 * <ol>
 * <li>A thread of the {@link fuse.runtime.jna.ReaderPool} (or, while one caller sends requests back to back, a
 *     {@link fuse.runtime.jna.Spinners spinner}) reads it from {@code /dev/fuse} ({@code fuse_session_receive_buf})
 *     and hands it to libfuse ({@code fuse_session_process_buf}) on the same thread: no hand-off.</li>
 * <li>libfuse decodes it and calls the operation's callback in the {@link fuse.runtime.jna.OpTable}, which copies
 *     the arguments out of native memory and makes the request object: the {@link fuse.runtime.jna.Replies reply
 *     kind} of that operation, a {@link fuse.runtime.jna.Request} that is also the driver's
 *     {@link fuse.api.RequestContext}.</li>
 * <li>The {@link fuse.runtime.jna.Dispatcher} takes the driver from the {@link fuse.runtime.jna.DriverSlot} (where
 *     requests wait during a hot swap) and calls its method.</li>
 * <li>The driver answers through the reply, on this thread or later on any other; the reply encodes the answer
 *     into per-thread scratch memory ({@link fuse.runtime.jna.ReplyScratch}) or a pooled buffer
 *     ({@link fuse.runtime.jna.BufferPool}) and calls {@code fuse_reply_*}, which writes it to {@code /dev/fuse}.
 *     The request then counts in the {@link fuse.runtime.jna.OperationStats}.</li>
 * </ol>
 *
 * <h2>Where each policy lives</h2>
 * <table>
 * <caption>policies and their classes</caption>
 * <tr><th>policy</th><th>class</th></tr>
 * <tr><td>which operations are registered with libfuse (only those the driver implements)</td>
 *     <td>{@link fuse.runtime.jna.Op}, {@link fuse.runtime.jna.OpTable}</td></tr>
 * <tr><td>one reply per request, of the operation's kind; a second one is an error</td>
 *     <td>{@link fuse.runtime.jna.Request}, {@link fuse.runtime.jna.Replies}</td></tr>
 * <tr><td>an exception becomes an errno (EIO and a log line unless it is a {@link fuse.api.FuseException})</td>
 *     <td>{@link fuse.runtime.jna.Dispatcher}</td></tr>
 * <tr><td>a request left unanswered gets EIO after {@link fuse.api.Fuse#REPLY_TIMEOUT}, and at unmount</td>
 *     <td>{@link fuse.runtime.jna.ReplyWatchdog}</td></tr>
 * <tr><td>hot swap: requests wait up to the hold time for the replacement driver</td>
 *     <td>{@link fuse.runtime.jna.DriverSlot}</td></tr>
 * <tr><td>how many readers, who listens on /dev/fuse, the bound of {@link fuse.api.Fuse#MAX_THREADS}</td>
 *     <td>{@link fuse.runtime.jna.ReaderPool}</td></tr>
 * <tr><td>SCHED_IDLE spinning for sequential callers ({@link fuse.api.Fuse#SPIN_MICROS})</td>
 *     <td>{@link fuse.runtime.jna.Spinners}</td></tr>
 * <tr><td>a handler that blocks must not stall the others; starved spinners hand back</td>
 *     <td>{@link fuse.runtime.jna.Monitor}</td></tr>
 * <tr><td>INIT: capabilities, max_write, readahead window ({@link fuse.api.Fuse#READAHEAD_KB})</td>
 *     <td>{@link fuse.runtime.jna.InitNegotiation}</td></tr>
 * <tr><td>cache invalidation, notify store / retrieve</td><td>{@link fuse.runtime.jna.Notifier}</td></tr>
 * <tr><td>mount, lazy unmount, abort of a hung connection, destroy only after every thread left</td>
 *     <td>{@link fuse.runtime.jna.FuseSession}, {@link fuse.runtime.jna.SessionHandle}</td></tr>
 * <tr><td>mounts left by a killed host</td><td>{@link fuse.runtime.jna.StaleMounts}</td></tr>
 * <tr><td>mount settings and their checks</td><td>{@link fuse.runtime.jna.MountConfig}</td></tr>
 * </table>
 */
package fuse.runtime.jna;
