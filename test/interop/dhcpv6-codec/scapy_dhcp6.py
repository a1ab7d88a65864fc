#!/usr/bin/python3
"""scapy's side of the DHCPv6 codec interop test (test/interop/dhcpv6-codec.test.ts).

  scapy_dhcp6.py parse  < [hex, ...]   -> what scapy reads from each message
  scapy_dhcp6.py build                 -> messages scapy builds, as hex, each with a name

JSON on stdin/stdout. A message is the list of its scapy layers (header, then one layer per
option), each {"class", "fields"}; a field holding packets holds their layer lists in turn,
bytes travel as {"hex": "..."}. Needs Debian's python3-scapy.
"""
import json
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.layers import dhcp6  # noqa: E402
from scapy.layers.dhcp6 import (  # noqa: E402
    DHCP6_Advertise, DHCP6_RelayForward, DHCP6_Reply, DHCP6_Solicit, DHCP6OptClientId, DHCP6OptDNSDomains,
    DHCP6OptDNSServers, DHCP6OptElapsedTime, DHCP6OptIA_NA, DHCP6OptIA_PD, DHCP6OptIA_TA, DHCP6OptIAAddress,
    DHCP6OptIAPrefix, DHCP6OptIfaceId, DHCP6OptOptReq, DHCP6OptPref, DHCP6OptRapidCommit, DHCP6OptRelayMsg,
    DHCP6OptServerId, DHCP6OptStatusCode, DHCP6OptUnknown, DUID_EN, DUID_LL, DUID_LLT, DUID_UUID,
)
from scapy.packet import NoPayload, Packet  # noqa: E402


def value(v):
    if isinstance(v, Packet):
        return layers(v)
    if isinstance(v, bytes):
        return {"hex": v.hex()}
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    if v is None or isinstance(v, (int, str, float)):
        return v
    return str(v)


def layers(packet):
    out = []
    while not isinstance(packet, NoPayload):
        fields = {f.name: value(packet.getfieldval(f.name)) for f in packet.fields_desc}
        out.append({"class": type(packet).__name__, "fields": fields})
        packet = packet.payload
    return out


def parse(hex_message):
    data = bytes.fromhex(hex_message)
    cls = getattr(dhcp6, dhcp6.dhcp6_cls_by_type[data[0]])
    return layers(cls(data))


def build():
    mac = "52:54:00:6b:3c:1d"
    solicit = (
        DHCP6_Solicit(trid=0x5A3C01)
        / DHCP6OptClientId(duid=DUID_LLT(hwtype=1, timeval=0x2C9F6A80, lladdr=mac))
        / DHCP6OptIA_NA(iaid=0x6B3C1D, T1=0, T2=0)
        / DHCP6OptIA_TA(iaid=9)
        / DHCP6OptIA_PD(iaid=7, T1=0, T2=0, iapdopt=[DHCP6OptIAPrefix(preflft=0, validlft=0, plen=56, prefix="2001:db8:ab00::")])
        / DHCP6OptOptReq(reqopts=[23, 24])
        / DHCP6OptElapsedTime(elapsedtime=250)
        / DHCP6OptRapidCommit()
        / DHCP6OptUnknown(optcode=0xFFF0, data=b"\xde\xad\xbe\xef")
    )
    server = DHCP6OptServerId(duid=DUID_EN(enterprisenum=2636, id=b"\x0a\x0b\x0c\x0d"))
    client = DHCP6OptClientId(duid=DUID_LL(hwtype=1, lladdr=mac))
    ia = DHCP6OptIA_NA(iaid=0x6B3C1D, T1=1800, T2=2880, ianaopts=[
        DHCP6OptIAAddress(addr="2001:db8:1::5", preflft=3600, validlft=7200, iaaddropts=[DHCP6OptStatusCode(statuscode=0, statusmsg="assigned")]),
    ])
    advertise = (
        DHCP6_Advertise(trid=0x5A3C01) / server / client / ia / DHCP6OptPref(prefval=255)
        / DHCP6OptDNSServers(dnsservers=["2001:db8::53", "fd00:10:96::a"])
        / DHCP6OptDNSDomains(dnsdomains=["svc.cluster.local.", "cluster.local."])
    )
    reply = (
        DHCP6_Reply(trid=0x5A3C02) / server / DHCP6OptClientId(duid=DUID_UUID(uuid="5e4d2c1b-0a09-4807-a605-040302010000")) / ia
        / DHCP6OptStatusCode(statuscode=0, statusmsg="All addresses assigned")
        / DHCP6OptDNSServers(dnsservers=["2001:db8::53"])
    )
    relay = (
        DHCP6_RelayForward(hopcount=1, linkaddr="2001:db8:1::1", peeraddr="fe80::5054:ff:fe6b:3c1d")
        / DHCP6OptIfaceId(ifaceid=b"eth0")
        / DHCP6OptRelayMsg(message=DHCP6_Solicit(trid=0x5A3C01) / client / DHCP6OptIA_NA(iaid=1) / DHCP6OptElapsedTime(elapsedtime=0) / DHCP6OptRapidCommit())
    )
    return [{"name": name, "hex": bytes(p).hex(), "scapy": layers(type(p)(bytes(p)))} for name, p in [
        ("SOLICIT with every client option", solicit), ("ADVERTISE with IA_NA, IAADDR and status", advertise),
        ("REPLY with IA_NA, IAADDR and status", reply), ("RELAY-FORW wrapping a SOLICIT", relay),
    ]]


COMMANDS = {"parse": lambda: [parse(h) for h in json.load(sys.stdin)], "build": build}

if __name__ == "__main__":
    run = COMMANDS.get(sys.argv[1] if len(sys.argv) > 1 else "")
    if run is None:
        sys.exit("usage: scapy_dhcp6.py parse|build")
    json.dump(run(), sys.stdout)
