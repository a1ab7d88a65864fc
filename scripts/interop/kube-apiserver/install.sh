#!/bin/sh
# Builds a real kube-apiserver for test/interop/apiserver.test.ts, from Debian's own source
# package, with no network beyond the Debian mirror:
#   etcd-server (3.4)                         the apiserver's store
#   golang-go (1.19), dpkg-dev                the compiler; dpkg-source for `apt-get source`
#   make, rsync                               Kubernetes' build scripts copy their tools with rsync
#   golang-github-modern-go-reflect2-dev      reflect2 1.0.2, which works under Go >= 1.18
#   openssl                                   the test makes its CA and certificates with it
# then `apt-get source kubernetes` (1.20.2) into $KUBE_CACHE (default /var/cache/kubevirt-net/
# kubernetes, outside the repository) and `make WHAT=cmd/kube-apiserver` there. The make rule,
# not a plain `go build`, because it first generates the OpenAPI definitions the server serves.
#
# The vendored reflect2 1.0.1 of Kubernetes 1.20 reads Go's runtime map layout of its day; built
# with Go 1.19 the apiserver dies with a fault the first time it encodes an AdmissionReview
# (that is, on the first webhook call). Debian's reflect2 1.0.2 replaces it.
#
# Idempotent: when $KUBE_CACHE/bin/kube-apiserver exists only the package check runs (a second
# or so). The build is bounded by $KUBE_BUILD_TIMEOUT (default 45 minutes; about 5 on 2 cores).
# The machine's own kubectl is used; Debian's kubernetes-client is NOT installed (it conflicts).
# Needs root.
set -eu

cache="${KUBE_CACHE:-/var/cache/kubevirt-net/kubernetes}"
build_timeout="${KUBE_BUILD_TIMEOUT:-45m}"
binary="$cache/bin/kube-apiserver"
say() { echo "kube-apiserver/install: $*"; }
# Not installed here (Debian's kubernetes-client conflicts with it and its kubectl crashes):
# only said, so that a machine without one knows why the test will not run.
command -v kubectl >/dev/null 2>&1 || echo "kube-apiserver/install: no kubectl on PATH; the test uses the machine's own (upstream) kubectl" >&2

packages="etcd-server golang-go golang-github-modern-go-reflect2-dev dpkg-dev openssl make rsync"
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $package"
done
if [ -x "$binary" ] && [ -z "$missing" ]; then
  say "present: $binary and$(printf ' %s' $packages)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "kube-apiserver/install: needs root (missing:${missing:- } binary: $binary)" >&2
  exit 1
fi

mkdir -p "$cache"
# One build at a time: a second caller waits for the first and then finds the binary.
exec 9>"$cache/.lock"
flock -w 3600 9

if [ -n "$missing" ]; then
  say "installing$missing"
  apt-get update -qq
  # shellcheck disable=SC2086 # our own list, split into words on purpose
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -x "$binary" ]; then
  say "present: $binary"
  exit 0
fi

# `apt-get source` needs a deb-src line. Reuse the mirror the machine already uses for
# bookworm (deb822 debian.sources or one-line sources.list) so no other host is contacted.
if ! apt-get indextargets --format '$(TARGET_OF)' 2>/dev/null | grep -q '^deb-src$'; then
  mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  mirror="${mirror:-http://deb.debian.org/debian}"
  say "adding deb-src for bookworm from $mirror"
  cat >/etc/apt/sources.list.d/kubevirt-net-deb-src.sources <<EOF
# Added by kubevirt-net's scripts/interop/kube-apiserver/install.sh for \`apt-get source kubernetes\`.
Types: deb-src
URIs: $mirror
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -qq
fi

# An unpack that did not finish (a killed run) is thrown away and done again.
src=$(find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n 1)
if [ -n "$src" ] && [ ! -f "$cache/.unpacked" ]; then
  rm -rf "$src"
  src=""
fi
if [ -z "$src" ]; then
  say "apt-get source kubernetes into $cache"
  (cd "$cache" && apt-get source -qq kubernetes >/dev/null)
  src=$(find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n 1)
  [ -n "$src" ] || { echo "kube-apiserver/install: apt-get source left no kubernetes-* directory in $cache" >&2; exit 1; }
  touch "$cache/.unpacked"
fi

reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
if [ ! -f "$src/vendor/github.com/modern-go/reflect2/.from-debian" ]; then
  say "replacing vendor/github.com/modern-go/reflect2 with $reflect2"
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r "$reflect2" "$src/vendor/github.com/modern-go/reflect2"
  touch "$src/vendor/github.com/modern-go/reflect2/.from-debian"
fi

say "make WHAT=cmd/kube-apiserver in $src (bounded by $build_timeout)"
started=$(date +%s)
(
  cd "$src"
  export GOFLAGS=-mod=vendor GOPROXY=off GO111MODULE=on GOCACHE="$cache/go-build" GOPATH="$cache/gopath"
  timeout "$build_timeout" make WHAT=cmd/kube-apiserver
) >"$cache/build.log" 2>&1 || {
  echo "kube-apiserver/install: build failed; the last lines of $cache/build.log:" >&2
  tail -n 40 "$cache/build.log" >&2
  # A half-built tool or generated file would look up to date to the next make; the Go
  # build cache ($GOCACHE) survives, so the next attempt still recompiles little.
  rm -rf "$src/_output"
  exit 1
}
built=$(find "$src/_output" -type f -name kube-apiserver -perm -u+x | head -n 1)
[ -n "$built" ] || { echo "kube-apiserver/install: make left no kube-apiserver under $src/_output" >&2; exit 1; }
mkdir -p "$cache/bin"
cp "$built" "$binary.tmp"
mv "$binary.tmp" "$binary"
say "built $binary in $(($(date +%s) - started)) s"
