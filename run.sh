#!/usr/bin/env bash
# Builds everything (no tests) and starts the osgi-fuse host with the Gogo shell on the console.
# Extra arguments are passed to java before -jar (e.g. -Dfoo=bar).
set -eu
cd "$(dirname "$0")"
. scripts/env.sh
ensure_packages
# -DskipTests also skips bnd-testing-maven-plugin (its 'skipTests' parameter reads the same property)
# (Maven 3.8's jansi writes a colour reset at exit even with -B; stripped so the host's first line starts clean)
mvn -B -ntp -Dstyle.color=never -DskipTests install 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "osgi-fuse: the build failed" >&2; exit 1; }

cd host/target
# FileInstall (osgi-fuse.bndrun) watches deploy/ (bundles) and etc/ (*.cfg, *.config) here; it does not create them
mkdir -p deploy etc
# The host mounts hello and memfs under mnt/ here on its first start (fuse.default.mounts in osgi-fuse.bndrun)
# and prints where; 'fuse:mounts' lists them, 'stop 0' or Ctrl-C unmounts everything and exits.
echo "osgi-fuse: starting in $(pwd): hello on $(pwd)/mnt/hello, memfs on $(pwd)/mnt/memfs"
# The web console (README, The web console): 127.0.0.1 only; port 8080 unless -Dorg.osgi.service.http.port=N is given
# or etc/org.apache.felix.http.cfg says otherwise (the host logs the URL it really uses)
port=8080
for a in "$@"; do case $a in -Dorg.osgi.service.http.port=*) port=${a#*=} ;; esac; done
echo "osgi-fuse: web console on http://127.0.0.1:$port/system/console/fuse, user admin, password in $(pwd)/etc/webconsole.password"

# 'stop 0', Ctrl-C and SIGTERM stop the framework (unmounting everything) and exit 0 (fuse.host's shutdown hook).
# SIGTERM to this script is passed on. (stdin is redirected explicitly: a background job would otherwise read
# /dev/null instead of the terminal)
# shellcheck disable=SC2086
java $OSGI_FUSE_JAVA_OPTS "$@" -jar osgi-fuse.jar 0<&0 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
rc=0
while kill -0 "$pid" 2>/dev/null; do
    if wait "$pid"; then rc=0; else rc=$?; fi
done
exit "$rc"
