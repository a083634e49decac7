#!/bin/sh
# dataplaneapi: this file is a POSIX shell launcher followed by the application's jar archive.
# It starts the jar with the first Java 21+ runtime found through $JAVA_HOME, then $PATH.
# Extra JVM options: DATAPLANEAPI_JAVA_OPTS (they come last, so they win).

# Prints the feature version (e.g. 21) of the java binary $1, or nothing if it cannot tell.
java_feature_version() {
    home=$(dirname "$(dirname "$(readlink -f "$1")")")
    version=
    if [ -r "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "$version"
}

java=
seen=
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    version=$(java_feature_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
        java=$candidate
        break
    fi
    seen="$seen $candidate (${version:-unknown version})"
done

if [ -z "$java" ]; then
    echo "dataplaneapi: needs Java 21 or newer; set JAVA_HOME to one or put its java on PATH (found:${seen:- none})" >&2
    exit 127
fi

# Small, fast-starting JVM for a long-running agent: serial GC (no collector threads beside HAProxy, least
# footprint) whose heap shrinks back to the live data plus 20 % after each full collection (free ratios 10-20 %);
# the C1 compiler (C2 costs more CPU and memory than it saves on short requests).
exec "$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true $DATAPLANEAPI_JAVA_OPTS -jar "$0" "$@"
exit 127
