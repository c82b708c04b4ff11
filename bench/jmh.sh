#!/usr/bin/env bash
# bench/jmh.sh - the JMH micro-benchmarks of module fuse.bench: the request path without the kernel (libfuse decodes a
# request built in memory, the runtime dispatches it to the driver and encodes the reply, which goes to /dev/null).
#
#   bench/jmh.sh [JMH options] [benchmark regexp]     e.g.  bench/jmh.sh -prof gc getattr
#
# Builds fuse.bench (and what it depends on) when it is missing, then runs org.openjdk.jmh.Main with the given
# arguments (bench/jmh.sh -h lists JMH's options). Environment: BENCH_MVN_ARGS (extra Maven arguments, e.g.
# -Dmaven.repo.local=...). Needs libfuse3 (fuse3 package); no mount, no root.
set -eu
cd "$(dirname "$0")/.."
. scripts/env.sh
if [[ ! -f fuse.bench/target/classpath.txt || ! -f fuse.bench/target/classes/META-INF/BenchmarkList ]]; then
    # shellcheck disable=SC2086
    mvn -B -ntp -q -Dstyle.color=never ${BENCH_MVN_ARGS:-} -DskipTests install -pl fuse.bench -am
fi
# shellcheck disable=SC2086
exec java $OSGI_FUSE_JAVA_OPTS -cp "fuse.bench/target/classes:$(cat fuse.bench/target/classpath.txt)" \
    org.openjdk.jmh.Main "$@"
