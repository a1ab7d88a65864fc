#!/bin/sh
# GET /cgi-bin/poweroff: answer first, then power off (ACPI ends the QEMU process, and
# with it the libvirt domain).
printf 'Content-Type: text/plain\r\n\r\npowering off\n'
(sleep 1; echo "KVNET-POWEROFF reason=http uptime=$(cut -d' ' -f1 /proc/uptime)" >/dev/console; poweroff -f) </dev/null >/dev/null 2>&1 &
