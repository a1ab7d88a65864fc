#!/usr/bin/python3
"""scapy's side of the DHCP codec interop test (test/interop/dhcp-codec.test.ts).

  scapy_dhcp.py parse  < [hex, ...]   -> what scapy reads from each message
  scapy_dhcp.py build                 -> messages scapy builds, with what it meant

JSON on stdin/stdout; bytes travel as {"hex": "..."}. Needs Debian's python3-scapy.
scapy knows neither RFC 3396 nor option overload nor option 119, so for those this script
hands scapy the pieces itself: it parses file/sname with scapy's own DHCP option parser
when option 52 asks for it, and decodes the concatenated 119 data with scapy's DNS name
reader (after shifting compression pointers to the DNS-header origin that reader assumes).
"""
import json
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.layers.dhcp import BOOTP, DHCP, DHCPRevOptions  # noqa: E402
from scapy.layers.dns import dns_get_str  # noqa: E402
from scapy.packet import Raw  # noqa: E402


def jsonable(value):
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def option_list(options):
    """scapy's option tuples as [code, name, values...]; Pad and End left out."""
    out = []
    for item in options:
        if isinstance(item, str):
            continue  # 'pad', 'end'
        name, values = item[0], list(item[1:])
        code = name if isinstance(name, int) else DHCPRevOptions[name][0]
        out.append([code, name if isinstance(name, str) else None] + jsonable(values))
    return out


def field_text(raw):
    return raw.split(b"\x00", 1)[0].decode("latin-1")


def domain_names(data):
    """Names of option 119 data, read by scapy's DNS name reader.

    scapy counts pointers from the end of a 12-byte DNS header (it subtracts 12), RFC 3397
    from the start of the option data: shift each pointer by 12 before handing the data over.
    """
    data = bytearray(data)
    at = 0
    while at < len(data):
        size = data[at]
        if size & 0xC0 == 0xC0 and at + 1 < len(data):
            target = (((size & 0x3F) << 8) | data[at + 1]) + 12
            data[at], data[at + 1] = 0xC0 | (target >> 8), target & 0xFF
            at += 2
        else:
            at += 1 + (size if size & 0xC0 == 0 else 0)
    names, pointer = [], 0
    while pointer < len(data):
        name, pointer, _, _ = dns_get_str(bytes(data), pointer, _fullpacket=True)
        names.append(name.decode("latin-1").rstrip("."))
    return names


def parse(hex_message):
    packet = BOOTP(bytes.fromhex(hex_message))
    dhcp = packet.getlayer(DHCP)
    main = list(dhcp.options) if dhcp is not None else []
    result = {
        "op": packet.op, "htype": packet.htype, "hlen": packet.hlen, "hops": packet.hops,
        "xid": packet.xid, "secs": packet.secs, "flags": int(packet.flags),
        "ciaddr": packet.ciaddr, "yiaddr": packet.yiaddr, "siaddr": packet.siaddr, "giaddr": packet.giaddr,
        "chaddr": packet.chaddr.hex(), "sname": field_text(packet.sname), "file": field_text(packet.file),
        "cookie": packet.options.hex() if isinstance(packet.options, bytes) else None,
        "options": option_list(main),
        "undecoded": dhcp.getlayer(Raw).load.hex() if dhcp is not None and dhcp.getlayer(Raw) else "",
    }
    overload = next((item[1] for item in main if isinstance(item, tuple) and item[0] == "dhcp-option-overload"), 0)
    areas = []
    if overload in (1, 3):
        areas.append(("file", packet.file))
    if overload in (2, 3):
        areas.append(("sname", packet.sname))
    for area, raw in areas:
        result[area + "Options"] = option_list(DHCP(raw).options)
    search = b"".join(bytes.fromhex(o[2]["hex"]) for o in result["options"] + sum((result[a + "Options"] for a, _ in areas), []) if o[0] == 119)
    if search:
        result["domainSearch"] = domain_names(search)
    return result


MAC = bytes.fromhex("5254006b3c1d")


def build():
    """Messages scapy builds: each with the header and options it was given, in its own terms."""
    specs = [
        ("DISCOVER", dict(op=1, xid=0x11223344, flags=0x8000, secs=2), [
            ("message-type", "discover"), ("client_id", b"\x01" + MAC), ("max_dhcp_size", 1500),
            ("hostname", b"guest"), ("vendor_class_id", b"udhcp 1.36.1"), ("param_req_list", [1, 3, 6, 12, 15, 26, 42, 119, 121]),
        ]),
        ("REQUEST", dict(op=1, xid=0x11223344, ciaddr="0.0.0.0"), [
            ("message-type", "request"), ("requested_addr", "10.244.0.5"), ("server_id", "169.254.75.10"),
            ("client_id", b"\x01" + MAC), ("param_req_list", [1, 3, 6]),
        ]),
        ("ACK", dict(op=2, xid=0x11223344, yiaddr="10.244.0.5", siaddr="10.244.0.1", giaddr="10.0.0.1", hops=1, sname=b"server", file=b"pxelinux.0"), [
            ("message-type", "ack"), ("server_id", "169.254.75.10"), ("lease_time", 86313600), ("renewal_time", 43156800),
            ("rebinding_time", 75524400), ("subnet_mask", "255.255.255.0"), ("router", "10.244.0.1", "10.244.0.2"),
            ("name_server", "10.96.0.10", "8.8.8.8"), ("domain", b"cluster.local"), ("broadcast_address", "10.244.0.255"),
            ("interface-mtu", 1450), ("NTP_server", "10.0.0.123"),
            ("classless_static_routes", ["10.128.0.0/14:0.0.0.0", "0.0.0.0/0:10.244.0.1"]),
            ("tftp_server_name", b"tftp.local"), ("boot-file-name", b"boot/grub.efi"), (224, b"\x01\x02\x03"),
            ("relay_agent_information", b"\x01\x04eth0\x02\x02\xab\xcd"),
        ]),
        ("NAK", dict(op=2, xid=0x55667788), [("message-type", "nak"), ("server_id", "169.254.75.10"), ("error_message", b"wrong address")]),
        ("INFORM", dict(op=1, xid=0x01020304, ciaddr="10.244.0.5"), [("message-type", "inform"), ("param_req_list", [1, 3, 6, 119])]),
    ]
    out = []
    for name, header, options in specs:
        packet = BOOTP(chaddr=MAC, **header) / DHCP(options=options + ["end"])
        given = dict(header)
        for key in ("sname", "file"):
            if key in given:
                given[key] = given[key].decode("latin-1")
        out.append({"name": name, "hex": bytes(packet).hex(), "header": given, "options": option_list(options)})
    return out


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "parse":
        print(json.dumps([parse(h) for h in json.load(sys.stdin)]))
    elif command == "build":
        print(json.dumps(build()))
    else:
        sys.exit("usage: scapy_dhcp.py parse|build")
