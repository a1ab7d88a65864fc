/**
 * The DHCPv4 wire codec: bytes ⇄ DhcpMessage. It knows DHCP (RFC 2131, 2132, 3046, 3396,
 * 3397, 3442, 4039) and nothing of virtual machines. See docs/dhcp-codec.md.
 */
export { chaddrBytes, decodeMessage, wireOptions, type DecodeOptions } from './decode.js';
export { encodeMessage, encodeMessageInto, encodingLength, type EncodeOptions } from './encode.js';
export {
  DEFAULT_MAX_MESSAGE_LENGTH,
  MAGIC_COOKIE,
  MIN_MESSAGE_LENGTH,
  type DecodedDhcpMessage,
  type DhcpDecodeError,
  type DhcpHeader,
  type DhcpMessage,
  type OptionArea,
  type WireOption,
} from './message.js';
export { checkMessage, checkOptions, tryEncodeMessage, type DhcpEncodeError } from './check.js';
export { encodePreencoded, encodePreencodedInto, preencodeOptions, PreencodedOptions } from './preencoded.js';
export { buildMessage, BOOTREPLY, BOOTREQUEST, BROADCAST_FLAG, type MessageInput } from './build.js';
export {
  findOption,
  getOption,
  option,
  optionCodec,
  optionName,
  rawOption,
  zeroLengthAllowed,
  OPTION_CODES,
  type DhcpOption,
  type DhcpOptionName,
  type DhcpOptionValues,
  type HasOptions,
  type RawOption,
  type TypedOption,
} from './options.js';
export { MESSAGE_TYPES, messageTypeValue, type DhcpMessageType, type OptionOverload } from './messageType.js';
export { RELAY_AGENT_SUBOPTIONS, type RelayAgentSubOption } from './relayAgent.js';
export type { ClasslessRoute } from './routes.js';
export type { ClientIdentifier } from './clientId.js';
export type { ValueCodec } from './types.js';
export { ipv4, ipv4List } from './addresses.js';
export { int32, uint16, uint32, uint8 } from './numbers.js';
export { rawBytes, text } from './strings.js';
export { messageType, optionOverload } from './messageType.js';
export { parameterRequestList } from './parameterList.js';
export { clientIdentifier } from './clientId.js';
export { classlessRoutes } from './routes.js';
export { domainSearch, domainSearchCompressed } from './domainSearch.js';
export { relayAgentInformation } from './relayAgent.js';
export { flag } from './flag.js';
