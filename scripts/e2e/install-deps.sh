#!/usr/bin/env bash
# Installs what the e2e suite (npm run test:e2e) needs on Debian 12. Idempotent; needs root.
#   QEMU + libvirtd (run by the suite inside its own namespaces), busybox-static and cpio for
#   the guest's initramfs, iproute2 for the namespaces, dnsmasq-base as the stand-in DHCP
#   server, util-linux for unshare, xz-utils to unpack the guest kernel, nftables for the
#   masquerade pod's NAT rules, dhcpcd-base (copied into the guest: its DHCPv6 client) and radvd
#   (the dual-stack pod's Router Advertisements).
set -euo pipefail
packages=(qemu-system-x86 libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
  busybox-static cpio iproute2 dnsmasq-base util-linux xz-utils nftables dhcpcd-base radvd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# libvirt 9.0's QEMU driver looks this user up at start even when qemu.conf says root.
if ! id libvirt-qemu >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin libvirt-qemu
fi
echo "e2e packages present: ${packages[*]}"
