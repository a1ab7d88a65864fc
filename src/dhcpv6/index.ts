/**
 * `kubevirt-net/dhcpv6`: the DHCPv6 wire codec, bytes ⇄ Dhcpv6Message (RFC 8415, RFC 3646,
 * RFC 6355). It knows DHCPv6 and nothing of virtual machines. See docs/dhcpv6-codec.md.
 */
export { decodeMessage } from './decode.js';
export { encodeMessage, encodingLength } from './encode.js';
export { checkMessage, tryEncodeMessage, type Dhcpv6EncodeError } from './check.js';
export { buildMessage, type MessageInput } from './build.js';
export { describeMessage } from './describe.js';
export {
  CLIENT_PORT,
  HOP_COUNT_LIMIT,
  isRelay,
  MAX_OPTION_DEPTH,
  MAX_RELAY_DEPTH,
  MESSAGE_TYPES,
  messageTypeValue,
  SERVER_PORT,
  type ClientServerMessage,
  type ClientServerMessageType,
  type Dhcpv6DecodeError,
  type Dhcpv6Message,
  type Dhcpv6MessageType,
  type RelayMessage,
  type RelayMessageType,
} from './message.js';
export {
  findOption,
  getOption,
  getOptions,
  option,
  rawOption,
  OPTION_CODES,
  type Dhcpv6Option,
  type Dhcpv6OptionName,
  type Dhcpv6OptionValues,
  type HasOptions,
  type RawOption,
  type TypedOption,
} from './options.js';
export { optionCodec, optionName } from './codec.js';
export { duid, MAX_DUID_LENGTH, type Duid } from './duid.js';
export type { IaAddress, IaPrefix, IaTa, IdentityAssociation } from './ia.js';
export { statusCode, STATUS_CODES, type StatusCode } from './statusCode.js';
export { domainSearch } from './domainSearch.js';
export { ipv6List, optionRequest } from './lists.js';
export type { ValueCodec } from '../dhcp/codec/types.js';
// The single-client server: the lease, the pure responder and its UDP adapter.
export { KUBEVIRT_LEASE6_LIFETIME, type Lease6 } from './lease.js';
export { respond6, type Outcome6, type Reply6Type } from './respond.js';
export { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, createDhcpv6Server, type Dhcpv6Exchange, type Dhcpv6Server, type Dhcpv6ServerOptions } from './server.js';
