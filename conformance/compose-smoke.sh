#!/usr/bin/env bash
# Checks docker-compose.yml: valid, and when brought up, HAProxy starts the API, which answers /v2/info on
# port 5555. Brings everything down again, whatever happens. Needs the tarball built and HAPROXY_IMAGE set
# to an image present locally.
set -euo pipefail
cd "$(dirname "$0")/.."
compose="docker-compose -p dpapi-smoke"
$compose config -q
echo "docker-compose.yml: valid"
trap '$compose down -v -t 5 >/dev/null 2>&1 || true' EXIT
$compose up -d >/dev/null 2>&1
for _ in $(seq 1 60); do
    if curl -sf -o /dev/null --user admin:adminpwd http://localhost:5555/v2/info; then
        echo "docker-compose up: GET /v2/info answered 200"
        exit 0
    fi
    sleep 1
done
$compose logs --tail 30 >&2 || true
echo "docker-compose up: the API never answered on port 5555" >&2
exit 1
