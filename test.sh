#!/usr/bin/env bash
# Builds every module and runs every test (unit, FUSE mount tests, OSGi tests in Felix), then prints one line:
#   N passed, N failed, N skipped
# Exit code: Maven's.
set -u
cd "$(dirname "$0")"
ROOT=$(pwd -P)
. scripts/env.sh
ensure_packages || exit 1

# A killed earlier run can leave FUSE mounts under target/; 'mvn clean' cannot delete them. Unmount them lazily.
unmount_stale() {
    local dev mp type rest
    while read -r dev mp type rest; do
        case $type in fuse|fuse.*|fuseblk) ;; *) continue ;; esac
        mp=$(printf '%b' "$mp")   # /proc/mounts escapes blanks as \040
        case $mp in "$ROOT"/*) ;; *) continue ;; esac
        echo "test.sh: unmounting stale FUSE mount $mp"
        fusermount3 -u -z "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || echo "test.sh: could not unmount $mp" >&2
    done < /proc/mounts
}
unmount_stale

# Maven 3.8's jansi writes a colour reset (ESC[0m) without a newline at exit, even with -B: strip it so that the
# summary below is a line of its own
mvn -B -ntp -Dstyle.color=never --fail-at-end clean install "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
rc=${PIPESTATUS[0]}
unmount_stale

# Surefire: <module>/target/surefire-reports, <group>/<module>/target/surefire-reports;
# bnd tester: <module>/target/test-reports/<bndrun>/TEST-*.xml
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml */*/target/surefire-reports/TEST-*.xml */target/test-reports/*/TEST-*.xml)
if [ ${#reports[@]} -gt 0 ]; then
    cat "${reports[@]}"
fi | grep -o '<testsuite [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { n = split($i, kv, "="); if (n < 2) continue; v = kv[2]; gsub(/[^0-9]/, "", v);
        if (kv[1] == "tests") t += v; else if (kv[1] == "failures") f += v;
        else if (kv[1] == "errors") e += v; else if (kv[1] == "skipped") s += v } }
    END { printf "%d passed, %d failed, %d skipped\n", t - f - e - s, f + e, s }'
exit $rc
