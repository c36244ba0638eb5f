#!/usr/bin/env bash
# scripts/require-dotnet.sh — SOURCED by the scripts that build: stops with a clear message unless the
# .NET 10 SDK is installed (the solution targets net10.0; a missing SDK otherwise shows as a confusing
# build error). Expects the caller's `die`.

command -v dotnet >/dev/null 2>&1 ||
    die "'dotnet' was not found on PATH. Please install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
# (captured first rather than piped into `grep -q`, which could SIGPIPE dotnet and trip pipefail)
sdks="$(dotnet --list-sdks 2>/dev/null || true)"
grep -q '^10\.' <<<"${sdks}" ||
    die "no .NET 10 SDK found (installed SDKs: $(tr '\n' ' ' <<<"${sdks:-none}")). Please install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
