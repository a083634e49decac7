#!/usr/bin/env bash
# Start-up figures of the dataplaneapi executable: start to first 200 on /v2/info and RSS right after, on the
# install guide's settings with a small haproxy.cfg ("seed") and with 2,000 backends x 10 servers; the first
# run (the bundled runtime unpacked into an empty cache) and warm runs (cache reused). Figures only.
#
#   startup.sh [EXECUTABLE] [RUNS]        the table; EXECUTABLE defaults to the built tarball's
#   startup.sh --prepare DIR BACKENDS     writes DIR/haproxy.cfg and DIR/dataplaneapi.hcl (0 backends: seed)
#   startup.sh --once EXECUTABLE DIR      one start on DIR's files: prints "<ms to first 200> <RSS KiB>", stops it
#
# --once is what an outside timer (e.g. /usr/bin/time -v) should run; DATAPLANEAPI_CACHE_DIR picks the cache.
# The table uses a cache of its own in a temp dir, removed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

prepare() {
    local dir=$1 backends=$2
    mkdir -p "$dir/tx"
    {
        printf '# _version=1\nglobal\n  stats socket %s/haproxy.sock mode 660 level admin\n\n' "$dir"
        printf 'defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\n'
        printf 'frontend www\n  bind 127.0.0.1:18080\n  default_backend be0\n\nbackend be0\n  server s0 127.0.0.1:18081\n'
        awk -v n="$backends" 'BEGIN { for (i = 1; i < n; i++) { printf "\nbackend be%d\n  balance roundrobin\n", i
            for (j = 0; j < 10; j++) printf "  server s%d 127.0.0.%d:%d weight 10\n", j, j + 1, 10000 + i } }'
    } >"$dir/haproxy.cfg"
    sed -e "s#/tmp/haproxy#$dir/tx#" -e "s#/etc/haproxy/haproxy.cfg#$dir/haproxy.cfg#" \
        -e 's#service haproxy re[a-z]*#true#' "$root/fixtures/seed/dataplaneapi.hcl" >"$dir/dataplaneapi.hcl"
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12000)) # below the ephemeral range
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

once() {
    local exe=$1 dir=$2 port start pid code=000 ms rss
    port=$(free_port)
    start=$(date +%s%N)
    "$exe" -f "$dir/dataplaneapi.hcl" --host 127.0.0.1 --port "$port" >"$dir/api.log" 2>&1 &
    pid=$!
    # polls until the first 200, for at most 60 s: the port every 10 ms (cheap: no curl spinning on the CPU
    # the API needs), then /v2/info
    while [ "$code" != 200 ] && [ $(( $(date +%s%N) - start )) -lt 60000000000 ]; do
        if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            exec 3<&-
            code=$(curl -s -o /dev/null -w '%{http_code}' --user admin:adminpwd "http://127.0.0.1:$port/v2/info" || true)
        else
            sleep 0.01
        fi
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ "$code" = 200 ] || { echo "the API did not answer 200: $(tail -n 5 "$dir/api.log")" >&2; return 1; }
    echo "$ms $rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

case "${1:-}" in
    --prepare) prepare "$2" "$3"; exit ;;
    --once) once "$2" "$3"; exit ;;
esac

cd "$root"
exe=${1:-}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$exe" ]; then
    tarball=$(ls implementation/target/dataplaneapi_*_Linux_x86_64.tar.gz | head -n 1)
    tar -C "$work" -zxf "$tarball"
    chmod +x "$work/build/dataplaneapi"
    exe=$work/build/dataplaneapi
fi
echo "| config | first run: start to 200 | warm: start to 200 (median of $runs) | RSS after start (warm) |"
echo "|---|---|---|---|"
for backends in 0 2000; do
    dir=$work/cfg-$backends
    prepare "$dir" "$backends"
    export DATAPLANEAPI_CACHE_DIR=$work/cache-$backends # empty: the first run unpacks, the warm ones reuse it
    first=$(once "$exe" "$dir")
    warm=$(for _ in $(seq "$runs"); do once "$exe" "$dir"; done)
    printf '| %s | %s ms | %s ms | %s MB |\n' "$([ "$backends" = 0 ] && echo seed || echo "$backends backends x 10 servers")" \
        "${first%% *}" "$(cut -d' ' -f1 <<<"$warm" | median)" "$(( $(cut -d' ' -f2 <<<"$warm" | median) / 1024 ))"
done
