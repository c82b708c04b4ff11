#!/usr/bin/env bash
# bench/run.sh - osgi-fuse against its peers with ../shared/bench/fsbench, interleaved over several rounds.
#
#   bench/run.sh [--quick] [--rounds N] [--systems LIST] [--only GROUPS] [--out DIR] [--build]
#                [--host NAME=JAR]... [--host-opts NAME=OPTS]... [--cfg [NAME.]DRIVER:KEY=VALUE]... [--keep-going]
#
# Mounts (all under one temporary directory, all removed again on exit, Ctrl-C or SIGTERM):
#   tmpfs        kernel tmpfs                         (the bar for memfs)
#   plain        a plain directory on the disk file system (--force; the bar for passthrough)
#   memfs        drivers/memfs through the host jar    (etc/fuse.driver.memfs-bench.cfg)
#   passthrough  drivers/passthrough through the host jar, source on the disk (etc/fuse.driver.passthrough-bench.cfg)
#   c-ll         libfuse's C example passthrough_ll (compiled here from libfuse3-dev's examples, never kept)
#   jnr          jnr-fuse's example MemoryFS on libfuse 2 (fetched with Maven into the temporary directory)
# Each round runs `fsbench --run R` once per system (the order rotates from round to round), all into one JSON
# file; then `fsbench report` prints the medians and same-run ratios and bench/targets.py the issue's targets.
#
# Options:
#   --quick            fsbench --quick sizes, 1 round unless --rounds says otherwise (a smoke run)
#   --rounds N         rounds (default 3)
#   --systems LIST     comma-separated subset of tmpfs,plain,memfs,passthrough,c-ll,jnr (default: all)
#   --only GROUPS      passed to fsbench --only (e.g. stat-nocache,pmeta)
#   --out DIR          where results.jsonl, report.md, settings.md and the logs go
#                      (default bench/results/<date>-<time>, ignored by git)
#   --build            rebuild the host jar first (default: build only when host/target/osgi-fuse.jar is missing)
#   --host NAME=JAR    A/B: start one host per --host, each with its own memfs and passthrough mounts, labelled
#                      memfs-NAME / passthrough-NAME (default: one host, the repository's jar, labels memfs/passthrough)
#   --host-opts NAME=OPTS  extra JVM options (space-separated) for the host NAME only, after BENCH_HOST_JAVA_OPTS: one
#                      jar under two JVM settings is --host a=J --host b=J --host-opts b=-XX:+UseTransparentHugePages;
#                      a collector named there (-XX:+UseG1GC) replaces the one scripts/env.sh chose
#   --cfg SPEC         extra configuration line for our mounts: DRIVER:KEY=VALUE for every host, NAME.DRIVER:KEY=VALUE
#                      for one (DRIVER is memfs or passthrough), e.g. --cfg memfs:writeback=true
#   --keep-going       a system that fails to start is left out instead of ending the run
#   --fsbench-arg ARG  one more argument for every fsbench call (repeatable), e.g. --fsbench-arg --time=5
#
# Environment: BENCH_MVN_ARGS (extra Maven arguments, e.g. -Dmaven.repo.local=...), BENCH_HOST_JAVA_OPTS (extra
# JVM options of the host), BENCH_TMP (parent of the temporary directory; default /tmp; it must be on a disk file
# system, not tmpfs, for plain / passthrough / c-ll to mean anything), FSBENCH (path of fsbench).
#
# Cache settings, the same for every FUSE peer unless --cfg changes ours: entry and attribute timeout 1 s
# (passthrough_ll's default, cache=normal), default_permissions, no writeback cache; memfs also has a 1 MiB
# readahead window (fuse.readahead.kb=1024), the others the kernel's 128 KiB. They are written to
# settings.md next to the figures, with each mount's options as /proc/mounts shows them.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PROG=bench/run.sh
ALL_SYSTEMS="tmpfs,plain,memfs,passthrough,c-ll,jnr"
TIMEOUT=1
JNR_FUSE_VERSION=0.5.8
PLL_SRC=/usr/share/doc/libfuse3-dev/examples/passthrough_ll.c

QUICK=0 ROUNDS="" SYSTEMS=$ALL_SYSTEMS ONLY="" OUT="" BUILD=0 KEEP_GOING=0
HOSTS=() CFGS=() FSB_EXTRA=()
declare -A HOST_OPTS=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --quick) QUICK=1 ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift ;;
    --rounds=*) ROUNDS=${1#*=} ;;
    --systems) SYSTEMS=${2:?--systems needs a list}; shift ;;
    --systems=*) SYSTEMS=${1#*=} ;;
    --only) ONLY=${2:?--only needs a list}; shift ;;
    --only=*) ONLY=${1#*=} ;;
    --out) OUT=${2:?--out needs a directory}; shift ;;
    --out=*) OUT=${1#*=} ;;
    --build) BUILD=1 ;;
    --host) HOSTS+=("${2:?--host needs NAME=JAR}"); shift ;;
    --host=*) HOSTS+=("${1#*=}") ;;
    --host-opts) o=${2:?--host-opts needs NAME=OPTS}; HOST_OPTS[${o%%=*}]=${o#*=}; shift ;;
    --host-opts=*) o=${1#*=}; HOST_OPTS[${o%%=*}]=${o#*=} ;;
    --cfg) CFGS+=("${2:?--cfg needs [NAME.]DRIVER:KEY=VALUE}"); shift ;;
    --cfg=*) CFGS+=("${1#*=}") ;;
    --keep-going) KEEP_GOING=1 ;;
    --fsbench-arg) FSB_EXTRA+=("${2:?}"); shift ;;
    --fsbench-arg=*) FSB_EXTRA+=("${1#*=}") ;;
    -h | --help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "$PROG: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
    shift
done
[[ -n $ROUNDS ]] || { [[ $QUICK == 1 ]] && ROUNDS=1 || ROUNDS=3; }
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "$PROG: --rounds needs a positive number" >&2; exit 64; }
for s in ${SYSTEMS//,/ }; do
    case ",$ALL_SYSTEMS," in *",$s,"*) ;; *) echo "$PROG: unknown system '$s' ($ALL_SYSTEMS)" >&2; exit 64 ;; esac
done
want() { case ",$SYSTEMS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

say() { echo "$PROG: $*" >&2; }
die() { say "$*"; exit 1; }

[[ $(id -u) == 0 ]] || die "needs root (mounting, dropping caches)"
[[ -c /dev/fuse ]] || die "/dev/fuse is missing"
FSBENCH=${FSBENCH:-}
if [[ -z $FSBENCH ]]; then
    for c in "$REPO/../shared/bench/fsbench" /work/shared/bench/fsbench; do
        [[ -x $c ]] && { FSBENCH=$c; break; }
    done
fi
[[ -n $FSBENCH && -x $FSBENCH ]] || die "fsbench not found (set FSBENCH=/path/to/shared/bench/fsbench)"

# ----------------------------------------------------------------------------------------------- tools, packages
# shellcheck source=../scripts/env.sh
. "$REPO/scripts/env.sh"
ensure_packages || die "missing packages"
if want jnr && ! ldconfig -p | grep -q 'libfuse\.so\.2'; then
    # Debian 12's 'fuse' package (libfuse 2's fusermount) conflicts with fuse3; the library alone does not, and
    # root mounts with mount(2) directly, without fusermount.
    say "installing libfuse2 (the library only) for jnr-fuse"
    apt-get install -y -q libfuse2 >/dev/null || die "apt-get install libfuse2 failed"
fi
if want c-ll && [[ ! -r $PLL_SRC ]]; then
    die "$PLL_SRC is missing (apt-get install libfuse3-dev)"
fi
# shellcheck disable=SC2206
MVN_ARGS=(-B -ntp ${BENCH_MVN_ARGS:-})

JAR=$REPO/host/target/osgi-fuse.jar
if [[ ${#HOSTS[@]} == 0 ]]; then
    if [[ $BUILD == 1 || ! -f $JAR ]] && { want memfs || want passthrough; }; then
        say "building the host jar (mvn install -DskipTests)"
        (cd "$REPO" && mvn "${MVN_ARGS[@]}" -q -Dstyle.color=never -DskipTests install) || die "build failed"
    fi
    HOSTS=("=$JAR")
fi

# ----------------------------------------------------------------------------------------------- work directory
W=$(mktemp -d "${BENCH_TMP:-/tmp}/osgi-fuse-bench.XXXXXX") || die "mktemp failed"
if [[ -z $OUT ]]; then
    OUT=$REPO/bench/results/$(date +%Y%m%d-%H%M%S)
fi
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
JSON=$OUT/results.jsonl
: >"$JSON"

MOUNTS=()      # every mount point we mount or have mounted for us, unmounted in reverse order
PIDS=()        # every server process we started
FSB_PID=""
CLEANED=0
cleanup() {
    local rc=${1:-$?} pid mp i left=0
    [[ $CLEANED == 1 ]] && return
    CLEANED=1
    trap - INT TERM EXIT
    if [[ -n $FSB_PID ]] && kill -0 "$FSB_PID" 2>/dev/null; then
        say "stopping fsbench"
        kill -TERM -- "-$FSB_PID" 2>/dev/null || kill -TERM "$FSB_PID" 2>/dev/null
        wait "$FSB_PID" 2>/dev/null
    fi
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for ((i = 0; i < 200; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "process $pid did not stop after SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null
        fi
        wait "$pid" 2>/dev/null
    done
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        mp=${MOUNTS[i]}
        if mountpoint -q "$mp" 2>/dev/null || findmnt -n -M "$mp" >/dev/null 2>&1; then
            umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || { say "cannot unmount $mp"; left=1; }
        fi
    done
    if [[ $left == 0 && -n $W && $W == "${BENCH_TMP:-/tmp}"/osgi-fuse-bench.* ]]; then
        if findmnt -rn -o TARGET | grep -q "^$W/"; then
            say "something is still mounted below $W; leaving it"
        else
            rm -rf --one-file-system -- "$W"
        fi
    fi
    exit "$rc"
}
trap 'cleanup $?' EXIT
trap 'say interrupted; cleanup 130' INT
trap 'say terminated; cleanup 143' TERM

wait_mounted() { # mountpoint fstype-glob pid seconds
    local mp=$1 t=$2 pid=$3 i
    for ((i = 0; i < $4 * 10; i++)); do
        # shellcheck disable=SC2053
        if [[ $(findmnt -n -M "$mp" -o FSTYPE 2>/dev/null) == $t ]]; then
            return 0
        fi
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

LABELS=()      # labels in report order
declare -A MP_OF=() FORCE_OF=() SET_OF=()
started() { # label mountpoint force settings
    LABELS+=("$1")
    MP_OF[$1]=$2
    FORCE_OF[$1]=$3
    SET_OF[$1]=$4
}
failed_start() {
    if [[ $KEEP_GOING == 1 ]]; then
        say "$1; leaving it out (--keep-going)"
    else
        die "$1"
    fi
}
mkdir -p "$W/mnt" "$W/bin"

# ----------------------------------------------------------------------------------------------- the systems
if want tmpfs; then
    mkdir -p "$W/mnt/tmpfs"
    MOUNTS+=("$W/mnt/tmpfs")
    mount -t tmpfs -o size=8g bench-tmpfs "$W/mnt/tmpfs" || die "cannot mount tmpfs"
    started tmpfs "$W/mnt/tmpfs" 0 "kernel tmpfs, size=8g | – | – | – | – | –"
fi
if want plain; then
    mkdir -p "$W/plain"
    started plain "$W/plain" 1 "$(findmnt -n -o FSTYPE -T "$W/plain") directory, no FUSE | – | – | – | – | –"
fi

HOST_PIDS=()
HOST_NAMES=()
if want memfs || want passthrough; then
    for spec in "${HOSTS[@]}"; do
        name=${spec%%=*}
        jar=${spec#*=}
        [[ -f $jar ]] || die "host jar $jar not found"
        jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
        sfx=${name:+-$name}
        hd=$W/host$sfx
        mkdir -p "$hd/etc" "$hd/deploy"
        if want memfs; then
            mkdir -p "$W/mnt/memfs$sfx"
            {
                echo "fuse.mountpoint=$W/mnt/memfs$sfx"
                echo "capacity=8g"
                echo "timeout=$TIMEOUT"
                # tmpfs, memfs's yardstick, has no readahead (its page cache is the data); the passthroughs keep
                # the kernel's 128 KiB window, as passthrough_ll has it
                echo "fuse.readahead.kb=1024"
            } >"$hd/etc/fuse.driver.memfs-bench.cfg"
        fi
        if want passthrough; then
            mkdir -p "$W/mnt/passthrough$sfx" "$W/pt-src$sfx"
            {
                echo "fuse.mountpoint=$W/mnt/passthrough$sfx"
                echo "source=$W/pt-src$sfx"
                echo "timeout=$TIMEOUT"
            } >"$hd/etc/fuse.driver.passthrough-bench.cfg"
        fi
        for c in "${CFGS[@]}"; do
            target=${c%%:*}
            kv=${c#*:}
            cname="" cdrv=$target
            [[ $target == *.* ]] && { cname=${target%%.*}; cdrv=${target#*.}; }
            [[ -n $cname && $cname != "$name" ]] && continue
            f=$hd/etc/fuse.driver.$cdrv-bench.cfg
            [[ -f $f ]] || continue
            key=${kv%%=*}
            grep -v "^$key=" "$f" >"$f.new"
            echo "$kv" >>"$f.new"
            mv "$f.new" "$f"
        done
        mkdir -p "$hd/cfg-copy"
        cp "$hd"/etc/*.cfg "$hd/cfg-copy/"
        say "starting the host$sfx ($jar)"
        base_opts=$OSGI_FUSE_JAVA_OPTS
        if [[ " ${BENCH_HOST_JAVA_OPTS:-} ${name:+${HOST_OPTS[$name]:-}} " =~ \ -XX:\+Use[A-Za-z0-9]+GC\  ]]; then
            # the host's own options choose the collector: env.sh's choice would conflict with it
            base_opts=$(tr ' ' '\n' <<<"$base_opts" | grep -vE '^-XX:\+Use[A-Za-z0-9]+GC$|^-XX:ShenandoahGCHeuristics=' | tr '\n' ' ')
        fi
        # shellcheck disable=SC2086
        (cd "$hd" && exec java $base_opts ${BENCH_HOST_JAVA_OPTS:-} ${name:+${HOST_OPTS[$name]:-}} -Dfuse.default.mounts= \
            -Dgosh.args=--nointeractive -jar "$jar" </dev/null >"$OUT/host$sfx.log" 2>&1) &
        hpid=$!
        PIDS+=("$hpid")
        HOST_PIDS+=("$hpid")
        HOST_NAMES+=("host$sfx")
        for drv in memfs passthrough; do
            want $drv || continue
            mp=$W/mnt/$drv$sfx
            MOUNTS+=("$mp")
            if wait_mounted "$mp" "fuse.osgi.$drv" "$hpid" 60; then
                cfg=$(grep -v mountpoint "$hd/cfg-copy/fuse.driver.$drv-bench.cfg" | tr '\n' ' ')
                if [[ $drv == memfs ]]; then
                    wb=$(grep -q '^writeback=true' "$hd/cfg-copy/fuse.driver.memfs-bench.cfg" && echo on || echo off)
                    st="osgi-fuse host$sfx, memfs ($cfg) | $(sed -n 's/^timeout=//p' "$hd/cfg-copy/fuse.driver.memfs-bench.cfg") s | $wb | yes (memfs is the only writer) | no | 1 MiB | readers 1..16"
                else
                    st="osgi-fuse host$sfx, passthrough ($cfg) | $(sed -n 's/^timeout=//p' "$hd/cfg-copy/fuse.driver.passthrough-bench.cfg") s | off | no | no | 1 MiB | readers 1..16"
                fi
                started "$drv$sfx" "$mp" 0 "$st"
            else
                failed_start "the host$sfx did not mount $drv on $mp within 60 s (see $OUT/host$sfx.log)"
            fi
        done
    done
fi

if want c-ll; then
    if gcc -O2 -Wall -o "$W/bin/passthrough_ll" "$PLL_SRC" $(pkg-config fuse3 --cflags --libs) 2>"$OUT/c-ll-build.log"; then
        mkdir -p "$W/mnt/c-ll" "$W/cll-src"
        MOUNTS+=("$W/mnt/c-ll")
        opts="source=$W/cll-src,timeout=$TIMEOUT,default_permissions"
        "$W/bin/passthrough_ll" -f -o "$opts" "$W/mnt/c-ll" </dev/null >"$OUT/c-ll.log" 2>&1 &
        PIDS+=("$!")
        if wait_mounted "$W/mnt/c-ll" fuse.passthrough_ll "$!" 30; then
            started c-ll "$W/mnt/c-ll" 0 "libfuse $(pkg-config --modversion fuse3) example passthrough_ll -o $opts (cache=normal) | $TIMEOUT s | off | no | no | libfuse default (1 MiB) | fuse_session_loop_mt, max_threads 10"
        else
            failed_start "passthrough_ll did not mount (see $OUT/c-ll.log)"
        fi
    else
        failed_start "compiling passthrough_ll failed (see $OUT/c-ll-build.log)"
    fi
fi

if want jnr; then
    mkdir -p "$W/jnr"
    cat >"$W/jnr/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>osgi-fuse.bench</groupId><artifactId>jnr-fuse-peer</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>com.github.serceman</groupId><artifactId>jnr-fuse</artifactId>
    <version>$JNR_FUSE_VERSION</version></dependency></dependencies>
</project>
EOF
    if (cd "$W/jnr" && mvn "${MVN_ARGS[@]}" -q dependency:copy-dependencies -DoutputDirectory=lib) >"$OUT/jnr-fetch.log" 2>&1; then
        mkdir -p "$W/mnt/jnr"
        MOUNTS+=("$W/mnt/jnr")
        # shellcheck disable=SC2086
        java $OSGI_FUSE_JAVA_OPTS -cp "$W/jnr/lib/*" "$HERE/JnrMemoryFs.java" "$W/mnt/jnr" -o default_permissions \
            </dev/null >"$OUT/jnr.log" 2>&1 &
        PIDS+=("$!")
        if wait_mounted "$W/mnt/jnr" 'fuse.*' "$!" 60; then
            started jnr "$W/mnt/jnr" 0 "jnr-fuse $JNR_FUSE_VERSION examples.MemoryFS, libfuse $(dpkg-query -W -f='${Version}' libfuse2 2>/dev/null) high-level API, -o default_permissions | 1 s (libfuse 2 defaults entry_timeout=1, attr_timeout=1) | off | no (no kernel_cache) | no | 4 KiB (libfuse 2 without big_writes) | fuse_loop_mt"
        else
            failed_start "jnr-fuse MemoryFS did not mount (see $OUT/jnr.log)"
        fi
    else
        failed_start "fetching jnr-fuse $JNR_FUSE_VERSION with Maven failed (see $OUT/jnr-fetch.log)"
    fi
fi
[[ ${#LABELS[@]} -gt 0 ]] || die "no system to measure"

host_mem() { # prints "rss_mib hwm_mib" of a pid
    awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "%.0f %.0f", r / 1024, h / 1024 }' "/proc/$1/status" 2>/dev/null
}
declare -A RSS_IDLE=()
if [[ ${#HOST_PIDS[@]} -gt 0 ]]; then
    sleep 2 # let the JIT and the mounts settle
    for i in "${!HOST_PIDS[@]}"; do
        read -r rss _ <<<"$(host_mem "${HOST_PIDS[i]}")"
        RSS_IDLE[${HOST_NAMES[i]}]=$rss
        say "${HOST_NAMES[i]}: RSS with its mounts idle: ${rss} MiB"
    done
fi

# ----------------------------------------------------------------------------------------------- settings.md
{
    echo "### Systems and their cache settings"
    echo
    echo "| label | system | entry/attr timeout | writeback cache | keep_cache | direct_io | max_write | threads | mount options |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for l in "${LABELS[@]}"; do
        echo "| $l | ${SET_OF[$l]} | $(findmnt -n -o OPTIONS -T "${MP_OF[$l]}" 2>/dev/null) |"
    done
} >"$OUT/settings.md"

# ----------------------------------------------------------------------------------------------- the rounds
FSB_ARGS=(--json "$JSON" --quiet)
[[ $QUICK == 1 ]] && FSB_ARGS+=(--quick)
[[ -n $ONLY ]] && FSB_ARGS+=(--only "$ONLY")
FSB_ARGS+=("${FSB_EXTRA[@]}")
n=${#LABELS[@]}
FAILS=0
T0=$(date +%s)
for ((r = 1; r <= ROUNDS; r++)); do
    for ((k = 0; k < n; k++)); do
        l=${LABELS[(k + r - 1) % n]}
        f=()
        [[ ${FORCE_OF[$l]} == 1 ]] && f=(--force)
        say "round $r/$ROUNDS: $l"
        setsid "$FSBENCH" "${FSB_ARGS[@]}" "${f[@]}" --label "$l" --run "$r" "${MP_OF[$l]}" \
            >>"$OUT/fsbench.log" 2>&1 &
        FSB_PID=$!
        wait "$FSB_PID"
        rc=$?
        FSB_PID=""
        if [[ $rc != 0 ]]; then
            FAILS=$((FAILS + 1))
            say "fsbench on $l ended with status $rc (see $OUT/fsbench.log)"
        fi
    done
    for i in "${!HOST_PIDS[@]}"; do
        read -r rss hwm <<<"$(host_mem "${HOST_PIDS[i]}")"
        say "${HOST_NAMES[i]} after round $r: RSS ${rss} MiB, peak ${hwm} MiB"
        echo "${HOST_NAMES[i]} round $r rss_mib=$rss hwm_mib=$hwm" >>"$OUT/host-memory.txt"
    done
done
T1=$(date +%s)

# ----------------------------------------------------------------------------------------------- report
ORDER=$(IFS=,; echo "${LABELS[*]}")
has() { [[ " ${LABELS[*]} " == *" $1 "* ]]; }
join() { local IFS=,; echo "$*"; }
memfss=() pts=()
for l in "${LABELS[@]}"; do
    case $l in memfs*) memfss+=("$l") ;; passthrough*) pts+=("$l") ;; esac
done
RATIOS=()
has tmpfs && [[ ${#memfss[@]} -gt 0 ]] && RATIOS+=(--ratio "tmpfs=$(join "${memfss[@]}")")
has c-ll && [[ ${#memfss[@]} -gt 0 || ${#pts[@]} -gt 0 ]] && RATIOS+=(--ratio "c-ll=$(join "${memfss[@]}" "${pts[@]}")")
has jnr && [[ ${#memfss[@]} -gt 0 ]] && RATIOS+=(--ratio "jnr=$(join "${memfss[@]}")")
if has plain; then
    cmp=("${pts[@]}")
    has c-ll && cmp+=(c-ll)
    [[ ${#cmp[@]} -gt 0 ]] && RATIOS+=(--ratio "plain=$(join "${cmp[@]}")")
fi
[[ ${#memfss[@]} -gt 1 ]] && RATIOS+=(--ratio "${memfss[0]}=$(join "${memfss[@]:1}")")
[[ ${#pts[@]} -gt 1 ]] && RATIOS+=(--ratio "${pts[0]}=$(join "${pts[@]:1}")")
{
    echo "## fsbench, $ROUNDS interleaved round(s)$([[ $QUICK == 1 ]] && echo ", --quick")$([[ -n $ONLY ]] && echo ", --only $ONLY")"
    echo
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)," \
        "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ); $((T1 - T0)) s."
    echo "Command: bench/run.sh$([[ $QUICK == 1 ]] && echo " --quick") --rounds $ROUNDS --systems $(IFS=,; echo "${LABELS[*]}")$([[ -n $ONLY ]] && echo " --only $ONLY")"
    echo
    cat "$OUT/settings.md"
    echo
    if [[ ${#HOST_PIDS[@]} -gt 0 ]]; then
        echo "### Host memory"
        echo
        for i in "${!HOST_NAMES[@]}"; do
            hn=${HOST_NAMES[i]}
            read -r rss hwm <<<"$(host_mem "${HOST_PIDS[i]}")"
            heap=""
            if [[ -x $JAVA_HOME/bin/jcmd ]] && "$JAVA_HOME/bin/jcmd" "${HOST_PIDS[i]}" GC.run >/dev/null 2>&1; then
                heap=$("$JAVA_HOME/bin/jcmd" "${HOST_PIDS[i]}" GC.heap_info 2>/dev/null |
                    sed -n 's/.*heap .*committed \([0-9]*\)K, used \([0-9]*\)K.*/\2 \1/p' |
                    awk 'NR == 1 { printf "heap after a full GC: %.0f MiB used of %.0f MiB committed", $1 / 1024, $2 / 1024 }')
            fi
            echo "- $hn: RSS ${RSS_IDLE[$hn]:-?} MiB with its mounts idle before the run; ${rss} MiB after it, peak ${hwm} MiB${heap:+; $heap}"
        done
        echo
    fi
    "$FSBENCH" report --transpose --order "$ORDER" "${RATIOS[@]}" "$JSON"
    echo
    python3 "$HERE/targets.py" "$JSON"
} >"$OUT/report.md" 2>&1
cat "$OUT/report.md"
say "results in $OUT (results.jsonl, report.md, settings.md, logs)"
[[ $FAILS == 0 ]] || say "$FAILS fsbench call(s) reported failures"
exit 0
