#!/usr/bin/env bash
# scripts/cluster.sh — run N Journal API nodes on this machine as one Orleans cluster.
#
#   scripts/cluster.sh [N]        (N ≥ 1, default 2)
#
# Same set-up as scripts/run.sh (scripts/local-env.sh: PostgreSQL, environment, shared secrets),
# builds once in Release, then starts node 1..N, node i on
#   HTTP http://localhost:(5079+i)   silo port 11110+i   gateway port 29999+i
# so node 1 uses run.sh's ports. All nodes share the database (cluster membership lives there), the
# cluster id and the JWT signing and master keys, so a token issued by one node works on every node.
# Logs go to .local/cluster/node-i.log. Ctrl+C or SIGTERM stops every node with SIGTERM (Orleans
# leaves the cluster gracefully) and waits for them.
# The environment is passed through to every node, as with run.sh; the per-node ASPNETCORE_URLS,
# Orleans__SiloPort and Orleans__GatewayPort replace any given ones.

set -euo pipefail

# shellcheck source=scripts/local-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/local-env.sh"

nodes="${1:-2}"
[[ ${nodes} =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/cluster.sh [N]  (N: number of nodes, at least 1; got '${nodes}')"
http_base=5079 silo_base=11110 gateway_base=29999 # + node number
ready_timeout=120                                   # seconds; the first start also runs migrations
stop_timeout=60                                     # seconds; past Orleans' own shutdown timeouts
command -v curl >/dev/null 2>&1 || die "curl is needed to check that the nodes are ready; please install curl."

# Something already listening (e.g. scripts/run.sh on 5080, or another cluster.sh) would make a node
# fail half-way through its start, or worse, a second silo on the same address would have the first
# one declared dead: check every port before the build, and again after it (the build takes a while).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
check_ports() {
    local i port
    for ((i = 1; i <= nodes; i++)); do
        for port in $((http_base + i)) $((silo_base + i)) $((gateway_base + i)); do
            if port_in_use "${port}"; then
                die "port ${port} (node ${i}) is already in use on this machine. Stop what listens there (e.g. another scripts/run.sh or scripts/cluster.sh), or run fewer nodes."
            fi
        done
    done
}
check_ports

log "building api/Journal.Api.csproj (Release)..."
dotnet build api/Journal.Api.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
app_dll="$(dotnet msbuild api/Journal.Api.csproj -getProperty:TargetPath -p:Configuration=Release)"
[[ -f ${app_dll} ]] || die "the build did not produce ${app_dll}."

check_ports

log_dir="${repo_root}/.local/cluster"
mkdir -p "${log_dir}"

pids=()                                # pids[i]: node i's process, while it runs
log_file() { printf '%s/node-%s.log' "${log_dir}" "$1"; }
log_tail() { tail -n 20 "$(log_file "$1")" | sed 's/^/    /' >&2; }

# SIGTERM to every running node, then wait for each: the host shuts down, Orleans stops the silo and
# marks it dead in the membership table. They stop in parallel, so stop_timeout counts for all of
# them together; a node still running after it gets SIGKILL. Non-zero when a node did not stop cleanly.
# shellcheck disable=SC2317  # only called from the traps below, which shellcheck does not follow
stop_nodes() {
    local i status result=0 waited=0
    for i in "${!pids[@]}"; do kill -TERM "${pids[i]}" 2>/dev/null || true; done
    for i in "${!pids[@]}"; do
        while kill -0 "${pids[i]}" 2>/dev/null && ((waited < stop_timeout * 2)); do
            sleep 0.5
            waited=$((waited + 1))
        done
        if kill -0 "${pids[i]}" 2>/dev/null; then
            log "node ${i} did not stop within ${stop_timeout} s; killing it"
            kill -KILL "${pids[i]}" 2>/dev/null || true
        fi
        status=0
        wait "${pids[i]}" || status=$?
        if ((status == 0)); then
            log "node ${i} stopped"
        else
            log "node ${i} exited with status ${status}; see $(log_file "${i}")"
            result=1
        fi
        unset "pids[i]"
    done
    return "${result}"
}
# Any exit (a failed start included) stops the nodes already started. Ctrl+C and SIGTERM are the
# normal way to end the cluster: the exit status then says whether every node stopped cleanly. A second
# Ctrl+C while they stop is ignored rather than leaving nodes behind (stop_timeout bounds the wait).
trap 'stop_nodes || true' EXIT
trap 'trap "" INT TERM; log "stopping ${#pids[@]} node(s)..."; if stop_nodes; then exit 0; else exit 1; fi' INT TERM

# Each node keeps a pool of fixed size (40 unless the connection string sizes it, docs/RUNTIME.md);
# beyond two nodes they share the local server's 100 connections.
if ((nodes > 2)) && [[ ${ConnectionStrings__Postgres} != *"Pool Size"* ]]; then
    pool_size=$((90 / nodes))
    export ConnectionStrings__Postgres="${ConnectionStrings__Postgres};Minimum Pool Size=${pool_size};Maximum Pool Size=${pool_size}"
fi

for ((i = 1; i <= nodes; i++)); do
    log "starting node ${i} on http://localhost:$((http_base + i)) (silo port $((silo_base + i)), gateway port $((gateway_base + i))), log $(log_file "${i}")"
    # The output folder as working directory: it is the content root, where appsettings.json is.
    # `exec` makes the node's pid the dotnet process itself, so the signals reach it directly.
    (
        cd "$(dirname "${app_dll}")" &&
            ASPNETCORE_URLS="http://localhost:$((http_base + i))" \
                Orleans__SiloPort=$((silo_base + i)) Orleans__GatewayPort=$((gateway_base + i)) \
                exec dotnet "${app_dll}"
    ) >"$(log_file "${i}")" 2>&1 &
    pids[i]=$!
done

# /health/ready answers 200 once the node has joined the cluster and a grain call completes.
for ((i = 1; i <= nodes; i++)); do
    url="http://localhost:$((http_base + i))/health/ready"
    for ((waited = 0; ; waited++)); do
        if curl -fsS -o /dev/null --max-time 5 "${url}" 2>/dev/null; then break; fi
        if ! kill -0 "${pids[i]}" 2>/dev/null; then
            log "node ${i} exited during start-up; the end of $(log_file "${i}"):"
            log_tail "${i}"
            exit 1
        fi
        if ((waited >= ready_timeout)); then
            log "node ${i} is not ready after ${ready_timeout} s (${url}); the end of $(log_file "${i}"):"
            log_tail "${i}"
            exit 1
        fi
        sleep 1
    done
done

log "${nodes} node(s) ready (environment: ${ASPNETCORE_ENVIRONMENT:-${DOTNET_ENVIRONMENT}}):"
for ((i = 1; i <= nodes; i++)); do log "  node ${i}: http://localhost:$((http_base + i))"; done
log "Ctrl+C stops them all."

# Wait until a node exits on its own (the traps interrupt this on Ctrl+C/SIGTERM). The others keep
# running as a smaller cluster, as they would in production; when none is left, the script ends.
while ((${#pids[@]} > 0)); do
    wait -n "${pids[@]}" || true
    for i in "${!pids[@]}"; do
        if ! kill -0 "${pids[i]}" 2>/dev/null; then
            status=0
            wait "${pids[i]}" || status=$?
            log "node ${i} (http://localhost:$((http_base + i))) exited unexpectedly with status ${status}; the end of $(log_file "${i}"):"
            log_tail "${i}"
            unset "pids[i]"
            log "${#pids[@]} node(s) still running."
        fi
    done
done
exit 1
