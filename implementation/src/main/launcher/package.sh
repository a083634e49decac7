#!/usr/bin/env bash
# Builds build/dataplaneapi, one executable file: the launcher (dataplaneapi.sh) followed by a gzipped tar of
#   bin/dataplaneapi, lib/...   a Java runtime made with jlink from the build JDK: the server's modules only, stripped
#   app/dataplaneapi.jar        the application
#   lib/dataplaneapi.aot        the ahead-of-time cache of a training run (JDK 25+), for a fast start
# then the release tarball holding it. Run by the Maven build (package phase):
#
#   package.sh JAVA_HOME APP_JAR TARGET_DIR TARBALL_NAME FIXTURES_DIR
set -euo pipefail

java_home=$1 app_jar=$(readlink -f "$2") target=$(readlink -f "$3") tarball=$4 fixtures=$(readlink -f "$5")
here=$(cd "$(dirname "$0")" && pwd)
# The modules the server uses (jdeps: java.base, java.logging, java.management, jdk.unsupported, jdk.net for the
# listener's socket options, java.net.http and java.xml for service discovery's Consul and EC2 clients; java.sql, java.desktop and java.rmi only for Jackson's and junixsocket's optional
# extras, which it never touches). JDKs before 22 keep the EC ciphers TLS needs in jdk.crypto.ec.
modules=java.base,java.logging,java.management,java.net.http,java.xml,jdk.unsupported,jdk.net
if [ -f "$java_home/jmods/jdk.crypto.ec.jmod" ] || "$java_home/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
    modules=$modules,jdk.crypto.ec
fi

payload=$target/payload
rm -rf "$payload" "$target/training" "$target/app-classes"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$payload"
# The process is named after its executable: the runtime's launcher becomes bin/dataplaneapi.
mv "$payload/bin/java" "$payload/bin/dataplaneapi"
rm -f "$payload/bin/keytool"
# The jar is stored uncompressed: the payload's gzip compresses it better as a whole, and classes load
# without inflating.
mkdir -p "$payload/app" "$target/app-classes"
(cd "$target/app-classes" && "$java_home/bin/jar" -xf "$app_jar" && "$java_home/bin/jar" --create --no-compress \
    --file "$payload/app/dataplaneapi.jar" --manifest META-INF/MANIFEST.MF -C . .)
rm -rf "$target/app-classes"

# The launcher's own JVM options, so that the cache is made under the options it is used with.
jvm_options=$(sed -n 's/^\(jvm\|aot\)_options="\(.*\)"$/\2/p' "$here/dataplaneapi.sh" | tr '\n' ' ')
version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
if [ "$version" -ge 25 ]; then
    # shellcheck disable=SC2086 # the options are words
    "$java_home/bin/java" "$here/Training.java" "$fixtures/seed/dataplaneapi.hcl" "$target/training" \
        "$payload/bin/dataplaneapi" $jvm_options -XX:AOTMode=record -XX:AOTConfiguration="$target/training/aot.config" \
        -jar "$payload/app/dataplaneapi.jar" >"$target/training.log" 2>&1 \
        && "$payload/bin/dataplaneapi" $jvm_options -XX:AOTMode=create -XX:AOTConfiguration="$target/training/aot.config" \
        -XX:AOTCache="$payload/lib/dataplaneapi.aot" -jar "$payload/app/dataplaneapi.jar" >>"$target/training.log" 2>&1 \
        || { cat "$target/training.log" >&2; exit 1; }
else
    echo "package.sh: JDK $version makes no AOT cache (25+ does): the executable will start slower" >&2
fi

# Fixed owner and order: the same inputs give the same payload, hence the same cache key.
(cd "$payload" && find . -mindepth 1 | LC_ALL=C sort | tar --owner=0 --group=0 --numeric-owner --no-recursion \
    -cf - -T -) | gzip -6n >"$target/payload.tar.gz"
hash=$(sha256sum "$target/payload.tar.gz" | cut -c1-16)
lines=$(wc -l <"$here/dataplaneapi.sh")
mkdir -p "$target/build"
sed -e "s/@PAYLOAD_HASH@/$hash/" -e "s/@PAYLOAD_LINE@/$((lines + 1))/" "$here/dataplaneapi.sh" >"$target/build/dataplaneapi"
cat "$target/payload.tar.gz" >>"$target/build/dataplaneapi"
chmod 755 "$target/build/dataplaneapi"
tar -C "$target" --owner=0 --group=0 --numeric-owner -czf "$target/$tarball" build/dataplaneapi
echo "built $target/$tarball ($(du -k "$target/$tarball" | cut -f1) KiB; runtime key $hash)"
