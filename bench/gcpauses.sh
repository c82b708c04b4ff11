#!/usr/bin/env bash
# bench/gcpauses.sh - the host's GC pauses while memfs holds a large file and fsbench runs every workload on it.
#
# Usage: bench/gcpauses.sh [--jar JAR] [--out DIR] [--size SIZE] [JVM OPTION...]
#   --jar JAR   the host jar (default: host/target/osgi-fuse.jar, built with ./run.sh or mvn install)
#   --out DIR   where gc.log, host.log and fsbench's output go (default: a new directory under /tmp)
#   --size SIZE what memfs holds during the run, as head -c takes it (default 4G; memfs's capacity is twice that)
#   JVM options after the others go to the host after scripts/env.sh's (e.g. -XX:+UseG1GC to compare collectors;
#   a collector named there replaces env.sh's).
# Prints the number of pauses, the longest and the median (from -Xlog:gc), the longest of each kind, and the host's
# resident memory after the fill, after fsbench and 15 s later. The host is stopped and its mount removed on exit.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAR=$ROOT/host/target/osgi-fuse.jar OUT= SIZE=4G
while [[ $# -gt 0 ]]; do
    case $1 in
    --jar) JAR=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    *) break ;;
    esac
done
FSBENCH=${FSBENCH:-$ROOT/../shared/bench/fsbench}
[[ -x $FSBENCH ]] || { echo "gcpauses: fsbench not found (set FSBENCH=/path/to/shared/bench/fsbench)" >&2; exit 1; }
[[ -f $JAR ]] || { echo "gcpauses: no host jar at $JAR (build it: mvn -o install -DskipTests)" >&2; exit 1; }
. "$ROOT/scripts/env.sh" >/dev/null
OUT=${OUT:-$(mktemp -d /tmp/gcpauses.XXXXXX)}
mkdir -p "$OUT/etc" "$OUT/deploy" "$OUT/mnt/m"
base_opts=$OSGI_FUSE_JAVA_OPTS
if [[ " $* " =~ \ -XX:\+Use[A-Za-z0-9]+GC\  ]]; then
    base_opts=$(tr ' ' '\n' <<<"$base_opts" | grep -vE '^-XX:\+Use[A-Za-z0-9]+GC$|^-XX:ShenandoahGCHeuristics=' | tr '\n' ' ')
fi
bytes=$(numfmt --from=iec "$SIZE")
cat >"$OUT/etc/fuse.driver.memfs-gc.cfg" <<CFG
fuse.mountpoint=$OUT/mnt/m
capacity=$((2 * bytes))
timeout=1
fuse.readahead.kb=1024
CFG
cd "$OUT"
# shellcheck disable=SC2086
java $base_opts "$@" -Xlog:gc:file="$OUT/gc.log" -Dorg.apache.felix.http.enable=false -Dfuse.default.mounts= \
    -Dgosh.args=--nointeractive -jar "$JAR" </dev/null >host.log 2>&1 &
host=$!
cleanup() {
    kill "$host" 2>/dev/null && wait "$host" 2>/dev/null
    if mountpoint -q "$OUT/mnt/m"; then umount -l "$OUT/mnt/m"; fi
}
trap cleanup EXIT
for _ in $(seq 120); do mountpoint -q "$OUT/mnt/m" && break; sleep 0.5; done
mountpoint -q "$OUT/mnt/m" || { echo "gcpauses: memfs did not mount (see $OUT/host.log)" >&2; exit 1; }
rss() { echo "$(($(awk '/VmRSS/{print $2}' "/proc/$host/status") / 1024)) MiB"; }
head -c "$SIZE" /dev/urandom >"$OUT/mnt/m/fill"
echo "memfs holds $(stat -c %s "$OUT/mnt/m/fill") bytes; host RSS $(rss)"
"$FSBENCH" --json "$OUT/fsbench.jsonl" "$OUT/mnt/m" >"$OUT/fsbench.txt" 2>&1
echo "after fsbench: host RSS $(rss)"
sleep 15
echo "15 s later: host RSS $(rss)"
cleanup
trap - EXIT
python3 - "$OUT/gc.log" <<'PY'
import re, sys
pauses, kinds = [], {}
for line in open(sys.argv[1]):
    m = re.search(r'(Pause [A-Za-z ]+(?:\((?:[^()]|\(\))*\) ?)*).* ([0-9.]+)ms$', line.strip())
    if m:
        ms = float(m.group(2)); kind = m.group(1).strip()
        pauses.append(ms); kinds[kind] = max(kinds.get(kind, 0), ms)
pauses.sort()
if not pauses:
    sys.exit("no pauses in " + sys.argv[1])
print(f"pauses {len(pauses)}, longest {pauses[-1]:.1f} ms, median {pauses[len(pauses) // 2]:.1f} ms")
for kind, ms in sorted(kinds.items(), key=lambda kv: -kv[1]):
    print(f"  {kind}: longest {ms:.1f} ms")
PY
echo "logs in $OUT (gc.log, host.log, fsbench.txt)"
