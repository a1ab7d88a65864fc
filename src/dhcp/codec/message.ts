/**
 * The DHCP message (RFC 2131 §2, RFC 951 header) as data: its types and the layout both
 * directions share. decode.ts reads bytes into it, encode.ts writes it back.
 */
import type { DhcpOption } from './options.js';

/**
 * A DHCP message. Addresses are dotted quads; `chaddr` is the first `hlen` bytes (at most 16)
 * of the client hardware address as lower-case colon hex — `aa:bb:cc:dd:ee:ff` for Ethernet.
 * `sname` and `file` are the text before the first NUL, or '' when option 52 hands their
 * bytes to options. `options` holds one entry per code, in first-appearance order.
 */
export interface DhcpMessage {
  /** 1 BOOTREQUEST, 2 BOOTREPLY. */
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number;
  readonly secs: number;
  /** Bit 15 (0x8000) is the broadcast flag. */
  readonly flags: number;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  readonly chaddr: string;
  readonly sname: string;
  readonly file: string;
  readonly options: readonly DhcpOption[];
}

/** A message without its options: what varies between messages that share their options. */
export type DhcpHeader = Omit<DhcpMessage, 'options'>;

/** Where an option occurrence sits: the options field, or an overloaded header field. */
export type OptionArea = 'options' | 'file' | 'sname';

/** One option occurrence exactly as on the wire, before RFC 3396 concatenation. */
export interface WireOption {
  readonly code: number;
  readonly area: OptionArea;
  /** Offset of the option's code byte in the message. */
  readonly offset: number;
  /** The data after the code and length bytes: a view into the decoded bytes. */
  readonly data: Uint8Array;
}

/**
 * A decoded message keeps the bytes it came from (the caller's buffer, not a copy): the raw
 * 16-byte chaddr is `chaddrBytes(message)`, the option occurrences in wire order are
 * `wireOptions(message)`. Both are computed on demand: built eagerly they measured ~15% of
 * a whole decode, for data a server rarely looks at.
 */
export interface DecodedDhcpMessage extends DhcpMessage {
  readonly bytes: Uint8Array;
}

export interface DhcpDecodeError {
  readonly reason: string;
  /** The byte offset in the message where decoding stopped. */
  readonly offset: number;
}

export const MAGIC_COOKIE = 0x63825363;
export const HEADER_LENGTH = 236;
export const OPTIONS_START = 240;
export const CHADDR_START = 28;
export const SNAME_START = 44;
export const SNAME_LENGTH = 64;
export const FILE_START = 108;
export const FILE_LENGTH = 128;
/** RFC 951/1542: the smallest BOOTP message; many clients drop anything shorter. */
export const MIN_MESSAGE_LENGTH = 300;
/** RFC 2131 §2: every client accepts 312 bytes of options (cookie included), i.e. a 548-byte message. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 548;

export const PAD = 0;
export const END = 255;
export const OVERLOAD = 52;
