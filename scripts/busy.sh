#!/usr/bin/env bash
# busy.sh N COMMAND...: run COMMAND while N CPU-bound processes run beside it, as on a shared CI machine, then stop
# them by their pids. `make test-busy` runs the suite so: no test may depend on having the cores to itself.
set -euo pipefail
count=$1
shift
hogs=()
stop_hogs() { [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null || true; }
trap stop_hogs EXIT
for _ in $(seq "$count"); do
  python3 -c 'while True: pass' &
  hogs+=($!)
done
echo "==> $count CPU-bound processes beside the command: pids ${hogs[*]}" >&2
set +e
"$@"
status=$?
set -e
exit $status
