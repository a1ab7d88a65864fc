#!/bin/sh
# GET /cgi-bin/fetch?ADDRESS:PORT: the guest itself sends GET / to ADDRESS:PORT and answers
# with the body it got, so a test can see the guest's outbound traffic (masquerade's SNAT)
# from the far side. The target is checked to be digits, dots and one colon. nc, not wget:
# static busybox's wget dies in glibc's resolver inside this initramfs.
printf 'Content-Type: text/plain\r\n\r\n'
case "$QUERY_STRING" in
  *[!0-9.:]* | '' | *:*:*) echo "bad target"; exit 0 ;;
esac
address=${QUERY_STRING%:*} port=${QUERY_STRING#*:}
printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 "$address" "$port" | sed '1,/^\r*$/d' || echo "fetch failed"
