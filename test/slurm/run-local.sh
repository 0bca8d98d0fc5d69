#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for as long as a command runs: starts munged, slurmctld
# and slurmd (as root, from Debian's munge and slurm-wlm) in a fresh state folder of their own (own
# munge key and socket, own ports: nothing of a Slurm already on the machine is touched), runs the
# command with SLURM_CONF pointing at the cluster, then stops the three daemons and removes the
# folder. Exits with the command's status.
#
#   test/slurm/run-local.sh sbatch --wait DIR/slurm.sbatch
#
# The integration test test/integration/sweep-slurm.test.ts runs the sweep plan's slurm.sbatch with it.
set -euo pipefail

fail() { echo "run-local.sh: $*" >&2; exit 1; }
[ "$#" -gt 0 ] || fail "usage: run-local.sh COMMAND [ARGS...]"
[ "$(id -u)" = 0 ] || fail "needs root: slurmd starts each job as the user who submitted it"
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null || fail "$tool is not installed (apt-get install slurm-wlm munge)"
done
export PATH="$PATH:/usr/sbin:/sbin"

state=$(mktemp -d "${TMPDIR:-/tmp}/stylegraph-slurm-XXXXXX")
chmod 700 "$state"
pids=()
stop() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ] && [ -z "${KEEP_SLURM_LOGS:-}" ]; then
    for log in "$state"/*.log "$state"/*.out; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
  fi
  rm -rf "$state"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

# munge: a key of its own; --force because it runs as root.
dd if=/dev/urandom of="$state/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge.key"
munged --foreground --force --socket="$state/munge.sock" --key-file="$state/munge.key" \
  --pid-file="$state/munged.pid" --log-file="$state/munged.log" --seed-file="$state/munged.seed" >"$state/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$state/munge.sock" ] && break; sleep 0.1; done
[ -S "$state/munge.sock" ] || fail "munged did not start (see $state/munged.log)"

# Two free ports from the range Slurm's own tools do not default to.
port=$(( 20000 + RANDOM % 20000 ))
host=$(hostname -s)
mkdir -p "$state/ctld" "$state/spool"
cat > "$state/slurm.conf" <<EOF
ClusterName=stylegraph-test
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$state/slurm.conf"

slurmctld -D -i >"$state/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$state/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 150); do
  if scontrol show node "$host" 2>/dev/null | grep -qE 'State=IDLE'; then break; fi
  sleep 0.2
done
scontrol show node "$host" 2>/dev/null | grep -qE 'State=IDLE' || fail "the node did not come up idle: $(scontrol show node "$host" 2>&1 | grep -o 'State=[^ ]*' || true)"

"$@"
