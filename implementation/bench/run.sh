#!/usr/bin/env bash
# Runs the configuration benchmark against the built tarball (or BENCH_TARBALL) and prints its growth table:
# 2,000, 10,000 and 50,000 backends x 10 servers by default, or the sizes given as arguments.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh
use_jdk21
need haproxy:haproxy
tarball=${BENCH_TARBALL:-$(ls implementation/target/dataplaneapi_*_Linux_x86_64.tar.gz 2>/dev/null | head -n 1 || true)}
if [ -z "$tarball" ]; then
    need mvn:maven
    mvn -B -q -DskipTests package
    tarball=$(ls implementation/target/dataplaneapi_*_Linux_x86_64.tar.gz | head -n 1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -zxf "$tarball"
chmod +x "$work/build/dataplaneapi"
# the implementation's runtime dependencies, for BareStack.java (below): resolved first, so that a failure shows
# before the long configuration benchmark
need mvn:maven
mvn -B -q dependency:build-classpath -pl implementation -DincludeScope=runtime \
    -Dmdep.outputFile="$work/stack.classpath"
java implementation/bench/ConfigBenchmark.java "$work/build/dataplaneapi" "$@"
# runtime: map payload, stats, server change; it starts haproxy with the integration tests' helper, and measures
# the same change against BareStack.java, a bare Helidon route on the implementation's own dependencies
javac -d "$work/classes" implementation/src/test/java/dev/dpapi/it/HaproxyProcess.java
BENCH_STACK_CLASSPATH=$(cat "$work/stack.classpath") \
    java -cp "$work/classes" implementation/bench/RuntimeBenchmark.java "$work/build/dataplaneapi"
bash implementation/bench/startup.sh "$work/build/dataplaneapi"   # start-up: first run and warm, seed and 2,000 backends
