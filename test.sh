#!/usr/bin/env bash
# Builds every module and runs every test (unit, FUSE mount tests, OSGi tests in Felix), then prints one line:
#   N passed, N failed, N skipped
# Exit code: Maven's.
set -u
cd "$(dirname "$0")"
ROOT=$(pwd -P)
. scripts/env.sh
# postgresql-15: the throw-away server host.itest starts for sqlfs' shared (PostgreSQL) mode;
# chromium, chromium-driver: the headless browser host.itest's web console test drives (Selenium)
ensure_packages postgresql-15 chromium chromium-driver || exit 1

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
# Reports of an earlier run must not be counted: a module Maven skips after a failure keeps its old target/.
rm -rf ./*/target/surefire-reports ./*/*/target/surefire-reports ./*/target/test-reports

# Maven 3.8's jansi writes a colour reset (ESC[0m) without a newline at exit, even with -B: strip it so that the
# summary below is a line of its own
mvn -B -ntp -Dstyle.color=never --fail-at-end clean install "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
rc=${PIPESTATUS[0]}
unmount_stale

# Count every test case in the JUnit XML reports: Surefire's (<module>/target/surefire-reports, one level deeper
# under drivers/) and bnd's OSGi tester's (<module>/target/test-reports/<bndrun>/). Test cases are counted one by one:
# Surefire writes tests="0" on the <testsuite> of a class whose tests are all in @Nested classes.
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml */*/target/surefire-reports/TEST-*.xml */target/test-reports/*/TEST-*.xml)
python3 - "${reports[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"test.sh: unreadable report {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    for case in root.iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $rc
