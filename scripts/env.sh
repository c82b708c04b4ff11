# shellcheck shell=bash
# Sourced by ./test.sh and ./run.sh: selects a JDK >= 21 and defines ensure_packages.
#   . scripts/env.sh
# Exports JAVA_HOME, PATH, JAVA_MAJOR and (JDK >= 24) MAVEN_OPTS / OSGI_FUSE_JAVA_OPTS.

_osgi_fuse_jdk_major() {  # $1 = a JDK home; prints its feature version, or nothing
    local rel="$1/release" v
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    if [ -r "$rel" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$rel")
    else
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    fi
    v=${v#1.}
    echo "${v%%[.+-]*}"
}

_osgi_fuse_pick_jdk() {
    local c m best="" bestm=0
    for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        [ -n "$c" ] || continue
        m=$(_osgi_fuse_jdk_major "$c")
        if [ -n "$m" ] && [ "$m" -ge 21 ]; then echo "$c"; return 0; fi
    done
    for c in /usr/lib/jvm/*; do
        [ -d "$c" ] || continue
        m=$(_osgi_fuse_jdk_major "$c")
        if [ -n "$m" ] && [ "$m" -ge 21 ] && [ "$m" -gt "$bestm" ]; then best=$c; bestm=$m; fi
    done
    [ -n "$best" ] && echo "$best"
}

_osgi_fuse_jdk=$(_osgi_fuse_pick_jdk)
if [ -z "$_osgi_fuse_jdk" ]; then
    {
        echo "osgi-fuse: no JDK >= 21 found (looked at JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/temurin-25-jdk-amd64 and /usr/lib/jvm/*)."
        echo "osgi-fuse: the build compiles with --release 21 and needs a JDK (java + javac) of version 21 or newer."
        echo "osgi-fuse: install one, e.g. 'apt-get install openjdk-21-jdk' or Eclipse Temurin 21/25, or point JAVA_HOME at it."
    } >&2
    exit 1
fi
export JAVA_HOME="$_osgi_fuse_jdk"
export PATH="$JAVA_HOME/bin:$PATH"
JAVA_MAJOR=$(_osgi_fuse_jdk_major "$JAVA_HOME")
export JAVA_MAJOR
# JVM flags for running the host jar and for Maven itself
OSGI_FUSE_JAVA_OPTS="--enable-native-access=ALL-UNNAMED"
if [ "$JAVA_MAJOR" -ge 24 ]; then
    # Maven's guava and Felix 7.0.5 call sun.misc.Unsafe: a warning on 24+ unless allowed (older JDKs reject the flag)
    case " ${MAVEN_OPTS:-} " in
        *--sun-misc-unsafe-memory-access=*) ;;
        *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
    export MAVEN_OPTS
    OSGI_FUSE_JAVA_OPTS="$OSGI_FUSE_JAVA_OPTS --sun-misc-unsafe-memory-access=allow"
fi
# No -XX:+UseTransparentHugePages: it was given while memfs kept file data in the Java heap (first writes into fresh
# heap memory faulted per 4 KiB page). memfs now keeps file data outside the heap, in a memory file
# (docs/memfs-storage.md); for the JVM's own heap, code cache and G1's tables the flag only made an idle host
# ~22 MiB larger (every touched 2 MiB page resident whole), and the host's writes, reads and small files ran no faster
# with it (docs/performance.md, Idle memory).
# The collector: Shenandoah where the JDK has it (Temurin, Debian's and Red Hat's OpenJDK; not Oracle's builds), with
# its compact heuristics (a cycle after every tenth of the heap allocated, at least every 30 s, free regions returned
# after 1 s). Its pauses stay under a millisecond where G1's young collections stopped every request for 25-65 ms on
# 2 vCPUs (copying the tree's long-lived nodes into memory the VM had not backed yet). G1 otherwise
# (docs/performance.md, GC pauses).
if "$JAVA_HOME/bin/java" -XX:+UseShenandoahGC -version >/dev/null 2>&1; then
    OSGI_FUSE_JAVA_OPTS="$OSGI_FUSE_JAVA_OPTS -XX:+UseShenandoahGC -XX:ShenandoahGCHeuristics=compact"
fi
export OSGI_FUSE_JAVA_OPTS
unset _osgi_fuse_jdk

# Installs (apt-get, as root) whichever of the packages the build and the mount tests need are missing, and of the
# extra packages named as arguments (test.sh adds postgresql-15 and the browser test's chromium and chromium-driver).
ensure_packages() {
    local pkg missing=() cmd
    # fuse3/libfuse3-dev: the library and its dev symlink; gcc: fsbench; the rest are the ordinary tools the mount
    # tests drive the file systems with (setfattr, chattr, python3 for syscalls java.nio lacks, git, sqlite3, …)
    for pkg in fuse3 libfuse3-dev attr e2fsprogs gcc maven python3 git sqlite3 util-linux tar diffutils "$@"; do
        case $pkg in
            fuse3) cmd=fusermount3 ;; attr) cmd=setfattr ;; e2fsprogs) cmd=chattr ;; gcc) cmd=gcc ;; maven) cmd=mvn ;;
            python3) cmd=python3 ;; git) cmd=git ;; sqlite3) cmd=sqlite3 ;; util-linux) cmd=fallocate ;; tar) cmd=tar ;; diffutils) cmd=diff ;;
            postgresql-15) cmd=/usr/lib/postgresql/15/bin/initdb ;;
            chromium) cmd=/usr/bin/chromium ;; chromium-driver) cmd=/usr/bin/chromedriver ;;
            *) cmd="" ;;
        esac
        if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then continue; fi
        if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then continue; fi
        missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "osgi-fuse: installing missing packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "osgi-fuse: not root and no sudo; please install: ${missing[*]}" >&2; return 1
        fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
        echo "osgi-fuse: apt-get install ${missing[*]} failed" >&2; return 1; }
    hash -r
}
