#!/bin/bash
# Runs libvirtd inside an existing network namespace, with everything it keeps on disk moved
# into ROOT, so it neither sees nor touches the host's libvirt:
#
#   libvirtd-netns.sh NETNS ROOT [CACHE]
#
#   NETNS  a network namespace the caller created (`ip netns add`)
#   ROOT   an existing, empty directory: etc/ (libvirtd.conf, qemu.conf), run/ (the socket
#          ROOT/run/libvirt-sock, for `virsh -c qemu+unix:///system?socket=...`), var/ (state,
#          logs: var/log/libvirt/qemu/NAME.log), libvirtd.log
#   CACHE  optional directory kept between runs for QEMU's probed capabilities
#
# It enters the namespace and a private mount and PID namespace, where it is PID 1 and
# libvirtd its child: SIGKILL to the process the caller started takes libvirtd and every
# QEMU with it (unshare --kill-child, then the kernel empties the PID namespace).
# Must run as root.
set -eu

if [ "${1:-}" != --inside ]; then
  if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
    echo "usage: $0 NETNS ROOT [CACHE]" >&2
    exit 64
  fi
  [ -d "$2" ] || { echo "ROOT is not a directory: $2" >&2; exit 64; }
  exec ip netns exec "$1" unshare --mount --pid --fork --kill-child --mount-proc --propagation private -- \
    bash "$0" --inside "$(cd "$2" && pwd)" "${3:-}"
fi
root=$2 cache=${3:-}

# /etc/libvirt, /run/libvirt and /var seen by libvirtd and QEMU are ROOT's; /run is a fresh
# tmpfs, so the host's systemd and D-Bus sockets are out of sight (no machined registration).
mkdir -p "$root"/etc "$root"/run "$root"/var/lib/libvirt "$root"/var/cache/libvirt "$root"/var/log/libvirt/qemu "$root"/var/tmp
ln -sfn /run "$root/var/run"
ln -sfn /run/lock "$root/var/lock"
mount -t tmpfs -o mode=755 kvnet-run /run
mkdir -p /run/libvirt /run/lock
mount --bind "$root/run" /run/libvirt
mount --bind "$root/var" /var
if [ -n "$cache" ]; then
  mkdir -p "$cache"
  mount --bind "$cache" /var/cache/libvirt
fi
# /etc/libvirt comes with libvirt-daemon; a mount point is not something to create on the host.
[ -d /etc/libvirt ] || { echo "libvirtd-netns.sh: /etc/libvirt is missing (install libvirt-daemon)" >&2; exit 69; }
mount --bind "$root/etc" /etc/libvirt

cat >/etc/libvirt/libvirtd.conf <<CONF
listen_tls = 0
listen_tcp = 0
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:$root/libvirtd.log"
CONF
# QEMU runs as root with its stdio in a plain file (no virtlogd), no cgroups, no security
# driver and no private /dev: nothing of the host is relabelled, chowned or moved.
cat >/etc/libvirt/qemu.conf <<CONF
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
CONF

# bash stays PID 1: it reaps what libvirtd orphans (QEMU daemonizes, also when libvirtd
# probes its capabilities), which libvirtd as PID 1 would leave as zombies it then waits on.
trap 'kill -TERM "$daemon" 2>/dev/null' TERM INT
libvirtd -f /etc/libvirt/libvirtd.conf &
daemon=$!
status=0
wait "$daemon" || status=$?
exit "$status"
