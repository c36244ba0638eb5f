#!/usr/bin/env bash
# bench/attachments-memory.sh — the service's peak memory while a 50 MB attachment is uploaded and
# downloaded (docs/PERFORMANCE.md, docs/ATTACHMENTS.md).
#
#   bench/attachments-memory.sh [MB, default 50]
#
# Builds the API in Release and runs it as its own process on free ports, on a database of its own
# (journal_attachments_bench, next to the local one; the shared database is not touched) and a temporary
# attachments folder, with fresh keys. After a warm-up (two 1 MB uploads and downloads) it reads the
# process's peak resident memory (VmHWM in /proc/PID/status), uploads an MB-sized PDF-typed file with
# curl (streamed from disk, Content-Length set), reads the peak again, downloads it, reads it again, and
# prints how much each step raised the peak, also as a share of the file's size.

set -euo pipefail

mb="${1:-50}"
[[ ${mb} =~ ^[1-9][0-9]*$ ]] || { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JOURNAL_PG_DATABASE=journal_attachments_bench
# shellcheck source=scripts/postgres.sh
source "${repo_root}/scripts/postgres.sh" >/dev/null

folder="$(mktemp -d "${TMPDIR:-/tmp}/journal-bench-attachments.XXXXXX")"
pid=""
cleanup() {
    if [[ -n ${pid} ]]; then kill "${pid}" 2>/dev/null && wait "${pid}" 2>/dev/null || true; fi
    rm -rf "${folder}"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
peak_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/${pid}/status"; }

dotnet build "${repo_root}/api/Journal.Api.csproj" -c Release -o "${folder}/app" -v quiet -nologo >/dev/null
port="$(free_port)"
ASPNETCORE_URLS="http://127.0.0.1:${port}" ASPNETCORE_ENVIRONMENT=Production \
ConnectionStrings__Postgres="${JOURNAL_PG_CONNECTION}" \
Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" Orleans__ClusterId="attachments-bench-$$" \
Jwt__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" Encryption__MasterKey="$(head -c 32 /dev/urandom | base64 -w0)" \
Attachments__Directory="${folder}/attachments" Logging__LogLevel__Default=Warning \
    dotnet "${folder}/app/Journal.Api.dll" >"${folder}/service.log" 2>&1 &
pid=$!
base="http://127.0.0.1:${port}"
for _ in $(seq 1 120); do
    curl -sf "${base}/health/ready" >/dev/null && break
    kill -0 "${pid}" 2>/dev/null || { tail -20 "${folder}/service.log" >&2; exit 1; }
    sleep 1
done

token="$(curl -sf -X POST "${base}/v1/auth/register" -H 'Content-Type: application/json' -d "{\"username\":\"bench_$$\",
  \"password\":\"a long unusual phrase\",\"timeZone\":\"UTC\",\"acceptTerms\":true,\"termsVersion\":\"v1\",\"privacyVersion\":\"v1\"}" | jq -r .accessToken)"
auth=(-H "Authorization: Bearer ${token}")
entry="$(curl -sf -X POST "${base}/v1/journal/entries" "${auth[@]}" -H 'Content-Type: application/json' -d '{"content":"bench"}' | jq -r .id)"

make_file() { { printf '%%PDF-1.7\n'; head -c $(($1 * 1024 * 1024 - 9)) /dev/urandom; } >"$2"; }
upload() { curl -sf -X POST -T "$1" "${base}/v1/journal/entries/${entry}/attachments" "${auth[@]}" -H 'Content-Type: application/pdf' | jq -r .id; }
download() { curl -sf -o /dev/null -w '%{size_download}' "${base}/v1/journal/entries/${entry}/attachments/$1" "${auth[@]}"; }

make_file 1 "${folder}/warm.pdf"
for _ in 1 2; do download "$(upload "${folder}/warm.pdf")" >/dev/null; done
make_file "${mb}" "${folder}/file.pdf"
size_kb=$((mb * 1024))

before="$(peak_kb)"
started=$(date +%s.%N)
id="$(upload "${folder}/file.pdf")"
uploaded=$(date +%s.%N)
after_upload="$(peak_kb)"
bytes="$(download "${id}")"
downloaded=$(date +%s.%N)
after_download="$(peak_kb)"
[[ ${bytes} -eq $((mb * 1024 * 1024)) ]] || { echo "downloaded ${bytes} bytes, expected $((mb * 1024 * 1024))" >&2; exit 1; }

awk -v mb="${mb}" -v size="${size_kb}" -v b="${before}" -v u="${after_upload}" -v d="${after_download}" \
    -v t0="${started}" -v t1="${uploaded}" -v t2="${downloaded}" 'BEGIN {
    printf "file: %d MB; peak resident memory after warm-up: %.1f MB\n", mb, b / 1024
    printf "upload:   peak +%.1f MB (%.2f x the file), %.2f s\n", (u - b) / 1024, (u - b) / size, t1 - t0
    printf "download: peak +%.1f MB (%.2f x the file), %.2f s\n", (d - u) / 1024, (d - u) / size, t2 - t1
}'
