#!/bin/bash
# Runs one virsh batch against libvirt's embedded QEMU driver (qemu:///embed, no daemon)
# inside private mount, network and PID namespaces.
#
#   libvirt-netns.sh ROOT TIMEOUT_S BRIDGES UPLINK BATCH
#
#   ROOT       an existing, empty directory: the embed root (config, state, logs, cache)
#   TIMEOUT_S  seconds virsh may run before it is killed
#   BRIDGES    comma-separated Linux bridges to create in the namespace ("" for none),
#              e.g. k6t-eth0, the bridge KubeVirt plugs bridge interfaces into
#   UPLINK     "uplink" gives the namespace an addressed interface and a default route
#              (passt refuses to start without one), "none" otherwise
#   BATCH      the virsh command string (one virsh process: embedded VMs die with it)
#
# The script re-executes itself under `unshare --pid --fork --kill-child`: it is PID 1 of
# its namespace, so when it exits (or its parent is killed) the kernel kills QEMU and
# every other process left in there, and the network namespace with its bridges goes away.
# Nothing is created on the host's network. Must run as root.
set -eu

if [ "$$" != 1 ]; then
  exec unshare --mount --net --pid --fork --kill-child --mount-proc --propagation private -- bash "$0" "$@"
fi

if [ "$#" -ne 5 ]; then
  echo "usage: $0 ROOT TIMEOUT_S BRIDGES UPLINK BATCH" >&2
  exit 64
fi
root=$1 timeout_s=$2 bridges=$3 uplink=$4 batch=$5

# Refuse to run anywhere but a fresh network namespace: only lo may exist.
if ip -o link show | grep -qv ': lo:'; then
  echo "libvirt-netns.sh: not in a fresh network namespace, refusing to touch interfaces" >&2
  exit 70
fi
case "$timeout_s" in '' | *[!0-9]*) echo "bad TIMEOUT_S: $timeout_s" >&2; exit 64 ;; esac
if [ ! -d "$root" ]; then
  echo "ROOT is not a directory: $root" >&2
  exit 64
fi

ip link set lo up
IFS=, read -r -a bridge_list <<<"$bridges"
for bridge in "${bridge_list[@]}"; do
  case "$bridge" in '' | *[!A-Za-z0-9_.-]*) echo "bad bridge name: $bridge" >&2; exit 64 ;; esac
  ip link add "$bridge" type bridge
  ip link set "$bridge" up
done
# Masquerade's <interface type="ethernet"><target dev="tap0" managed="no"/> opens a tap that
# KubeVirt's launcher made; here the namespace makes it, and libvirt only opens it.
ip tuntap add dev tap0 mode tap
ip link set tap0 up
if [ "$uplink" = uplink ]; then
  # TEST-NET-1 (RFC 5737): never routed anywhere, and this namespace has no way out anyway.
  ip link add kvnet-up0 type bridge
  ip addr add 192.0.2.2/24 dev kvnet-up0
  ip link set kvnet-up0 up
  ip route add default via 192.0.2.1 dev kvnet-up0 onlink
fi

# libvirt 9 as root: QEMU runs as root (no libvirt-qemu ownership games in a temp root) and
# its stdio goes to a plain file, because there is no virtlogd without a daemon.
mkdir -p "$root/etc"
printf 'user = "root"\ngroup = "root"\nstdio_handler = "file"\n' >"$root/etc/qemu.conf"

# libvirt probes QEMU's capabilities (seconds of CPU) in every new embed root; share the
# result between roots. libvirt itself revalidates a cached entry against the QEMU binary.
caps_cache=${KVNET_LIBVIRT_CAPS_CACHE:-/tmp/kvnet-libvirt-qemu-caps}
mkdir -p "$root/cache/qemu/capabilities"
if [ -d "$caps_cache" ] && [ -n "$(ls -A "$caps_cache" 2>/dev/null)" ]; then
  cp -p "$caps_cache"/* "$root/cache/qemu/capabilities/" 2>/dev/null || true
fi

status=0
timeout --kill-after=5 "$timeout_s" virsh -c "qemu:///embed?root=$root" "$batch" || status=$?
if [ -n "$(ls -A "$root/cache/qemu/capabilities" 2>/dev/null)" ]; then
  mkdir -p "$caps_cache" && cp -p "$root/cache/qemu/capabilities"/* "$caps_cache/" 2>/dev/null || true
fi
exit "$status"
