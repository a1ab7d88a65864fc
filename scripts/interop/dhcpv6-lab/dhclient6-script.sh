#!/bin/sh
# The -sf script for ISC `dhclient -6`: the event is $reason (PREINIT6, BOUND6, RENEW6, REBIND6,
# REBOOT6, DEPREF6, EXPIRE6, RELEASE6, STOP6) and the lease comes as new_* variables
# (new_ip6_address, new_ip6_prefixlen, new_preferred_life, new_max_life, new_dhcp6_*). It puts
# the address on the link with the lease's lifetimes, as Debian's dhclient-script does, then
# records the call (the record-event.sh of the DHCPv4 lab).
here=$(dirname "$0")
. "$here/../dhcp-lab/record-event.sh"

case "$reason" in
  PREINIT6)
    ip link set dev "$interface" up
    ;;
  BOUND6|RENEW6|REBIND6|REBOOT6)
    if [ -n "${old_ip6_address:-}" ] && [ "${old_ip6_address:-}" != "${new_ip6_address:-}" ]; then
      ip -6 addr del "$old_ip6_address/$old_ip6_prefixlen" dev "$interface" 2>/dev/null
    fi
    if [ -n "${new_ip6_address:-}" ]; then
      ip -6 addr replace "$new_ip6_address/$new_ip6_prefixlen" dev "$interface" \
        valid_lft "$new_max_life" preferred_lft "$new_preferred_life"
    fi
    ;;
  DEPREF6)
    ip -6 addr change "$cur_ip6_address/$cur_ip6_prefixlen" dev "$interface" preferred_lft 0
    ;;
  EXPIRE6|RELEASE6|STOP6)
    if [ -n "${old_ip6_address:-}" ]; then
      ip -6 addr del "$old_ip6_address/$old_ip6_prefixlen" dev "$interface" 2>/dev/null
    fi
    ;;
esac

# Recorded last, once the link is configured: the harness reads the kernel state as soon as
# the record appears.
kvlab_record "$reason"
exit 0
