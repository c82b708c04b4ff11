/*
 * The C side of fuse.linux's AbiTest. AbiTest compiles this file with gcc against the system headers (plus
 * `pkg-config --cflags fuse3`) into target/, runs it, and compares its output with the Java constants it finds by
 * reflection. Each line printed is "<Java class>.<constant> <value>": one line for every static final primitive
 * field of fuse.linux, fuse.linux.libfuse and of the fuse.api classes listed at the end, no more, no less (the
 * test reports a Java constant without a line here, and a line here without a Java constant).
 *
 * Values come from the headers only: macros, sizeof, offsetof, and for fuse_file_info's bit fields the word
 * a zeroed struct holds after setting one field to 1.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <fuse_lowlevel.h>
#include <fuse_opt.h>
#include <linux/fs.h>
#include <linux/fuse.h>

static const char *cls;

static void emit(const char *field, long long value)
{
    printf("%s.%s %lld\n", cls, field, value);
}

/* The Java constant `field` has the C value `value`. (Arguments are stringized before any macro expansion.) */
#define K(field, value) emit(#field, (long long) (value))
/* The Java constant and the C macro have the same name. */
#define SAME(name) emit(#name, (long long) (name))
/* The Java constant `field` is the offset of `member` in `type`. */
#define OFF(field, type, member) emit(#field, (long long) offsetof(type, member))
/* The Java constant SIZEOF is the size of `type`. */
#define SIZEOF(type) emit("SIZEOF", (long long) sizeof(type))

/* ----- fuse_file_info's bit fields: set one field in a zeroed struct and look at the bytes ---------------------- */

typedef void (*fi_setter)(struct fuse_file_info *);
#define FI_SETTER(f) static void set_##f(struct fuse_file_info *fi) { fi->f = 1; }
FI_SETTER(direct_io)
FI_SETTER(keep_cache)
FI_SETTER(flush)
FI_SETTER(nonseekable)
FI_SETTER(flock_release)
FI_SETTER(cache_readdir)
FI_SETTER(noflush)

/* Offset of the aligned 32-bit word whose bits set() changes; -1 if it changes bytes of more than one word. */
static long long fi_word(fi_setter set)
{
    struct fuse_file_info fi;
    unsigned char bytes[sizeof fi];
    long long word = -1;
    memset(&fi, 0, sizeof fi);
    set(&fi);
    memcpy(bytes, &fi, sizeof fi);
    for (size_t i = 0; i < sizeof fi; i++) {
        if (bytes[i] != 0) {
            long long w = (long long) (i / 4 * 4);
            if (word >= 0 && w != word) {
                return -1;
            }
            word = w;
        }
    }
    return word;
}

/* The 32-bit word at `word` (as a native-order int read) after set(); -1 if set() changed bytes outside it. */
static long long fi_bit(fi_setter set, long long word)
{
    struct fuse_file_info fi;
    uint32_t value;
    if (word < 0 || fi_word(set) != word) {
        return -1;
    }
    memset(&fi, 0, sizeof fi);
    set(&fi);
    memcpy(&value, (unsigned char *) &fi + word, sizeof value);
    return value;
}

#define FI_BIT(field, member) K(field, fi_bit(set_##member, fi_word(set_direct_io)))
#define OP(field, member) emit(#field, (long long) offsetof(struct fuse_lowlevel_ops, member))

int main(void)
{
    /* ===== fuse.linux ========================================================================================== */

    cls = "fuse.linux.Fcntl";
    SAME(O_NOCTTY); SAME(O_NONBLOCK); SAME(O_DIRECTORY); SAME(O_NOFOLLOW); SAME(O_CLOEXEC); SAME(O_PATH);
    SAME(AT_FDCWD); SAME(AT_SYMLINK_NOFOLLOW); SAME(AT_REMOVEDIR); SAME(AT_EMPTY_PATH);
    SAME(F_GETFL); SAME(F_SETFL); SAME(F_SETPIPE_SZ); SAME(F_OFD_GETLK); SAME(F_OFD_SETLK); SAME(F_OFD_SETLKW);
    SAME(FIONREAD);

    cls = "fuse.linux.Stat";
    SIZEOF(struct stat);
    OFF(ST_DEV, struct stat, st_dev); OFF(ST_INO, struct stat, st_ino); OFF(ST_NLINK, struct stat, st_nlink);
    OFF(ST_MODE, struct stat, st_mode); OFF(ST_UID, struct stat, st_uid); OFF(ST_GID, struct stat, st_gid);
    OFF(ST_RDEV, struct stat, st_rdev); OFF(ST_SIZE, struct stat, st_size);
    OFF(ST_BLKSIZE, struct stat, st_blksize); OFF(ST_BLOCKS, struct stat, st_blocks);
    OFF(ST_ATIM, struct stat, st_atim); OFF(ST_MTIM, struct stat, st_mtim); OFF(ST_CTIM, struct stat, st_ctim);

    cls = "fuse.linux.Timespec";
    SIZEOF(struct timespec);
    OFF(TV_SEC, struct timespec, tv_sec); OFF(TV_NSEC, struct timespec, tv_nsec);
    SAME(UTIME_NOW); SAME(UTIME_OMIT);

    cls = "fuse.linux.Statvfs";
    SIZEOF(struct statvfs);
    OFF(F_BSIZE, struct statvfs, f_bsize); OFF(F_FRSIZE, struct statvfs, f_frsize);
    OFF(F_BLOCKS, struct statvfs, f_blocks); OFF(F_BFREE, struct statvfs, f_bfree);
    OFF(F_BAVAIL, struct statvfs, f_bavail); OFF(F_FILES, struct statvfs, f_files);
    OFF(F_FFREE, struct statvfs, f_ffree); OFF(F_FAVAIL, struct statvfs, f_favail);
    OFF(F_FSID, struct statvfs, f_fsid); OFF(F_FLAG, struct statvfs, f_flag);
    OFF(F_NAMEMAX, struct statvfs, f_namemax);

    cls = "fuse.linux.Flock";
    SIZEOF(struct flock);
    OFF(L_TYPE, struct flock, l_type); OFF(L_WHENCE, struct flock, l_whence); OFF(L_START, struct flock, l_start);
    OFF(L_LEN, struct flock, l_len); OFF(L_PID, struct flock, l_pid);

    cls = "fuse.linux.Dirent64";
    OFF(D_INO, struct dirent64, d_ino); OFF(D_OFF, struct dirent64, d_off);
    OFF(D_RECLEN, struct dirent64, d_reclen); OFF(D_TYPE, struct dirent64, d_type);
    OFF(D_NAME, struct dirent64, d_name);
    K(DTTOIF_SHIFT, __builtin_ctz(DTTOIF(1)));

    cls = "fuse.linux.Iovec";
    SIZEOF(struct iovec); OFF(BASE, struct iovec, iov_base); OFF(LEN, struct iovec, iov_len);

    cls = "fuse.linux.Poll";
    SIZEOF(struct pollfd);
    OFF(FD, struct pollfd, fd); OFF(EVENTS, struct pollfd, events); OFF(REVENTS, struct pollfd, revents);
    SAME(POLLIN);

    cls = "fuse.linux.Mman";
    SAME(MFD_CLOEXEC);

    cls = "fuse.linux.Sched";
    SAME(SCHED_OTHER); SAME(SCHED_IDLE);
    K(PARAM_SIZEOF, sizeof(struct sched_param)); K(CPU_SET_SIZEOF, sizeof(cpu_set_t));

    cls = "fuse.linux.Rusage";
    SAME(RUSAGE_THREAD);
    SIZEOF(struct rusage);
    OFF(RU_NIVCSW, struct rusage, ru_nivcsw);

    cls = "fuse.linux.Mount";
    SAME(MNT_DETACH);

    /* ===== fuse.linux.libfuse: libfuse 3.14 ==================================================================== */

    cls = "fuse.linux.libfuse.FuseFileInfo";
    SIZEOF(struct fuse_file_info);
    OFF(FLAGS, struct fuse_file_info, flags);
    K(BITS, fi_word(set_direct_io));
    OFF(FH, struct fuse_file_info, fh); OFF(LOCK_OWNER, struct fuse_file_info, lock_owner);
    OFF(POLL_EVENTS, struct fuse_file_info, poll_events);
    FI_BIT(BIT_DIRECT_IO, direct_io); FI_BIT(BIT_KEEP_CACHE, keep_cache); FI_BIT(BIT_FLUSH, flush);
    FI_BIT(BIT_NONSEEKABLE, nonseekable); FI_BIT(BIT_FLOCK_RELEASE, flock_release);
    FI_BIT(BIT_CACHE_READDIR, cache_readdir); FI_BIT(BIT_NOFLUSH, noflush);

    cls = "fuse.linux.libfuse.FuseEntryParam";
    SIZEOF(struct fuse_entry_param);
    OFF(INO, struct fuse_entry_param, ino); OFF(GENERATION, struct fuse_entry_param, generation);
    OFF(ATTR, struct fuse_entry_param, attr); OFF(ATTR_TIMEOUT, struct fuse_entry_param, attr_timeout);
    OFF(ENTRY_TIMEOUT, struct fuse_entry_param, entry_timeout);

    cls = "fuse.linux.libfuse.FuseConnInfo";
    SIZEOF(struct fuse_conn_info);
    OFF(PROTO_MAJOR, struct fuse_conn_info, proto_major); OFF(PROTO_MINOR, struct fuse_conn_info, proto_minor);
    OFF(MAX_WRITE, struct fuse_conn_info, max_write); OFF(MAX_READ, struct fuse_conn_info, max_read);
    OFF(MAX_READAHEAD, struct fuse_conn_info, max_readahead); OFF(CAPABLE, struct fuse_conn_info, capable);
    OFF(WANT, struct fuse_conn_info, want); OFF(MAX_BACKGROUND, struct fuse_conn_info, max_background);
    OFF(CONGESTION_THRESHOLD, struct fuse_conn_info, congestion_threshold);
    OFF(TIME_GRAN, struct fuse_conn_info, time_gran);

    cls = "fuse.linux.libfuse.FuseLowlevelOps";
    SIZEOF(struct fuse_lowlevel_ops);
    OP(INIT, init); OP(DESTROY, destroy); OP(LOOKUP, lookup); OP(FORGET, forget); OP(GETATTR, getattr);
    OP(SETATTR, setattr); OP(READLINK, readlink); OP(MKNOD, mknod); OP(MKDIR, mkdir); OP(UNLINK, unlink);
    OP(RMDIR, rmdir); OP(SYMLINK, symlink); OP(RENAME, rename); OP(LINK, link); OP(OPEN, open); OP(READ, read);
    OP(WRITE, write); OP(FLUSH, flush); OP(RELEASE, release); OP(FSYNC, fsync); OP(OPENDIR, opendir);
    OP(READDIR, readdir); OP(RELEASEDIR, releasedir); OP(FSYNCDIR, fsyncdir); OP(STATFS, statfs);
    OP(SETXATTR, setxattr); OP(GETXATTR, getxattr); OP(LISTXATTR, listxattr); OP(REMOVEXATTR, removexattr);
    OP(ACCESS, access); OP(CREATE, create); OP(GETLK, getlk); OP(SETLK, setlk); OP(BMAP, bmap); OP(IOCTL, ioctl);
    OP(POLL, poll); OP(WRITE_BUF, write_buf); OP(RETRIEVE_REPLY, retrieve_reply); OP(FORGET_MULTI, forget_multi);
    OP(FLOCK, flock); OP(FALLOCATE, fallocate); OP(READDIRPLUS, readdirplus); OP(COPY_FILE_RANGE, copy_file_range);
    OP(LSEEK, lseek);

    cls = "fuse.linux.libfuse.FuseBuf";
    SIZEOF(struct fuse_buf);
    OFF(SIZE, struct fuse_buf, size); OFF(FLAGS, struct fuse_buf, flags); OFF(MEM, struct fuse_buf, mem);
    OFF(FD, struct fuse_buf, fd); OFF(POS, struct fuse_buf, pos);
    SAME(FUSE_BUF_IS_FD); SAME(FUSE_BUF_FD_SEEK);

    cls = "fuse.linux.libfuse.FuseBufvec";
    SIZEOF(struct fuse_bufvec);
    OFF(COUNT, struct fuse_bufvec, count); OFF(IDX, struct fuse_bufvec, idx); OFF(OFF, struct fuse_bufvec, off);
    OFF(BUF, struct fuse_bufvec, buf);

    cls = "fuse.linux.libfuse.FuseCtx";
    SIZEOF(struct fuse_ctx);
    OFF(UID, struct fuse_ctx, uid); OFF(GID, struct fuse_ctx, gid); OFF(PID, struct fuse_ctx, pid);
    OFF(UMASK, struct fuse_ctx, umask);

    cls = "fuse.linux.libfuse.FuseForgetData";
    SIZEOF(struct fuse_forget_data);
    OFF(INO, struct fuse_forget_data, ino); OFF(NLOOKUP, struct fuse_forget_data, nlookup);

    cls = "fuse.linux.libfuse.FuseCustomIo";
    SIZEOF(struct fuse_custom_io);
    OFF(WRITEV, struct fuse_custom_io, writev); OFF(READ, struct fuse_custom_io, read);
    OFF(SPLICE_RECEIVE, struct fuse_custom_io, splice_receive); OFF(SPLICE_SEND, struct fuse_custom_io, splice_send);

    cls = "fuse.linux.libfuse.FuseArgs";
    SIZEOF(struct fuse_args);
    OFF(ARGC, struct fuse_args, argc); OFF(ARGV, struct fuse_args, argv);
    OFF(ALLOCATED, struct fuse_args, allocated);

    /* ===== fuse.linux.libfuse: the kernel's FUSE protocol ====================================================== */

    cls = "fuse.linux.libfuse.FuseInHeader";
    SIZEOF(struct fuse_in_header);
    OFF(PID, struct fuse_in_header, pid);

    cls = "fuse.linux.libfuse.FuseInitOut";
    K(OUT_HEADER_SIZEOF, sizeof(struct fuse_out_header)); OFF(ERROR, struct fuse_out_header, error);
    OFF(FLAGS, struct fuse_init_out, flags); SAME(FUSE_HANDLE_KILLPRIV_V2);
    OFF(MAX_PAGES, struct fuse_init_out, max_pages); SAME(FUSE_MAX_PAGES);

    cls = "fuse.linux.libfuse.FuseDirent";
    OFF(INO, struct fuse_dirent, ino); OFF(OFF, struct fuse_dirent, off);
    OFF(NAMELEN, struct fuse_dirent, namelen); OFF(TYPE, struct fuse_dirent, type);
    K(NAME, FUSE_NAME_OFFSET); K(ALIGN, FUSE_DIRENT_ALIGN(1));

    cls = "fuse.linux.libfuse.FuseEntryOut";
    SIZEOF(struct fuse_entry_out);
    OFF(NODEID, struct fuse_entry_out, nodeid); OFF(GENERATION, struct fuse_entry_out, generation);
    OFF(ENTRY_VALID, struct fuse_entry_out, entry_valid); OFF(ATTR_VALID, struct fuse_entry_out, attr_valid);
    OFF(ENTRY_VALID_NSEC, struct fuse_entry_out, entry_valid_nsec);
    OFF(ATTR_VALID_NSEC, struct fuse_entry_out, attr_valid_nsec); OFF(ATTR, struct fuse_entry_out, attr);

    cls = "fuse.linux.libfuse.FuseAttr";
    SIZEOF(struct fuse_attr);
    OFF(INO, struct fuse_attr, ino); OFF(SIZE, struct fuse_attr, size); OFF(BLOCKS, struct fuse_attr, blocks);
    OFF(ATIME, struct fuse_attr, atime); OFF(MTIME, struct fuse_attr, mtime); OFF(CTIME, struct fuse_attr, ctime);
    OFF(ATIMENSEC, struct fuse_attr, atimensec); OFF(MTIMENSEC, struct fuse_attr, mtimensec);
    OFF(CTIMENSEC, struct fuse_attr, ctimensec); OFF(MODE, struct fuse_attr, mode);
    OFF(NLINK, struct fuse_attr, nlink); OFF(UID, struct fuse_attr, uid); OFF(GID, struct fuse_attr, gid);
    OFF(RDEV, struct fuse_attr, rdev); OFF(BLKSIZE, struct fuse_attr, blksize); OFF(FLAGS, struct fuse_attr, flags);

    /* ===== fuse.api: the architecture-independent values of the public API ===================================== */

    cls = "fuse.api.Errno";
    SAME(EPERM); SAME(ENOENT); SAME(ESRCH); SAME(EINTR); SAME(EIO); SAME(ENXIO); SAME(E2BIG); SAME(ENOEXEC);
    SAME(EBADF); SAME(ECHILD); SAME(EAGAIN); SAME(ENOMEM); SAME(EACCES); SAME(EFAULT); SAME(ENOTBLK); SAME(EBUSY);
    SAME(EEXIST); SAME(EXDEV); SAME(ENODEV); SAME(ENOTDIR); SAME(EISDIR); SAME(EINVAL); SAME(ENFILE); SAME(EMFILE);
    SAME(ENOTTY); SAME(ETXTBSY); SAME(EFBIG); SAME(ENOSPC); SAME(ESPIPE); SAME(EROFS); SAME(EMLINK); SAME(EPIPE);
    SAME(EDOM); SAME(ERANGE); SAME(EDEADLK); SAME(ENAMETOOLONG); SAME(ENOLCK); SAME(ENOSYS); SAME(ENOTEMPTY);
    SAME(ELOOP); SAME(EWOULDBLOCK); SAME(ENOMSG); SAME(EIDRM); SAME(ECHRNG); SAME(EL2NSYNC); SAME(EL3HLT);
    SAME(EL3RST); SAME(ELNRNG); SAME(EUNATCH); SAME(ENOCSI); SAME(EL2HLT); SAME(EBADE); SAME(EBADR); SAME(EXFULL);
    SAME(ENOANO); SAME(EBADRQC); SAME(EBADSLT); SAME(EDEADLOCK); SAME(EBFONT); SAME(ENOSTR); SAME(ENODATA);
    SAME(ETIME); SAME(ENOSR); SAME(ENONET); SAME(ENOPKG); SAME(EREMOTE); SAME(ENOLINK); SAME(EADV); SAME(ESRMNT);
    SAME(ECOMM); SAME(EPROTO); SAME(EMULTIHOP); SAME(EDOTDOT); SAME(EBADMSG); SAME(EOVERFLOW); SAME(ENOTUNIQ);
    SAME(EBADFD); SAME(EREMCHG); SAME(ELIBACC); SAME(ELIBBAD); SAME(ELIBSCN); SAME(ELIBMAX); SAME(ELIBEXEC);
    SAME(EILSEQ); SAME(ERESTART); SAME(ESTRPIPE); SAME(EUSERS); SAME(ENOTSOCK); SAME(EDESTADDRREQ); SAME(EMSGSIZE);
    SAME(EPROTOTYPE); SAME(ENOPROTOOPT); SAME(EPROTONOSUPPORT); SAME(ESOCKTNOSUPPORT); SAME(EOPNOTSUPP);
    SAME(EPFNOSUPPORT); SAME(EAFNOSUPPORT); SAME(EADDRINUSE); SAME(EADDRNOTAVAIL); SAME(ENETDOWN); SAME(ENETUNREACH);
    SAME(ENETRESET); SAME(ECONNABORTED); SAME(ECONNRESET); SAME(ENOBUFS); SAME(EISCONN); SAME(ENOTCONN);
    SAME(ESHUTDOWN); SAME(ETOOMANYREFS); SAME(ETIMEDOUT); SAME(ECONNREFUSED); SAME(EHOSTDOWN); SAME(EHOSTUNREACH);
    SAME(EALREADY); SAME(EINPROGRESS); SAME(ESTALE); SAME(EUCLEAN); SAME(ENOTNAM); SAME(ENAVAIL); SAME(EISNAM);
    SAME(EREMOTEIO); SAME(EDQUOT); SAME(ENOMEDIUM); SAME(EMEDIUMTYPE); SAME(ECANCELED); SAME(ENOKEY);
    SAME(EKEYEXPIRED); SAME(EKEYREVOKED); SAME(EKEYREJECTED); SAME(EOWNERDEAD); SAME(ENOTRECOVERABLE); SAME(ERFKILL);
    SAME(EHWPOISON); SAME(ENOTSUP);
    K(ENOATTR, ENODATA); /* ENOATTR is libattr's name; Linux's headers only know ENODATA */

    cls = "fuse.api.Fuse";
    K(ROOT_INODE, FUSE_ROOT_ID);
    SAME(RENAME_NOREPLACE); SAME(RENAME_EXCHANGE); SAME(RENAME_WHITEOUT);
    SAME(XATTR_CREATE); SAME(XATTR_REPLACE);
    SAME(F_OK); SAME(X_OK); SAME(W_OK); SAME(R_OK);
    SAME(SEEK_SET); SAME(SEEK_CUR); SAME(SEEK_END); SAME(SEEK_DATA); SAME(SEEK_HOLE);
    SAME(FALLOC_FL_KEEP_SIZE); SAME(FALLOC_FL_PUNCH_HOLE); SAME(FALLOC_FL_ZERO_RANGE);
    SAME(F_RDLCK); SAME(F_WRLCK); SAME(F_UNLCK);
    SAME(LOCK_SH); SAME(LOCK_EX); SAME(LOCK_NB); SAME(LOCK_UN);
    SAME(S_IFMT); SAME(S_IFSOCK); SAME(S_IFLNK); SAME(S_IFREG); SAME(S_IFBLK); SAME(S_IFDIR); SAME(S_IFCHR);
    SAME(S_IFIFO); SAME(S_ISUID); SAME(S_ISGID); SAME(S_ISVTX);
    SAME(O_ACCMODE); SAME(O_RDONLY); SAME(O_WRONLY); SAME(O_RDWR); SAME(O_CREAT); SAME(O_EXCL); SAME(O_TRUNC);
    SAME(O_APPEND);
    SAME(NAME_MAX);
    K(IOCTL_COMPAT, FUSE_IOCTL_COMPAT); K(IOCTL_UNRESTRICTED, FUSE_IOCTL_UNRESTRICTED);
    K(IOCTL_RETRY, FUSE_IOCTL_RETRY); K(IOCTL_DIR, FUSE_IOCTL_DIR);
    /* the kernel passes ioctl commands as unsigned int: the Java int holds the same 32 bits */
    K(FS_IOC_GETFLAGS, (int) FS_IOC_GETFLAGS); K(FS_IOC_SETFLAGS, (int) FS_IOC_SETFLAGS);
    SAME(FS_IMMUTABLE_FL); SAME(FS_APPEND_FL);
    K(FS_IOC_FSGETXATTR, (int) FS_IOC_FSGETXATTR); K(FS_IOC_FSSETXATTR, (int) FS_IOC_FSSETXATTR);
    K(FSXATTR_SIZE, (int) sizeof(struct fsxattr)); SAME(FS_XFLAG_IMMUTABLE); SAME(FS_XFLAG_APPEND);
    SAME(POLLIN); SAME(POLLPRI); SAME(POLLOUT); SAME(POLLERR); SAME(POLLHUP);

    cls = "fuse.api.ConnectionInfo";
#define CAP(name) emit(#name, (long long) FUSE_##name)
    CAP(CAP_ASYNC_READ); CAP(CAP_POSIX_LOCKS); CAP(CAP_ATOMIC_O_TRUNC); CAP(CAP_EXPORT_SUPPORT);
    CAP(CAP_DONT_MASK); CAP(CAP_SPLICE_WRITE); CAP(CAP_SPLICE_MOVE); CAP(CAP_SPLICE_READ); CAP(CAP_FLOCK_LOCKS);
    CAP(CAP_IOCTL_DIR); CAP(CAP_AUTO_INVAL_DATA); CAP(CAP_READDIRPLUS); CAP(CAP_READDIRPLUS_AUTO);
    CAP(CAP_ASYNC_DIO); CAP(CAP_WRITEBACK_CACHE); CAP(CAP_NO_OPEN_SUPPORT); CAP(CAP_PARALLEL_DIROPS);
    CAP(CAP_POSIX_ACL); CAP(CAP_HANDLE_KILLPRIV); CAP(CAP_CACHE_SYMLINKS); CAP(CAP_NO_OPENDIR_SUPPORT);
    CAP(CAP_EXPLICIT_INVAL_DATA); CAP(CAP_EXPIRE_ONLY);
    /* osgi-fuse's own: the kernel's INIT flag, which libfuse 3.14 has no capability for, in the upper word */
    K(CAP_HANDLE_KILLPRIV_V2, (long long) FUSE_HANDLE_KILLPRIV_V2 << 32);

    cls = "fuse.api.SetattrFields";
#define SETATTR(name) emit(#name, (long long) FUSE_SET_ATTR_##name)
    SETATTR(MODE); SETATTR(UID); SETATTR(GID); SETATTR(SIZE); SETATTR(ATIME); SETATTR(MTIME); SETATTR(ATIME_NOW);
    SETATTR(MTIME_NOW); SETATTR(CTIME); SETATTR(KILL_SUID); SETATTR(KILL_SGID);

    return ferror(stdout) ? 1 : 0;
}
