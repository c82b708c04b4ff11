/**
 * The runtime's JNA bindings of libfuse: {@link fuse.runtime.jna.natives.LibFuse} (direct-mapped functions),
 * {@link fuse.runtime.jna.natives.LowlevelOps} (the callback signatures of {@code struct fuse_lowlevel_ops}, laid
 * out natively as direct callbacks by {@link fuse.runtime.jna.natives.DirectCallbacks}),
 * {@link fuse.runtime.jna.natives.ReplyEncoding} (reply structs and directory entries written as libfuse writes
 * them), {@link fuse.runtime.jna.natives.NativeView} (a per-thread movable pointer for callback arguments),
 * {@link fuse.runtime.jna.natives.DevicePoll} and {@link fuse.runtime.jna.natives.MountCalls}. Constants and struct
 * layouts come from {@code fuse.linux}, embedded into this bundle; nothing here is exported.
 */
package fuse.runtime.jna.natives;
