#!/usr/bin/env bash
# Installs every Debian package the interop suite drives. Idempotent; needs root.
set -euo pipefail
packages=(
  # libvirt and QEMU: schema validation, the test driver, and a real QEMU start
  libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libxml2-utils passt
  # third-party DHCP decoders
  tshark python3-scapy
  # real DHCP clients and the namespace lab
  udhcpc isc-dhcp-client dhcpcd-base iproute2 dnsmasq-base
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "interop packages present: ${packages[*]}"
