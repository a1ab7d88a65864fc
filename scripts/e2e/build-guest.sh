#!/usr/bin/env bash
# Builds the e2e guest: a stock Debian kernel and a tiny busybox initramfs that loads the
# driver of whatever NIC it finds, takes a DHCP lease with udhcpc, prints it on the serial
# console and serves HTTP on port 80 (scripts/e2e/guest/).
#
#   build-guest.sh OUTDIR
#
# The kernel is the package `linux-image-amd64` depends on, fetched with `apt-get download`
# and unpacked with `dpkg -x`; nothing is installed on the host. Results are cached under
# OUTDIR by kernel package version (the kernel) and by the hash of the guest files (the
# initramfs), so a rerun costs nothing. Prints the directory holding guest.json last.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 64
fi
mkdir -p "$1"
outdir=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
guest_src=$here/guest

# The NIC drivers of the six KubeVirt models (virtio needs its PCI transport too).
# rtl8139: QEMU's device has PCI revision 0x20, which 8139cp claims and 8139too leaves.
nic_modules=(virtio_pci virtio_net e1000 e1000e ne2k-pci pcnet32 8139cp 8139too)

for tool in apt-get apt-cache dpkg busybox cpio gzip xz sha256sum ldd; do
  command -v "$tool" >/dev/null || { echo "build-guest.sh: $tool is missing" >&2; exit 69; }
done

package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$package" ]; then
  echo "build-guest.sh: apt-cache does not know linux-image-amd64 (apt-get update?)" >&2
  exit 69
fi
version=$(apt-cache policy "$package" | awk '/Candidate:/ { print $2; exit }')
release=${package#linux-image-}
kernel_dir=$outdir/kernel-$release-$version
guest_hash=$( (cat "$0"; cd "$guest_src" && for f in $(ls | sort); do echo "== $f"; cat "$f"; done) | sha256sum | cut -c1-12)
guest_dir=$outdir/guest-$release-$version-$guest_hash

if [ -f "$guest_dir/guest.json" ]; then
  echo "guest cached: $guest_dir" >&2
  echo "$guest_dir"
  exit 0
fi
work=$(mktemp -d "$outdir/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- kernel: vmlinuz, an uncompressed vmlinux (PVH entry: no decompression under TCG) and
# the NIC modules with their dependencies, taken from modules.dep.
if [ ! -f "$kernel_dir/ready" ]; then
  echo "downloading $package $version" >&2
  mkdir -p "$work/deb" && chmod 755 "$work" "$work/deb"
  # (apt warns that _apt cannot read the temp dir and downloads as root: harmless.)
  download() { (cd "$work/deb" && apt-get download -q "$package=$version" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true); }
  download
  if ! ls "$work"/deb/*.deb >/dev/null 2>&1; then
    # Stale package lists name a version the mirror has dropped: refresh once and retry.
    apt-get update -qq >&2 || true
    version=$(apt-cache policy "$package" | awk '/Candidate:/ { print $2; exit }')
    kernel_dir=$outdir/kernel-$release-$version
    guest_dir=$outdir/guest-$release-$version-$guest_hash
    download
  fi
  deb=$(ls "$work"/deb/*.deb 2>/dev/null | head -n1)
  [ -n "$deb" ] || { echo "build-guest.sh: apt-get download $package=$version failed" >&2; exit 69; }
  dpkg -x "$deb" "$work/root"
  moddir=$work/root/lib/modules/$release
  # The package ships no modules.dep (depmod runs at install time): make one.
  busybox depmod -b "$work/root" "$release"
  rm -rf "$kernel_dir.tmp" && mkdir -p "$kernel_dir.tmp/modules"
  cp "$work/root/boot/vmlinuz-$release" "$kernel_dir.tmp/vmlinuz"
  cp "$work/root/boot/config-$release" "$kernel_dir.tmp/config"
  # bzImage carries an xz stream: cut from its magic, decompress the first stream only.
  offset=$({ LC_ALL=C grep -m1 -aboP '\xfd7zXZ\x00' "$kernel_dir.tmp/vmlinuz" || true; } | head -n1 | cut -d: -f1)
  [ -n "$offset" ] || { echo "build-guest.sh: no xz payload in vmlinuz" >&2; exit 70; }
  tail -c +"$((offset + 1))" "$kernel_dir.tmp/vmlinuz" | xz -dcq --single-stream >"$kernel_dir.tmp/vmlinux" || true
  [ "$(head -c4 "$kernel_dir.tmp/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] || { echo "build-guest.sh: vmlinux is not ELF" >&2; exit 70; }
  # Closure of the NIC modules over modules.dep.
  declare -A wanted=()
  for m in "${nic_modules[@]}"; do
    line=$(grep -E "(^|/)${m}\.ko:" "$moddir/modules.dep" || true)
    [ -n "$line" ] || { echo "build-guest.sh: module $m not in $release" >&2; exit 70; }
    for path in ${line/:/}; do wanted[$path]=1; done
  done
  for path in "${!wanted[@]}"; do
    mkdir -p "$kernel_dir.tmp/modules/$(dirname "$path")"
    cp "$moddir/$path" "$kernel_dir.tmp/modules/$path"
  done
  echo "$package $version" >"$kernel_dir.tmp/package"
  rm -rf "$kernel_dir" && mv "$kernel_dir.tmp" "$kernel_dir"
  touch "$kernel_dir/ready"
  rm -rf "$work/root" "$work/deb"
fi

# --- initramfs: busybox, the modules (with a modules.dep/alias of their own), init and the
# udhcpc script, as cpio newc + gzip.
root=$work/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,www/cgi-bin,lib/modules/"$release"}
cp "$(command -v busybox)" "$root/bin/busybox"
file "$root/bin/busybox" 2>/dev/null | grep -q 'dynamically linked' && { echo "build-guest.sh: busybox is not static (install busybox-static)" >&2; exit 69; }
cp -r "$kernel_dir/modules/." "$root/lib/modules/$release/"
busybox depmod -b "$root" "$release"
install -m 755 "$guest_src/init" "$root/init"
install -m 755 "$guest_src/udhcpc.script" "$root/bin/udhcpc.script"
install -m 755 "$guest_src/poweroff.cgi" "$root/www/cgi-bin/poweroff"
install -m 755 "$guest_src/fetch.cgi" "$root/www/cgi-bin/fetch"
# dhcpcd for IPv6 guests (DHCPv6 after a Router Advertisement with the M flag): busybox has no
# DHCPv6 client. The host's binary and the two libraries it links (libc, the loader); a
# passwd entry for its privilege-separation user, whose home is its chroot.
dhcpcd_bin=$(command -v dhcpcd) || { echo "build-guest.sh: dhcpcd is missing (install dhcpcd-base)" >&2; exit 69; }
install -D -m 755 "$dhcpcd_bin" "$root/bin/dhcpcd"
for lib in $(ldd "$dhcpcd_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  install -D -m 755 "$lib" "$root$lib"
done
mkdir -p "$root/var/lib/dhcpcd" "$root/run/dhcpcd" "$root/usr/lib/dhcpcd"
printf 'root:x:0:0:root:/:/bin/sh\ndhcpcd:x:100:65534:dhcpcd:/usr/lib/dhcpcd:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
install -m 644 "$guest_src/dhcpcd.conf" "$root/etc/dhcpcd.conf"
install -m 755 "$guest_src/dhcpcd.script" "$root/bin/dhcpcd.script"
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -9n >"$work/initrd.gz"

mkdir -p "$guest_dir.tmp"
cp "$work/initrd.gz" "$guest_dir.tmp/"
modules_json=$(cd "$root/lib/modules/$release" && find . -name '*.ko' | sed 's|.*/||; s|\.ko$||' | sort | sed 's/.*/"&"/' | paste -sd, -)
cat >"$guest_dir.tmp/guest.json" <<JSON
{
  "package": "$package",
  "version": "$version",
  "kernelRelease": "$release",
  "vmlinux": "$kernel_dir/vmlinux",
  "vmlinuz": "$kernel_dir/vmlinuz",
  "initrd": "$guest_dir/initrd.gz",
  "modules": [$modules_json]
}
JSON
rm -rf "$guest_dir" && mv "$guest_dir.tmp" "$guest_dir"
# Older builds in OUTDIR are of no use any more.
for old in "$outdir"/guest-* "$outdir"/kernel-*; do
  [ "$old" = "$guest_dir" ] || [ "$old" = "$kernel_dir" ] || rm -rf "$old"
done
echo "guest built: $guest_dir ($(du -h "$guest_dir/initrd.gz" | cut -f1) initramfs)" >&2
echo "$guest_dir"
