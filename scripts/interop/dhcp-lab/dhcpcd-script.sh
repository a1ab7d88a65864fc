#!/bin/sh
# The -c script for dhcpcd: dhcpcd configures addresses and routes itself, so this only records
# each event ($reason: PREINIT, CARRIER, BOUND, RENEW, REBOOT, NAK, EXPIRE, STOP, ...) with
# the new_* variables.
here=$(dirname "$0")
. "$here/record-event.sh"

kvlab_record "$reason"
exit 0
