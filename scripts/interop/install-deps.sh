#!/bin/sh
# Installs what the libvirt/QEMU interop suite (test/interop/libvirt.test.ts) drives:
#   libvirt-clients             virsh, virt-xml-validate
#   libvirt-daemon(-driver-qemu) libvirt's QEMU driver, which virsh embeds (qemu:///embed)
#   qemu-system-x86             the emulator; the suite uses TCG (<domain type="qemu">)
#   libxml2-utils               xmllint, which virt-xml-validate runs
#   passt                       the backend of libvirt's <interface type="user"><backend type="passt">
#   iproute2, util-linux        ip (bridges in the namespace), unshare
# and the libvirt-qemu system user: libvirt 9's QEMU driver refuses to initialise without it
# ("Failed to parse user 'libvirt-qemu'") even though the suite runs QEMU as root.
# Packages already present are not touched, so the script is cheap on every CI run.
set -eu

packages="libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libxml2-utils passt iproute2 util-linux"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $package"
  fi
done

need_user=no
getent passwd libvirt-qemu >/dev/null 2>&1 || need_user=yes

if [ -z "$missing" ] && [ "$need_user" = no ]; then
  echo "install-deps (libvirt): all present ($packages; user libvirt-qemu)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps (libvirt): missing$missing $( [ "$need_user" = yes ] && echo 'user libvirt-qemu') and not root" >&2
  exit 1
fi

if [ -n "$missing" ]; then
  echo "install-deps (libvirt): installing$missing"
  apt-get update
  # shellcheck disable=SC2086 # the list is ours and must split into words
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

if [ "$need_user" = yes ] && ! getent passwd libvirt-qemu >/dev/null 2>&1; then
  echo "install-deps (libvirt): creating system user libvirt-qemu"
  useradd --system --no-create-home --shell /usr/sbin/nologin libvirt-qemu
fi
