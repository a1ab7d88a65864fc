#!/bin/sh
# Runs one DHCP client (the arguments) with private, empty copies of the places clients keep
# state in, so a run never reads a lease left by an earlier run and never leaves files behind:
# dhcpcd keeps its lease, pid file and control sockets under /var/lib/dhcpcd and /run/dhcpcd
# with no option to move them. A private UTS namespace keeps any hostname a client might set
# away from the host. The client ends up with this script's PID (every step is an exec), so
# the harness can stop it by the PID it spawned.
#
# Usage (the harness always calls it through `ip netns exec <vm-namespace>`):
#   client-sandbox.sh CLIENT [ARG...]
set -eu

if [ "${KVLAB_SANDBOXED:-}" != 1 ]; then
  # A mount namespace of our own with private propagation: the tmpfs mounts below can never
  # reach the host's /run or /var/lib.
  KVLAB_SANDBOXED=1 exec unshare --mount --propagation private --uts -- "$0" "$@"
fi

mount -t tmpfs -o mode=0755 kvlab-run /run
for state_dir in /var/lib/dhcpcd /var/lib/dhcp; do
  if [ -d "$state_dir" ]; then
    mount -t tmpfs -o mode=0755 kvlab-state "$state_dir"
  fi
done

exec "$@"
