/**
 * DHCP Unique Identifiers (RFC 8415 §11), the value of Client Identifier (1) and Server
 * Identifier (2): a 2-byte type, then DUID-LLT (1), DUID-EN (2), DUID-LL (3) or DUID-UUID (4,
 * RFC 6355). Any other type is kept as bytes. Link-layer addresses are lower-case colon hex,
 * like a MAC: `52:54:00:6b:3c:1d`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { copyBytes, copyOut, isUint, readHardwareAddress, readMac, readUint16, readUint32, writeHardwareAddress, writeUint16, writeUint32 } from '../dhcp/codec/bytes.js';
import { show, type ValueCodec } from '../dhcp/codec/types.js';

export type Duid =
  /** Link-layer address plus time: seconds since 2000-01-01 UTC, modulo 2^32. */
  | { readonly type: 'llt'; readonly hardwareType: number; readonly time: number; readonly linkLayerAddress: string }
  /** Vendor-assigned: an IANA enterprise number and an identifier of the vendor's choosing. */
  | { readonly type: 'en'; readonly enterpriseNumber: number; readonly identifier: Uint8Array }
  | { readonly type: 'll'; readonly hardwareType: number; readonly linkLayerAddress: string }
  /** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case. */
  | { readonly type: 'uuid'; readonly uuid: string }
  /** A DUID type other than 1–4: its code and the bytes after it. */
  | { readonly type: 'raw'; readonly duidType: number; readonly data: Uint8Array };

/** RFC 8415 §11.1: "A DUID can be no more than 130 octets long (including the type code)." */
export const MAX_DUID_LENGTH = 130;
const LLT = 1;
const EN = 2;
const LL = 3;
const UUID = 4;
const UUID_LENGTH = 16;

const COLON_HEX = /^(?:[0-9a-f]{2}(?::[0-9a-f]{2})*)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const addressLength = (text: string): number => (text.length === 0 ? 0 : (text.length + 1) / 3);

function readUuid(buf: Uint8Array, offset: number): string {
  const hex = readHardwareAddress(buf, offset, UUID_LENGTH).replaceAll(':', '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function writeUuid(text: string, buf: Uint8Array, offset: number): number {
  const hex = text.replaceAll('-', '');
  for (let i = 0; i < UUID_LENGTH; i++) {
    const byte = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    buf[offset + i] = Number.isNaN(byte) ? 0 : byte;
  }
  return offset + UUID_LENGTH;
}

function encodingLength(value: Duid): number {
  switch (value.type) {
    case 'llt': return 8 + addressLength(value.linkLayerAddress);
    case 'en': return 6 + value.identifier.length;
    case 'll': return 4 + addressLength(value.linkLayerAddress);
    case 'uuid': return 2 + UUID_LENGTH;
    default: return 2 + value.data.length;
  }
}

function encode(value: Duid, buf: Uint8Array, offset: number): number {
  switch (value.type) {
    case 'llt': {
      writeUint16(LLT, buf, offset);
      writeUint16(value.hardwareType, buf, offset + 2);
      writeUint32(value.time, buf, offset + 4);
      return offset + 8 + writeHardwareAddress(value.linkLayerAddress, buf, offset + 8, addressLength(value.linkLayerAddress));
    }
    case 'en':
      writeUint16(EN, buf, offset);
      writeUint32(value.enterpriseNumber, buf, offset + 2);
      return copyBytes(value.identifier, buf, offset + 6);
    case 'll':
      writeUint16(LL, buf, offset);
      writeUint16(value.hardwareType, buf, offset + 2);
      return offset + 4 + writeHardwareAddress(value.linkLayerAddress, buf, offset + 4, addressLength(value.linkLayerAddress));
    case 'uuid':
      writeUint16(UUID, buf, offset);
      return writeUuid(value.uuid, buf, offset + 2);
    default:
      writeUint16(value.duidType, buf, offset);
      return copyBytes(value.data, buf, offset + 2);
  }
}

const linkLayer = (buf: Uint8Array, offset: number, length: number): string =>
  length === 6 ? readMac(buf, offset) : readHardwareAddress(buf, offset, length);

function decode(buf: Uint8Array, offset: number, length: number): E.Either<string, Duid> {
  if (length < 2) return E.left(`a DUID is at least 2 bytes (its type), got ${length}`);
  if (length > MAX_DUID_LENGTH) return E.left(`a DUID is at most ${MAX_DUID_LENGTH} bytes, got ${length}`);
  const type = readUint16(buf, offset);
  switch (type) {
    case LLT:
      return length < 8
        ? E.left(`DUID-LLT needs at least 8 bytes (type, hardware type, time), got ${length}`)
        : E.right({ type: 'llt', hardwareType: readUint16(buf, offset + 2), time: readUint32(buf, offset + 4), linkLayerAddress: linkLayer(buf, offset + 8, length - 8) });
    case EN:
      return length < 6
        ? E.left(`DUID-EN needs at least 6 bytes (type, enterprise number), got ${length}`)
        : E.right({ type: 'en', enterpriseNumber: readUint32(buf, offset + 2), identifier: copyOut(buf, offset + 6, offset + length) });
    case LL:
      return length < 4
        ? E.left(`DUID-LL needs at least 4 bytes (type, hardware type), got ${length}`)
        : E.right({ type: 'll', hardwareType: readUint16(buf, offset + 2), linkLayerAddress: linkLayer(buf, offset + 4, length - 4) });
    case UUID:
      return length !== 2 + UUID_LENGTH
        ? E.left(`DUID-UUID is exactly ${2 + UUID_LENGTH} bytes, got ${length}`)
        : E.right({ type: 'uuid', uuid: readUuid(buf, offset + 2) });
    default:
      return E.right({ type: 'raw', duidType: type, data: copyOut(buf, offset + 2, offset + length) });
  }
}

function checkFields(d: Readonly<Record<string, unknown>>): string | undefined {
  const uint = (field: string, max: number): string | undefined =>
    typeof d[field] === 'number' && isUint(d[field] as number, max) ? undefined : `${field} is not an integer in 0..${max}: ${show(d[field])}`;
  const address = (): string | undefined =>
    typeof d['linkLayerAddress'] === 'string' && COLON_HEX.test(d['linkLayerAddress'])
      ? undefined
      : `linkLayerAddress is not lower-case colon hex (aa:bb:…): ${show(d['linkLayerAddress'])}`;
  const bytes = (field: string): string | undefined => (d[field] instanceof Uint8Array ? undefined : `${field} is not a Uint8Array: ${show(d[field])}`);
  switch (d['type']) {
    case 'llt': return uint('hardwareType', 0xffff) ?? uint('time', 0xffffffff) ?? address();
    case 'en': return uint('enterpriseNumber', 0xffffffff) ?? bytes('identifier');
    case 'll': return uint('hardwareType', 0xffff) ?? address();
    case 'uuid': return typeof d['uuid'] === 'string' && UUID_TEXT.test(d['uuid']) ? undefined : `uuid is not lower-case 8-4-4-4-12 hex: ${show(d['uuid'])}`;
    case 'raw': {
      const problem = uint('duidType', 0xffff) ?? bytes('data');
      if (problem !== undefined) return problem;
      const type = d['duidType'] as number;
      return type >= LLT && type <= UUID ? `DUID type ${type} has a typed form; give it as type '${['llt', 'en', 'll', 'uuid'][type - 1] as string}'` : undefined;
    }
    default:
      return `type is not 'llt', 'en', 'll', 'uuid' or 'raw': ${show(d['type'])}`;
  }
}

function check(value: unknown): E.Either<string, Duid> {
  if (typeof value !== 'object' || value === null) return E.left(`expected a DUID { type, … }, got ${show(value)}`);
  const problem = checkFields(value as Readonly<Record<string, unknown>>);
  if (problem !== undefined) return E.left(problem);
  const length = encodingLength(value as Duid);
  return length > MAX_DUID_LENGTH ? E.left(`a DUID is at most ${MAX_DUID_LENGTH} bytes, this one is ${length}`) : E.right(value as Duid);
}

export const duid: ValueCodec<Duid> = { encodingLength, encode, decode, check };
