#!/bin/sh
# GET /cgi-bin/fetch?ADDRESS:PORT (IPv4) or ?[ADDRESS]:PORT (IPv6): the guest itself sends
# GET / to ADDRESS:PORT and answers with the body it got, so a test can see the guest's
# outbound traffic (masquerade's SNAT) from the far side. The target is checked to be digits,
# dots and one colon, or hex digits and colons in brackets then a port. nc, not wget: static
# busybox's wget dies in glibc's resolver inside this initramfs.
printf 'Content-Type: text/plain\r\n\r\n'
case "$QUERY_STRING" in
  \[*\]:*)
    target=${QUERY_STRING#\[}
    address=${target%%\]*} port=${target##*\]:}
    case "$address$port" in *[!0-9a-f:]* | '') echo "bad target"; exit 0 ;; esac
    case "$port" in *[!0-9]* | '') echo "bad target"; exit 0 ;; esac
    ;;
  *[!0-9.:]* | '' | *:*:*) echo "bad target"; exit 0 ;;
  *) address=${QUERY_STRING%:*} port=${QUERY_STRING#*:} ;;
esac
printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 "$address" "$port" | sed '1,/^\r*$/d' || echo "fetch failed"
