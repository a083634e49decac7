#!/usr/bin/env bash
# Builds one of the suite's HAProxy images without any registry: debootstrap a Debian root from Debian's
# package mirror, then `docker import` it. Machines that can pull use the Dockerfile beside this script.
#
#   build-offline.sh SUITE TAG      e.g. build-offline.sh bookworm dpapi-conformance/haproxy:2.6
#
# bookworm has HAProxy 2.6, trixie HAProxy 3.0. The images hold HAProxy and the few tools the suite
# drives it with, nothing else (no Java): an implementation's tarball must run there on its own, as the
# official static binary does.
set -euo pipefail

suite=${1:?usage: build-offline.sh SUITE TAG}
tag=${2:?usage: build-offline.sh SUITE TAG}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$tag" >/dev/null 2>&1; then
    echo "image $tag already exists"
    exit 0
fi

packages=haproxy,procps,curl,ca-certificates,socat

root=$(mktemp -d /var/tmp/dpapi-image.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "debootstrap $suite into $root (packages: $packages)"
debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
    || { tail -n 30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

mkdir -p "$root/run/haproxy" "$root/var/run"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

tar -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"]' \
    - "$tag" >/dev/null
echo "built $tag"
