# Sourced by the udhcpc and dhclient scripts: what a guest's network scripts do with a lease.
# Both clients leave configuration to their script; the harness then reads the kernel state
# back, so these functions are the "guest OS" half of the lab. dhcpcd configures by itself.
# shellcheck shell=sh

# kvlab_set_address IFACE ADDRESS PREFIX_OR_MASK
kvlab_set_address() {
  if ! ip -4 -o addr show dev "$1" | grep -q " $2/"; then
    ip -4 addr flush dev "$1"
  fi
  ip addr replace "$2/$3" dev "$1"
}

# kvlab_set_mtu IFACE MTU (nothing when the lease has no MTU)
kvlab_set_mtu() {
  if [ -n "$2" ]; then
    ip link set dev "$1" mtu "$2"
  fi
}

# kvlab_add_route IFACE DESTINATION/WIDTH GATEWAY: a 0.0.0.0 gateway means on-link (RFC 3442).
kvlab_add_route() {
  if [ "$3" = 0.0.0.0 ]; then
    ip route replace "$2" dev "$1" scope link
  else
    ip route replace "$2" via "$3" dev "$1" onlink
  fi
}

# kvlab_default_route IFACE "ROUTER..." : RFC 3442 clients use option 3 only without option 121.
kvlab_default_route() {
  # shellcheck disable=SC2086 # the router list splits into words on purpose
  set -- "$1" $2
  if [ $# -ge 2 ]; then
    ip route replace default via "$2" dev "$1" onlink
  fi
}

kvlab_deconfigure() {
  ip -4 route flush dev "$1" 2>/dev/null || true
  ip -4 addr flush dev "$1" 2>/dev/null || true
}
