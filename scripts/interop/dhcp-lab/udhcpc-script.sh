#!/bin/sh
# The -s script for busybox udhcpc: udhcpc passes the event as $1 (deconfig, bound, renew,
# leasefail, nak) and the lease as variables (ip, mask, router, dns, search, domain, hostname,
# mtu, staticroutes, lease, serverid, ...). It configures the link like a distribution's script
# would, then records the call. udhcpc never brings the link up itself: deconfig, the first
# event, does it.
here=$(dirname "$0")
. "$here/record-event.sh"
. "$here/configure-ipv4.sh"

# Kept apart from $1, which the route loop below reuses.
event="$1"

case "$event" in
  deconfig)
    ip link set dev "$interface" up
    kvlab_deconfigure "$interface"
    ;;
  bound|renew)
    kvlab_set_address "$interface" "$ip" "$mask"
    kvlab_set_mtu "$interface" "${mtu:-}"
    if [ -n "${staticroutes:-}" ]; then
      # shellcheck disable=SC2086 # "destination/width gateway" pairs, split into words
      set -- $staticroutes
      while [ $# -ge 2 ]; do
        kvlab_add_route "$interface" "$1" "$2"
        shift 2
      done
    else
      kvlab_default_route "$interface" "${router:-}"
    fi
    ;;
esac

# Recorded last, once the link is configured: the harness reads the kernel state as soon as
# the record appears.
kvlab_record "$event"
exit 0
