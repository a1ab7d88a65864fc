/**
 * The options that carry options: IA_NA (3), IA_TA (4), IA Address (5), IA_PD (25) and IA
 * Prefix (26) (RFC 8415 §21.4–21.6, §21.21, §21.22). Each is a fixed part and then an option
 * list of the same format as the message's, decoded by the codec the message uses (given here,
 * so that the option table and these codecs need not import each other).
 */
import * as E from 'fp-ts/lib/Either.js';
import { isUint, readUint32, writeUint32 } from '../dhcp/codec/bytes.js';
import { show, type ValueCodec } from '../dhcp/codec/types.js';
import { ipv6Problem, readIpv6, writeIpv6 } from './bytes.js';
import type { Dhcpv6Option } from './options.js';

/** Where in a value (`options[0].value.options[1].value`) and what is wrong there. */
export interface NestedProblem {
  readonly path: string;
  readonly reason: string;
}

/**
 * A codec whose values hold options or a message (IA_NA, IA Address…, Relay Message), so a
 * problem can sit any depth down. `checkAt` checks a value found at `path`: a string Left
 * is a problem of the value itself (the caller puts it at `path`, after the option's name);
 * a NestedProblem comes from deeper, with its full path and reason. `check` says the same
 * in one string, the nested path first.
 */
export interface NestingCodec<T> extends ValueCodec<T> {
  readonly checkAt: (value: unknown, path: string) => E.Either<string | NestedProblem, T>;
}

/** `path.field`, or `field` at the top. */
export const pathTo = (path: string, field: string): string => (path === '' ? field : `${path}.${field}`);

/** checkAt's answer as `check` gives it: one string, a nested problem's path first. */
export function inOneString<T>(checked: E.Either<string | NestedProblem, T>): E.Either<string, T> {
  if (E.isRight(checked) || typeof checked.left === 'string') return checked as E.Either<string, T>;
  const { path, reason } = checked.left;
  return E.left(path === '' ? reason : `${path}: ${reason}`);
}

/** IA_NA and IA_PD: times in seconds; T1 and T2 0 leave them to the client. */
export interface IdentityAssociation {
  readonly iaid: number;
  readonly t1: number;
  readonly t2: number;
  readonly options: readonly Dhcpv6Option[];
}

export interface IaTa {
  readonly iaid: number;
  readonly options: readonly Dhcpv6Option[];
}

export interface IaAddress {
  readonly address: string;
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  readonly options: readonly Dhcpv6Option[];
}

export interface IaPrefix {
  readonly preferredLifetime: number;
  readonly validLifetime: number;
  /** 0..128. */
  readonly prefixLength: number;
  /** All 16 bytes as an address, bits past prefixLength included (they travel as sent). */
  readonly prefix: string;
  readonly options: readonly Dhcpv6Option[];
}

/** The kinds of field a fixed part holds, with their sizes. */
type FieldKind = 'uint32' | 'prefixLength' | 'ipv6';
const SIZE: { readonly [K in FieldKind]: number } = { uint32: 4, prefixLength: 1, ipv6: 16 };
type FixedPart = readonly (readonly [name: string, kind: FieldKind])[];

/** RFC 8415 §21.22: prefix-length is 0..128. */
const MAX_PREFIX_LENGTH = 128;

function readFields(fields: FixedPart, buf: Uint8Array, offset: number): E.Either<string, Record<string, unknown>> {
  const value: Record<string, unknown> = {};
  let at = offset;
  for (const [name, kind] of fields) {
    if (kind === 'uint32') value[name] = readUint32(buf, at);
    else if (kind === 'ipv6') value[name] = readIpv6(buf, at);
    else if ((buf[at] as number) > MAX_PREFIX_LENGTH) return E.left(`prefix length ${buf[at] as number} is over ${MAX_PREFIX_LENGTH}`);
    else value[name] = buf[at] as number;
    at += SIZE[kind];
  }
  return E.right(value);
}

function writeFields(fields: FixedPart, value: Readonly<Record<string, unknown>>, buf: Uint8Array, offset: number): number {
  let at = offset;
  for (const [name, kind] of fields) {
    const field = value[name];
    if (kind === 'uint32') writeUint32(field as number, buf, at);
    else if (kind === 'ipv6') writeIpv6(field as string, buf, at);
    else buf[at] = (field as number) & 255;
    at += SIZE[kind];
  }
  return at;
}

function fieldProblem(fields: FixedPart, value: Readonly<Record<string, unknown>>): string | undefined {
  for (const [name, kind] of fields) {
    const field = value[name];
    if (kind === 'ipv6') {
      const problem = ipv6Problem(field);
      if (problem !== undefined) return `${name} is ${problem}: ${show(field)}`;
      continue;
    }
    const max = kind === 'uint32' ? 0xffffffff : MAX_PREFIX_LENGTH;
    if (typeof field !== 'number' || !isUint(field, max)) return `${name} is not an integer in 0..${max}: ${show(field)}`;
  }
  return undefined;
}

/** An option made of a fixed part (`fields`, in wire order) and then nested options. */
function withOptions<T extends { readonly options: readonly Dhcpv6Option[] }>(what: string, fields: FixedPart, nested: NestingCodec<readonly Dhcpv6Option[]>): NestingCodec<T> {
  const size = fields.reduce((sum, [, kind]) => sum + SIZE[kind], 0);
  const checkAt = (value: unknown, path: string): E.Either<string | NestedProblem, T> => {
    if (typeof value !== 'object' || value === null) return E.left(`expected a ${what} object, got ${show(value)}`);
    const problem = fieldProblem(fields, value as Readonly<Record<string, unknown>>);
    if (problem !== undefined) return E.left(problem);
    const options = nested.checkAt((value as { readonly options?: unknown }).options, pathTo(path, 'options'));
    return E.isLeft(options) ? options : E.right(value as T);
  };
  return {
    encodingLength: (value) => size + nested.encodingLength(value.options),
    encode: (value, buf, offset) => nested.encode(value.options, buf, writeFields(fields, value as unknown as Readonly<Record<string, unknown>>, buf, offset)),
    decode: (buf, offset, length) => {
      if (length < size) return E.left(`${what} needs at least ${size} bytes, got ${length}`);
      const value = readFields(fields, buf, offset);
      if (E.isLeft(value)) return value;
      const options = nested.decode(buf, offset + size, length - size);
      if (E.isLeft(options)) return E.left(`${what} options: ${options.left}`);
      value.right['options'] = options.right;
      return E.right(value.right as unknown as T);
    },
    checkAt,
    check: (value) => inOneString(checkAt(value, '')),
  };
}

const ASSOCIATION: FixedPart = [['iaid', 'uint32'], ['t1', 'uint32'], ['t2', 'uint32']];

/** The five codecs, over the option-list codec the message uses for nested options. */
export function iaCodecs(nested: NestingCodec<readonly Dhcpv6Option[]>) {
  return {
    iaNa: withOptions<IdentityAssociation>('IA_NA', ASSOCIATION, nested),
    iaPd: withOptions<IdentityAssociation>('IA_PD', ASSOCIATION, nested),
    iaTa: withOptions<IaTa>('IA_TA', [['iaid', 'uint32']], nested),
    iaAddress: withOptions<IaAddress>('IA Address', [['address', 'ipv6'], ['preferredLifetime', 'uint32'], ['validLifetime', 'uint32']], nested),
    iaPrefix: withOptions<IaPrefix>('IA Prefix', [['preferredLifetime', 'uint32'], ['validLifetime', 'uint32'], ['prefixLength', 'prefixLength'], ['prefix', 'ipv6']], nested),
  };
}
