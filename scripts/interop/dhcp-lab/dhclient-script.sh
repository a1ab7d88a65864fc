#!/bin/sh
# The -sf script for ISC dhclient: the event is $reason (PREINIT, BOUND, RENEW, REBIND, REBOOT,
# EXPIRE, FAIL, RELEASE, STOP, ...) and the lease comes as new_* variables. It configures the link,
# then records the call. Option 121 arrives as the raw bytes of the option
# (new_rfc3442_classless_static_routes="12 10 96 10 244 0 1 ..."), decoded here as the Debian
# rfc3442 hook does.
here=$(dirname "$0")
. "$here/record-event.sh"
. "$here/configure-ipv4.sh"

case "$reason" in
  PREINIT)
    ip link set dev "$interface" up
    ;;
  BOUND|RENEW|REBIND|REBOOT)
    kvlab_set_address "$interface" "$new_ip_address" "$new_subnet_mask"
    kvlab_set_mtu "$interface" "${new_interface_mtu:-}"
    if [ -n "${new_rfc3442_classless_static_routes:-}" ]; then
      # shellcheck disable=SC2086 # the option's bytes, split into words
      set -- $new_rfc3442_classless_static_routes
      while [ $# -ge 5 ]; do
        width=$1
        shift
        significant=$(( (width + 7) / 8 ))
        destination=""
        octet=0
        while [ $octet -lt 4 ]; do
          if [ $octet -lt "$significant" ]; then
            value=$1
            shift
          else
            value=0
          fi
          destination="$destination${destination:+.}$value"
          octet=$((octet + 1))
        done
        kvlab_add_route "$interface" "$destination/$width" "$1.$2.$3.$4"
        shift 4
      done
    else
      kvlab_default_route "$interface" "${new_routers:-}"
    fi
    ;;
  EXPIRE|FAIL|RELEASE|STOP)
    kvlab_deconfigure "$interface"
    ;;
esac

# Recorded last, once the link is configured: the harness reads the kernel state as soon as
# the record appears.
kvlab_record "$reason"
exit 0
