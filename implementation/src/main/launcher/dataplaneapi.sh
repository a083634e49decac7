#!/bin/sh
# dataplaneapi: this file is a POSIX shell launcher followed by a gzipped tar of the application: its jar, a
# minimal Java runtime made for it (jlink) and that runtime's ahead-of-time cache of the start-up classes.
# The first start unpacks them once into a cache directory keyed by their hash; later starts run from there.
#
# Cache: $DATAPLANEAPI_CACHE_DIR when set, else /var/cache/dataplaneapi, else ${XDG_CACHE_HOME:-~/.cache}/dataplaneapi,
# else ${TMPDIR:-/tmp}/dataplaneapi-<uid>, else a new private temp dir; the first one that is usable and that
# only root or the current user can write. Removing it is always safe: it is unpacked again when needed.
# DATAPLANEAPI_USE_JAVA_HOME=1 runs the jar with $JAVA_HOME/bin/java (21+) instead of the bundled runtime.
# Extra JVM options: DATAPLANEAPI_JAVA_OPTS (they come last, so they win).
payload_hash=@PAYLOAD_HASH@
payload_line=@PAYLOAD_LINE@
# Small, fast-starting JVM for a long-running agent: serial GC (no collector threads beside HAProxy, least
# footprint) whose heap shrinks back to the live data plus 20 % after each full collection (free ratios 10-20 %);
# the C1 compiler (C2 costs more CPU and memory than it saves on short requests), compiling a method after about 10
# calls instead of 200: a request runs each of its methods about once, so by default the first few hundred requests
# of each kind ran interpreted, at 3-4 times the CPU (compiling early costs about 0.1 s more CPU at start).
jvm_options="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -Xss512k -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Djava.util.logging.manager=dev.dpapi.logging.LastToCloseLogManager"
aot_options="-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"

fail() {
    echo "dataplaneapi: $*" >&2
    exit 127
}

me=$(id -u)

# Whether directory $1 can only be written by root or the current user ($2 = sticky: a world-writable
# directory with the sticky bit, like /tmp, is accepted as a parent, since nobody can replace others' entries).
trusted() {
    [ -d "$1" ] && [ ! -L "$1" ] || return 1
    set -- $(stat -c '%u %a' "$1") "$2"
    [ "$1" = 0 ] || [ "$1" = "$me" ] || return 1
    [ $((0$2 & 022)) = 0 ] || { [ -n "$3" ] && [ $((0$2 & 01000)) != 0 ]; }
}

# Unpacks the payload into $1/$payload_hash unless it is there; prints that directory, or fails when $1 cannot
# be used. Copies starting together each unpack into their own temp dir and rename it into place: the first
# rename wins, the others remove theirs and use the winner's.
runtime_in() {
    dir=$1/$payload_hash
    parent=${1%/*}
    if [ -f "$dir/complete" ] && trusted "$1" && trusted "$dir" && trusted "${parent:-/}" sticky; then
        echo "$dir"
        return 0
    fi
    mkdir -p -m 755 "$1" 2>/dev/null && [ -w "$1" ] && trusted "$1" && trusted "${parent:-/}" sticky || return 1
    unpack=$(mktemp -d "$1/.unpack.XXXXXX" 2>/dev/null) || return 1
    if (umask 022 && tail -n "+$payload_line" "$0" | tar -xzf - -C "$unpack") 2>/dev/null \
            && : >"$unpack/complete" && chmod 755 "$unpack" && mv -T "$unpack" "$dir" 2>/dev/null; then
        echo "$dir"
        return 0
    fi
    rm -rf "$unpack"
    [ -f "$dir/complete" ] && trusted "$dir" && echo "$dir"
}

platform=$(uname -sm)
if [ "$platform" != "Linux x86_64" ] || [ ! -e /lib64/ld-linux-x86-64.so.2 ]; then
    [ "${DATAPLANEAPI_USE_JAVA_HOME:-}" = 1 ] \
        || fail "this build runs on x86_64 Linux with glibc, not on $platform$([ -e /lib64/ld-linux-x86-64.so.2 ] || echo ' without glibc'); with a Java 21+ in JAVA_HOME, DATAPLANEAPI_USE_JAVA_HOME=1 runs it there"
fi

home=
for base in "${DATAPLANEAPI_CACHE_DIR:-/var/cache/dataplaneapi}" "${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/dataplaneapi" \
        "${TMPDIR:-/tmp}/dataplaneapi-$me"; do
    home=$(runtime_in "${base%/}") && break
done
[ -n "$home" ] || { private=$(mktemp -d) && home=$(runtime_in "$private"); } \
    || fail "could not unpack its runtime: no usable cache directory (set DATAPLANEAPI_CACHE_DIR to a writable one)"

if [ "${DATAPLANEAPI_USE_JAVA_HOME:-}" = 1 ]; then
    java=${JAVA_HOME:-}/bin/java
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${JAVA_HOME:-/nonexistent}/release" 2>/dev/null)
    [ -x "$java" ] && [ "${version:-0}" -ge 21 ] \
        || fail "DATAPLANEAPI_USE_JAVA_HOME=1 needs JAVA_HOME set to a Java 21 or newer (JAVA_HOME=${JAVA_HOME:-unset}, version ${version:-unknown})"
    exec "$java" $jvm_options $DATAPLANEAPI_JAVA_OPTS -jar "$home/app/dataplaneapi.jar" "$@"
fi
# bin/dataplaneapi is the runtime's java launcher under the name the process should have; the AOT cache
# (class data of a training run at build time) is there when the build JDK could make one (25+). Its cached
# call adapters are left out: JDK 25.0.3 mislinks one of them and warns on stdout at every start.
aot=
[ -f "$home/lib/dataplaneapi.aot" ] && aot="-XX:AOTCache=$home/lib/dataplaneapi.aot $aot_options"
exec "$home/bin/dataplaneapi" $jvm_options $aot $DATAPLANEAPI_JAVA_OPTS \
    -jar "$home/app/dataplaneapi.jar" "$@"
exit 127
# the payload (gzipped tar) follows the next line
