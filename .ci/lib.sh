# Shared helpers of the project's scripts: find the newest JDK, install what is missing, start a Docker engine.
# Sourced by .ci/test and .ci/demo; everything they start is stopped by the trap they set.

log() { echo "==> $*" >&2; }

apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then
        log "apt-get update"
        apt-get update -qq
        apt_updated=1
    fi
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need COMMAND:PACKAGE ...: installs PACKAGE when COMMAND is missing.
need() {
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Exports JAVA_HOME as the newest JDK (21 or newer, with jlink) among $JAVA_HOME and /usr/lib/jvm/*. The build
# makes the executable's runtime with that JDK's jlink; from 25 on it also makes the AOT cache that starts it fast.
use_jdk21() {
    local candidate version best= best_version=0
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*/; do
        candidate=${candidate%/}
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ -x "$candidate/bin/jlink" ] || continue
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
        if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
            best=$candidate best_version=$version
        fi
    done
    if [ -z "$best" ]; then
        echo "no JDK 21 or newer found: install one (e.g. Temurin 25) under /usr/lib/jvm or set JAVA_HOME" >&2
        return 1
    fi
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
    log "using the JDK in $JAVA_HOME"
    [ "$best_version" -ge 25 ] || log "JDK $best_version makes no AOT cache (25+ does): the executable will start slower"
}

# Makes sure a Docker engine answers; starts one (host networking only) when none does.
started_dockerd=
need_docker() {
    need docker:docker.io dockerd:docker.io
    docker info >/dev/null 2>&1 && return 0
    log "starting dockerd (no bridge, no iptables: containers use the host network)"
    dockerd --bridge=none --iptables=false >/tmp/dpapi-dockerd.log 2>&1 &
    started_dockerd=$!
    local i
    for i in $(seq 1 60); do
        docker info >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "dockerd did not start; see /tmp/dpapi-dockerd.log" >&2
    return 1
}

stop_started_dockerd() {
    if [ -n "$started_dockerd" ]; then
        kill "$started_dockerd" 2>/dev/null || true
        wait "$started_dockerd" 2>/dev/null || true
    fi
}

# The HAProxy images the conformance suite runs on (2.6 from bookworm, 3.0 from trixie), built once without
# a registry when missing. Tags carry a hash of the recipe, so a changed recipe builds new images.
build_images() {
    need debootstrap:debootstrap
    local rev suite version images=()
    rev=$(sha1sum conformance/images/build-offline.sh | cut -c1-8)
    for suite in bookworm:2.6 trixie:3.0; do
        version=${suite#*:}
        bash conformance/images/build-offline.sh "${suite%%:*}" "dpapi-conformance/haproxy:$version-$rev"
        images+=("dpapi-conformance/haproxy:$version-$rev")
    done
    export CONFORMANCE_HAPROXY_IMAGES=${CONFORMANCE_HAPROXY_IMAGES:-$(IFS=,; echo "${images[*]}")}
}
