#!/bin/sh
# Installs the Debian packages the DHCP client lab (test/interop/dhcp-clients.test.ts) drives:
# the three real clients, iproute2 for the namespaces, and dnsmasq as the reference server.
# Packages already present are not touched, so the script is cheap to call on every CI run.
set -eu

packages="udhcpc isc-dhcp-client dhcpcd-base iproute2 dnsmasq-base"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-dhcp-deps: all present ($packages)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-dhcp-deps: missing$missing and not root" >&2
  exit 1
fi

echo "install-dhcp-deps: installing$missing"
apt-get update
# shellcheck disable=SC2086 # the list is ours and must split into words
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
