#!/usr/bin/env bash
# The README's test command. Installs what the tests need on a fresh Debian machine, runs every test project in the
# solution, and ends with the line "tests: N passed, M failed" counted from the TRX results.
set -uo pipefail
cd "$(dirname "$0")/.."

# Reference implementations and external peers used by tests (Debian packages): python3-grpcio as an external gRPC
# client, redis-server for multi-process clustering, prometheus to scrape /metrics, kubernetes-client (kubectl with
# kustomize) to render k8s/, dcmtk to make DICOM files and python3-pydicom (with its test files) as the DICOM rendering
# reference. Installed only when missing, and only where apt is usable.
need=()
/usr/bin/python3 -c "import grpc, grpc_tools" 2>/dev/null || need+=(python3-grpcio python3-grpc-tools)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/prometheus ] || need+=(prometheus)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
command -v dcmodify >/dev/null 2>&1 || need+=(dcmtk)
/usr/bin/python3 -c "import pydicom, numpy, PIL" 2>/dev/null || need+=(python3-pydicom python3-numpy python3-pil)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing test prerequisites: ${need[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null \
      || echo "warning: could not install ${need[*]}; tests that need them will fail" >&2
  else
    echo "warning: missing ${need[*]} (install them with apt); tests that need them will fail" >&2
  fi
fi

results=TestResults
rm -rf "$results"
dotnet build MeLo.Grid.sln
status=$?
if [ $status -eq 0 ]; then
  # One run per test project, each with its own TRX file, so results never overwrite each other.
  for project in $(dotnet sln MeLo.Grid.sln list | grep -E '^tests/.*Tests\.csproj$'); do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
  done
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; echo "no test was executed" >&2; fi
echo "tests: $passed passed, $failed failed"
exit $status
