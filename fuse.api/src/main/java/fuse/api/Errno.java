package fuse.api;

/**
 * Linux errno values (x86_64 and the other asm-generic architectures), with their symbolic names.
 *
 * <p>Generated from {@code asm-generic/errno-base.h} and {@code asm-generic/errno.h}.
 */
public final class Errno {
    private Errno() {
    }

    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such process. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** I/O error. */
    public static final int EIO = 5;
    /** No such device or address. */
    public static final int ENXIO = 6;
    /** Argument list too long. */
    public static final int E2BIG = 7;
    /** Exec format error. */
    public static final int ENOEXEC = 8;
    /** Bad file number. */
    public static final int EBADF = 9;
    /** No child processes. */
    public static final int ECHILD = 10;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Block device required. */
    public static final int ENOTBLK = 15;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Cross-device link. */
    public static final int EXDEV = 18;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** File table overflow. */
    public static final int ENFILE = 23;
    /** Too many open files. */
    public static final int EMFILE = 24;
    /** Not a typewriter. */
    public static final int ENOTTY = 25;
    /** Text file busy. */
    public static final int ETXTBSY = 26;
    /** File too large. */
    public static final int EFBIG = 27;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Illegal seek. */
    public static final int ESPIPE = 29;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Too many links. */
    public static final int EMLINK = 31;
    /** Broken pipe. */
    public static final int EPIPE = 32;
    /** Math argument out of domain of func. */
    public static final int EDOM = 33;
    /** Math result not representable. */
    public static final int ERANGE = 34;
    /** Resource deadlock would occur. */
    public static final int EDEADLK = 35;
    /** File name too long. */
    public static final int ENAMETOOLONG = 36;
    /** No record locks available. */
    public static final int ENOLCK = 37;
    /** Invalid system call number. */
    public static final int ENOSYS = 38;
    /** Directory not empty. */
    public static final int ENOTEMPTY = 39;
    /** Too many symbolic links encountered. */
    public static final int ELOOP = 40;
    /** Alias of {@link #EAGAIN}. */
    public static final int EWOULDBLOCK = EAGAIN;
    /** No message of desired type. */
    public static final int ENOMSG = 42;
    /** Identifier removed. */
    public static final int EIDRM = 43;
    /** Channel number out of range. */
    public static final int ECHRNG = 44;
    /** Level 2 not synchronized. */
    public static final int EL2NSYNC = 45;
    /** Level 3 halted. */
    public static final int EL3HLT = 46;
    /** Level 3 reset. */
    public static final int EL3RST = 47;
    /** Link number out of range. */
    public static final int ELNRNG = 48;
    /** Protocol driver not attached. */
    public static final int EUNATCH = 49;
    /** No CSI structure available. */
    public static final int ENOCSI = 50;
    /** Level 2 halted. */
    public static final int EL2HLT = 51;
    /** Invalid exchange. */
    public static final int EBADE = 52;
    /** Invalid request descriptor. */
    public static final int EBADR = 53;
    /** Exchange full. */
    public static final int EXFULL = 54;
    /** No anode. */
    public static final int ENOANO = 55;
    /** Invalid request code. */
    public static final int EBADRQC = 56;
    /** Invalid slot. */
    public static final int EBADSLT = 57;
    /** Alias of {@link #EDEADLK}. */
    public static final int EDEADLOCK = EDEADLK;
    /** Bad font file format. */
    public static final int EBFONT = 59;
    /** Device not a stream. */
    public static final int ENOSTR = 60;
    /** No data available. */
    public static final int ENODATA = 61;
    /** Timer expired. */
    public static final int ETIME = 62;
    /** Out of streams resources. */
    public static final int ENOSR = 63;
    /** Machine is not on the network. */
    public static final int ENONET = 64;
    /** Package not installed. */
    public static final int ENOPKG = 65;
    /** Object is remote. */
    public static final int EREMOTE = 66;
    /** Link has been severed. */
    public static final int ENOLINK = 67;
    /** Advertise error. */
    public static final int EADV = 68;
    /** Srmount error. */
    public static final int ESRMNT = 69;
    /** Communication error on send. */
    public static final int ECOMM = 70;
    /** Protocol error. */
    public static final int EPROTO = 71;
    /** Multihop attempted. */
    public static final int EMULTIHOP = 72;
    /** RFS specific error. */
    public static final int EDOTDOT = 73;
    /** Not a data message. */
    public static final int EBADMSG = 74;
    /** Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** Name not unique on network. */
    public static final int ENOTUNIQ = 76;
    /** File descriptor in bad state. */
    public static final int EBADFD = 77;
    /** Remote address changed. */
    public static final int EREMCHG = 78;
    /** Can not access a needed shared library. */
    public static final int ELIBACC = 79;
    /** Accessing a corrupted shared library. */
    public static final int ELIBBAD = 80;
    /** .lib section in a.out corrupted. */
    public static final int ELIBSCN = 81;
    /** Attempting to link in too many shared libraries. */
    public static final int ELIBMAX = 82;
    /** Cannot exec a shared library directly. */
    public static final int ELIBEXEC = 83;
    /** Illegal byte sequence. */
    public static final int EILSEQ = 84;
    /** Interrupted system call should be restarted. */
    public static final int ERESTART = 85;
    /** Streams pipe error. */
    public static final int ESTRPIPE = 86;
    /** Too many users. */
    public static final int EUSERS = 87;
    /** Socket operation on non-socket. */
    public static final int ENOTSOCK = 88;
    /** Destination address required. */
    public static final int EDESTADDRREQ = 89;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Protocol wrong type for socket. */
    public static final int EPROTOTYPE = 91;
    /** Protocol not available. */
    public static final int ENOPROTOOPT = 92;
    /** Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** Socket type not supported. */
    public static final int ESOCKTNOSUPPORT = 94;
    /** Operation not supported on transport endpoint. */
    public static final int EOPNOTSUPP = 95;
    /** Protocol family not supported. */
    public static final int EPFNOSUPPORT = 96;
    /** Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** Address already in use. */
    public static final int EADDRINUSE = 98;
    /** Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = 99;
    /** Network is down. */
    public static final int ENETDOWN = 100;
    /** Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** Network dropped connection because of reset. */
    public static final int ENETRESET = 102;
    /** Software caused connection abort. */
    public static final int ECONNABORTED = 103;
    /** Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** No buffer space available. */
    public static final int ENOBUFS = 105;
    /** Transport endpoint is already connected. */
    public static final int EISCONN = 106;
    /** Transport endpoint is not connected. */
    public static final int ENOTCONN = 107;
    /** Cannot send after transport endpoint shutdown. */
    public static final int ESHUTDOWN = 108;
    /** Too many references: cannot splice. */
    public static final int ETOOMANYREFS = 109;
    /** Connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** Host is down. */
    public static final int EHOSTDOWN = 112;
    /** No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** Operation already in progress. */
    public static final int EALREADY = 114;
    /** Operation now in progress. */
    public static final int EINPROGRESS = 115;
    /** Stale file handle. */
    public static final int ESTALE = 116;
    /** Structure needs cleaning. */
    public static final int EUCLEAN = 117;
    /** Not a XENIX named type file. */
    public static final int ENOTNAM = 118;
    /** No XENIX semaphores available. */
    public static final int ENAVAIL = 119;
    /** Is a named type file. */
    public static final int EISNAM = 120;
    /** Remote I/O error. */
    public static final int EREMOTEIO = 121;
    /** Quota exceeded. */
    public static final int EDQUOT = 122;
    /** No medium found. */
    public static final int ENOMEDIUM = 123;
    /** Wrong medium type. */
    public static final int EMEDIUMTYPE = 124;
    /** Operation Canceled. */
    public static final int ECANCELED = 125;
    /** Required key not available. */
    public static final int ENOKEY = 126;
    /** Key has expired. */
    public static final int EKEYEXPIRED = 127;
    /** Key has been revoked. */
    public static final int EKEYREVOKED = 128;
    /** Key was rejected by service. */
    public static final int EKEYREJECTED = 129;
    /** Owner died. */
    public static final int EOWNERDEAD = 130;
    /** State not recoverable. */
    public static final int ENOTRECOVERABLE = 131;
    /** Operation not possible due to RF-kill. */
    public static final int ERFKILL = 132;
    /** Memory page has hardware error. */
    public static final int EHWPOISON = 133;
    /** Alias of {@link #ENODATA}: "no such attribute", as pyfuse3's {@code ENOATTR}. */
    public static final int ENOATTR = ENODATA;
    /** Alias of {@link #EOPNOTSUPP}, as glibc defines it. */
    public static final int ENOTSUP = EOPNOTSUPP;

    private static final String[] NAMES = new String[134];
    private static final String[] DESCRIPTIONS = new String[134];

    static {
        NAMES[1] = "EPERM";
        DESCRIPTIONS[1] = "Operation not permitted";
        NAMES[2] = "ENOENT";
        DESCRIPTIONS[2] = "No such file or directory";
        NAMES[3] = "ESRCH";
        DESCRIPTIONS[3] = "No such process";
        NAMES[4] = "EINTR";
        DESCRIPTIONS[4] = "Interrupted system call";
        NAMES[5] = "EIO";
        DESCRIPTIONS[5] = "I/O error";
        NAMES[6] = "ENXIO";
        DESCRIPTIONS[6] = "No such device or address";
        NAMES[7] = "E2BIG";
        DESCRIPTIONS[7] = "Argument list too long";
        NAMES[8] = "ENOEXEC";
        DESCRIPTIONS[8] = "Exec format error";
        NAMES[9] = "EBADF";
        DESCRIPTIONS[9] = "Bad file number";
        NAMES[10] = "ECHILD";
        DESCRIPTIONS[10] = "No child processes";
        NAMES[11] = "EAGAIN";
        DESCRIPTIONS[11] = "Try again";
        NAMES[12] = "ENOMEM";
        DESCRIPTIONS[12] = "Out of memory";
        NAMES[13] = "EACCES";
        DESCRIPTIONS[13] = "Permission denied";
        NAMES[14] = "EFAULT";
        DESCRIPTIONS[14] = "Bad address";
        NAMES[15] = "ENOTBLK";
        DESCRIPTIONS[15] = "Block device required";
        NAMES[16] = "EBUSY";
        DESCRIPTIONS[16] = "Device or resource busy";
        NAMES[17] = "EEXIST";
        DESCRIPTIONS[17] = "File exists";
        NAMES[18] = "EXDEV";
        DESCRIPTIONS[18] = "Cross-device link";
        NAMES[19] = "ENODEV";
        DESCRIPTIONS[19] = "No such device";
        NAMES[20] = "ENOTDIR";
        DESCRIPTIONS[20] = "Not a directory";
        NAMES[21] = "EISDIR";
        DESCRIPTIONS[21] = "Is a directory";
        NAMES[22] = "EINVAL";
        DESCRIPTIONS[22] = "Invalid argument";
        NAMES[23] = "ENFILE";
        DESCRIPTIONS[23] = "File table overflow";
        NAMES[24] = "EMFILE";
        DESCRIPTIONS[24] = "Too many open files";
        NAMES[25] = "ENOTTY";
        DESCRIPTIONS[25] = "Not a typewriter";
        NAMES[26] = "ETXTBSY";
        DESCRIPTIONS[26] = "Text file busy";
        NAMES[27] = "EFBIG";
        DESCRIPTIONS[27] = "File too large";
        NAMES[28] = "ENOSPC";
        DESCRIPTIONS[28] = "No space left on device";
        NAMES[29] = "ESPIPE";
        DESCRIPTIONS[29] = "Illegal seek";
        NAMES[30] = "EROFS";
        DESCRIPTIONS[30] = "Read-only file system";
        NAMES[31] = "EMLINK";
        DESCRIPTIONS[31] = "Too many links";
        NAMES[32] = "EPIPE";
        DESCRIPTIONS[32] = "Broken pipe";
        NAMES[33] = "EDOM";
        DESCRIPTIONS[33] = "Math argument out of domain of func";
        NAMES[34] = "ERANGE";
        DESCRIPTIONS[34] = "Math result not representable";
        NAMES[35] = "EDEADLK";
        DESCRIPTIONS[35] = "Resource deadlock would occur";
        NAMES[36] = "ENAMETOOLONG";
        DESCRIPTIONS[36] = "File name too long";
        NAMES[37] = "ENOLCK";
        DESCRIPTIONS[37] = "No record locks available";
        NAMES[38] = "ENOSYS";
        DESCRIPTIONS[38] = "Invalid system call number";
        NAMES[39] = "ENOTEMPTY";
        DESCRIPTIONS[39] = "Directory not empty";
        NAMES[40] = "ELOOP";
        DESCRIPTIONS[40] = "Too many symbolic links encountered";
        NAMES[42] = "ENOMSG";
        DESCRIPTIONS[42] = "No message of desired type";
        NAMES[43] = "EIDRM";
        DESCRIPTIONS[43] = "Identifier removed";
        NAMES[44] = "ECHRNG";
        DESCRIPTIONS[44] = "Channel number out of range";
        NAMES[45] = "EL2NSYNC";
        DESCRIPTIONS[45] = "Level 2 not synchronized";
        NAMES[46] = "EL3HLT";
        DESCRIPTIONS[46] = "Level 3 halted";
        NAMES[47] = "EL3RST";
        DESCRIPTIONS[47] = "Level 3 reset";
        NAMES[48] = "ELNRNG";
        DESCRIPTIONS[48] = "Link number out of range";
        NAMES[49] = "EUNATCH";
        DESCRIPTIONS[49] = "Protocol driver not attached";
        NAMES[50] = "ENOCSI";
        DESCRIPTIONS[50] = "No CSI structure available";
        NAMES[51] = "EL2HLT";
        DESCRIPTIONS[51] = "Level 2 halted";
        NAMES[52] = "EBADE";
        DESCRIPTIONS[52] = "Invalid exchange";
        NAMES[53] = "EBADR";
        DESCRIPTIONS[53] = "Invalid request descriptor";
        NAMES[54] = "EXFULL";
        DESCRIPTIONS[54] = "Exchange full";
        NAMES[55] = "ENOANO";
        DESCRIPTIONS[55] = "No anode";
        NAMES[56] = "EBADRQC";
        DESCRIPTIONS[56] = "Invalid request code";
        NAMES[57] = "EBADSLT";
        DESCRIPTIONS[57] = "Invalid slot";
        NAMES[59] = "EBFONT";
        DESCRIPTIONS[59] = "Bad font file format";
        NAMES[60] = "ENOSTR";
        DESCRIPTIONS[60] = "Device not a stream";
        NAMES[61] = "ENODATA";
        DESCRIPTIONS[61] = "No data available";
        NAMES[62] = "ETIME";
        DESCRIPTIONS[62] = "Timer expired";
        NAMES[63] = "ENOSR";
        DESCRIPTIONS[63] = "Out of streams resources";
        NAMES[64] = "ENONET";
        DESCRIPTIONS[64] = "Machine is not on the network";
        NAMES[65] = "ENOPKG";
        DESCRIPTIONS[65] = "Package not installed";
        NAMES[66] = "EREMOTE";
        DESCRIPTIONS[66] = "Object is remote";
        NAMES[67] = "ENOLINK";
        DESCRIPTIONS[67] = "Link has been severed";
        NAMES[68] = "EADV";
        DESCRIPTIONS[68] = "Advertise error";
        NAMES[69] = "ESRMNT";
        DESCRIPTIONS[69] = "Srmount error";
        NAMES[70] = "ECOMM";
        DESCRIPTIONS[70] = "Communication error on send";
        NAMES[71] = "EPROTO";
        DESCRIPTIONS[71] = "Protocol error";
        NAMES[72] = "EMULTIHOP";
        DESCRIPTIONS[72] = "Multihop attempted";
        NAMES[73] = "EDOTDOT";
        DESCRIPTIONS[73] = "RFS specific error";
        NAMES[74] = "EBADMSG";
        DESCRIPTIONS[74] = "Not a data message";
        NAMES[75] = "EOVERFLOW";
        DESCRIPTIONS[75] = "Value too large for defined data type";
        NAMES[76] = "ENOTUNIQ";
        DESCRIPTIONS[76] = "Name not unique on network";
        NAMES[77] = "EBADFD";
        DESCRIPTIONS[77] = "File descriptor in bad state";
        NAMES[78] = "EREMCHG";
        DESCRIPTIONS[78] = "Remote address changed";
        NAMES[79] = "ELIBACC";
        DESCRIPTIONS[79] = "Can not access a needed shared library";
        NAMES[80] = "ELIBBAD";
        DESCRIPTIONS[80] = "Accessing a corrupted shared library";
        NAMES[81] = "ELIBSCN";
        DESCRIPTIONS[81] = ".lib section in a.out corrupted";
        NAMES[82] = "ELIBMAX";
        DESCRIPTIONS[82] = "Attempting to link in too many shared libraries";
        NAMES[83] = "ELIBEXEC";
        DESCRIPTIONS[83] = "Cannot exec a shared library directly";
        NAMES[84] = "EILSEQ";
        DESCRIPTIONS[84] = "Illegal byte sequence";
        NAMES[85] = "ERESTART";
        DESCRIPTIONS[85] = "Interrupted system call should be restarted";
        NAMES[86] = "ESTRPIPE";
        DESCRIPTIONS[86] = "Streams pipe error";
        NAMES[87] = "EUSERS";
        DESCRIPTIONS[87] = "Too many users";
        NAMES[88] = "ENOTSOCK";
        DESCRIPTIONS[88] = "Socket operation on non-socket";
        NAMES[89] = "EDESTADDRREQ";
        DESCRIPTIONS[89] = "Destination address required";
        NAMES[90] = "EMSGSIZE";
        DESCRIPTIONS[90] = "Message too long";
        NAMES[91] = "EPROTOTYPE";
        DESCRIPTIONS[91] = "Protocol wrong type for socket";
        NAMES[92] = "ENOPROTOOPT";
        DESCRIPTIONS[92] = "Protocol not available";
        NAMES[93] = "EPROTONOSUPPORT";
        DESCRIPTIONS[93] = "Protocol not supported";
        NAMES[94] = "ESOCKTNOSUPPORT";
        DESCRIPTIONS[94] = "Socket type not supported";
        NAMES[95] = "EOPNOTSUPP";
        DESCRIPTIONS[95] = "Operation not supported on transport endpoint";
        NAMES[96] = "EPFNOSUPPORT";
        DESCRIPTIONS[96] = "Protocol family not supported";
        NAMES[97] = "EAFNOSUPPORT";
        DESCRIPTIONS[97] = "Address family not supported by protocol";
        NAMES[98] = "EADDRINUSE";
        DESCRIPTIONS[98] = "Address already in use";
        NAMES[99] = "EADDRNOTAVAIL";
        DESCRIPTIONS[99] = "Cannot assign requested address";
        NAMES[100] = "ENETDOWN";
        DESCRIPTIONS[100] = "Network is down";
        NAMES[101] = "ENETUNREACH";
        DESCRIPTIONS[101] = "Network is unreachable";
        NAMES[102] = "ENETRESET";
        DESCRIPTIONS[102] = "Network dropped connection because of reset";
        NAMES[103] = "ECONNABORTED";
        DESCRIPTIONS[103] = "Software caused connection abort";
        NAMES[104] = "ECONNRESET";
        DESCRIPTIONS[104] = "Connection reset by peer";
        NAMES[105] = "ENOBUFS";
        DESCRIPTIONS[105] = "No buffer space available";
        NAMES[106] = "EISCONN";
        DESCRIPTIONS[106] = "Transport endpoint is already connected";
        NAMES[107] = "ENOTCONN";
        DESCRIPTIONS[107] = "Transport endpoint is not connected";
        NAMES[108] = "ESHUTDOWN";
        DESCRIPTIONS[108] = "Cannot send after transport endpoint shutdown";
        NAMES[109] = "ETOOMANYREFS";
        DESCRIPTIONS[109] = "Too many references: cannot splice";
        NAMES[110] = "ETIMEDOUT";
        DESCRIPTIONS[110] = "Connection timed out";
        NAMES[111] = "ECONNREFUSED";
        DESCRIPTIONS[111] = "Connection refused";
        NAMES[112] = "EHOSTDOWN";
        DESCRIPTIONS[112] = "Host is down";
        NAMES[113] = "EHOSTUNREACH";
        DESCRIPTIONS[113] = "No route to host";
        NAMES[114] = "EALREADY";
        DESCRIPTIONS[114] = "Operation already in progress";
        NAMES[115] = "EINPROGRESS";
        DESCRIPTIONS[115] = "Operation now in progress";
        NAMES[116] = "ESTALE";
        DESCRIPTIONS[116] = "Stale file handle";
        NAMES[117] = "EUCLEAN";
        DESCRIPTIONS[117] = "Structure needs cleaning";
        NAMES[118] = "ENOTNAM";
        DESCRIPTIONS[118] = "Not a XENIX named type file";
        NAMES[119] = "ENAVAIL";
        DESCRIPTIONS[119] = "No XENIX semaphores available";
        NAMES[120] = "EISNAM";
        DESCRIPTIONS[120] = "Is a named type file";
        NAMES[121] = "EREMOTEIO";
        DESCRIPTIONS[121] = "Remote I/O error";
        NAMES[122] = "EDQUOT";
        DESCRIPTIONS[122] = "Quota exceeded";
        NAMES[123] = "ENOMEDIUM";
        DESCRIPTIONS[123] = "No medium found";
        NAMES[124] = "EMEDIUMTYPE";
        DESCRIPTIONS[124] = "Wrong medium type";
        NAMES[125] = "ECANCELED";
        DESCRIPTIONS[125] = "Operation Canceled";
        NAMES[126] = "ENOKEY";
        DESCRIPTIONS[126] = "Required key not available";
        NAMES[127] = "EKEYEXPIRED";
        DESCRIPTIONS[127] = "Key has expired";
        NAMES[128] = "EKEYREVOKED";
        DESCRIPTIONS[128] = "Key has been revoked";
        NAMES[129] = "EKEYREJECTED";
        DESCRIPTIONS[129] = "Key was rejected by service";
        NAMES[130] = "EOWNERDEAD";
        DESCRIPTIONS[130] = "Owner died";
        NAMES[131] = "ENOTRECOVERABLE";
        DESCRIPTIONS[131] = "State not recoverable";
        NAMES[132] = "ERFKILL";
        DESCRIPTIONS[132] = "Operation not possible due to RF-kill";
        NAMES[133] = "EHWPOISON";
        DESCRIPTIONS[133] = "Memory page has hardware error";
    }

    /**
     * Returns the symbolic name of an errno value, e.g. {@code "ENOENT"} for 2, or {@code "E<number>"} when unknown.
     */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < NAMES.length && NAMES[e] != null ? NAMES[e] : "E" + e;
    }

    /** Returns the description of an errno value, e.g. {@code "No such file or directory"}. */
    public static String describe(int errno) {
        int e = Math.abs(errno);
        return e < DESCRIPTIONS.length && DESCRIPTIONS[e] != null ? DESCRIPTIONS[e] : "Unknown error " + e;
    }
}
