#!/bin/sh
# Installs everything the interop suite (npm run test:interop) drives, and nothing twice:
#   libvirt-clients, libvirt-daemon(-driver-qemu)  virsh, virt-xml-validate, the QEMU driver virsh embeds
#   qemu-system-x86, libxml2-utils, passt           the emulator (TCG), xmllint, passt's backend
#   tshark, python3-scapy                           third-party DHCP decoders
#   udhcpc, isc-dhcp-client, dhcpcd-base            real DHCP clients (dhclient -6 and dhcpcd for DHCPv6 too)
#   radvd                                           Router Advertisements in the DHCPv6 client lab
#   dnsmasq-base                                    the reference DHCP server of the client lab
#   iproute2, util-linux                            namespaces, bridges, unshare
# and the libvirt-qemu system user: libvirt 9's QEMU driver refuses to start without it
# ("Failed to parse user 'libvirt-qemu'") even though the suite runs QEMU as root.
# Idempotent and cheap when everything is present. Needs root.
set -eu

packages="libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libxml2-utils passt
tshark python3-scapy udhcpc isc-dhcp-client dhcpcd-base radvd dnsmasq-base iproute2 util-linux nftables"

missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $package"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-debian-packages: missing$missing and not root" >&2
    exit 1
  fi
  echo "install-debian-packages: installing$missing"
  apt-get update -qq
  # shellcheck disable=SC2086 # our own list, split into words on purpose
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! getent passwd libvirt-qemu >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-debian-packages: no libvirt-qemu user and not root" >&2
    exit 1
  fi
  useradd --system --no-create-home --shell /usr/sbin/nologin libvirt-qemu
fi
echo "install-debian-packages: present:" $packages "(and user libvirt-qemu)"
sh "$(dirname "$0")/kube-apiserver/install.sh"   # a real kube-apiserver (built once, cached) for test/interop/apiserver.test.ts
