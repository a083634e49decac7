# Shared helpers of the project's scripts: find a JDK 21+, install what is missing, start a Docker engine.
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

# Exports JAVA_HOME as a JDK 21+: the current one if good enough, else the newest under /usr/lib/jvm.
use_jdk21() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        candidate=${candidate%/}
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
        if [ -n "$version" ] && [ "$version" -ge 21 ]; then
            export JAVA_HOME=$candidate
            export PATH="$JAVA_HOME/bin:$PATH"
            log "using the JDK in $JAVA_HOME"
            return 0
        fi
    done
    echo "no JDK 21 or newer found: install one (e.g. Temurin 21+) under /usr/lib/jvm or set JAVA_HOME" >&2
    return 1
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
