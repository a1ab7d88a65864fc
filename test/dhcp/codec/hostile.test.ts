/**
 * Hostile input for the functions that take the caller's data unchecked: the option and
 * message checks, preencodeOptions and both families' buildMessage. Each must answer with an
 * Either, never throw, and put the error where the hostile part was.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v4 from '../../../src/dhcp/index.js';
import * as v6 from '../../../src/dhcpv6/index.js';
import { OPTION_CODES } from '../../../src/dhcp/codec/options.js';
import { typedOption } from './arbitraries.js';
import { kubevirtAck } from './corpus.js';

const RUNS = 300;

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function nestedEntries(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { code: 3, name: 'router', value };
  return value;
}

/** Shapes that JSON, a careless caller or an attacker can give, chosen to break naive code. */
const EXTREMES: readonly unknown[] = [
  nested(100_000, '10.0.0.1'),
  nestedEntries(100_000),
  // JSON.parse makes `__proto__` an own key, unlike an object literal.
  JSON.parse('{"__proto__": {"code": 3, "name": "router", "value": ["10.0.0.1"]}}'),
  JSON.parse('{"__proto__": "x", "code": 3, "name": "router", "value": ["10.0.0.1"]}'),
  JSON.parse('{"__proto__": 1, "toString": 2, "constructor": 3, "hasOwnProperty": 4}'),
  Object.create(null),
  // Long enough that push(...list) or f(...list) overflows the stack.
  new Array(200_000).fill('10.0.0.1'),
  new Array(200_000),
  Array.from({ length: 200_000 }, (_, i) => i % 256),
  'x'.repeat(1 << 20),
  '\ud800',
  new Uint16Array(4),
  new Uint8Array(1 << 17),
  new DataView(new ArrayBuffer(4)),
  Symbol('hostile'),
  10n,
  Number.NaN,
  -0,
  Number.POSITIVE_INFINITY,
  { toString: null, valueOf: null },
];

const anything = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

/**
 * A hostile value, wrapped so that a counterexample prints: an extreme prints as its index,
 * since fast-check's printer overflows on the deep ones.
 */
const hostile = fc.oneof(
  anything.map((value) => ({ value })),
  fc.integer({ min: 0, max: EXTREMES.length - 1 }).map((i) => ({ value: EXTREMES[i], [fc.toStringMethod]: () => `EXTREMES[${i}]` })),
);
const v4Names = Object.keys(OPTION_CODES) as v4.DhcpOptionName[];
const v6Names = Array.from({ length: 128 }, (_, code) => v6.optionName(code)).filter((name) => name !== undefined);

/** Runs `f`, failing the test with the input if it throws; gives what it returned. */
function answers<T>(f: () => T): T {
  let result: T | undefined;
  expect(() => {
    result = f();
  }).not.toThrow();
  return result as T;
}

describe('DHCPv4 checks on hostile input', () => {
  it('checkOptions, preencodeOptions and checkMessage answer, and agree, whatever they are given', () => {
    fc.assert(
      fc.property(hostile, typedOption, fc.constantFrom('value', 'code', 'name', 'entry', 'list'), ({ value }, entry, where) => {
        const options = where === 'list' ? value : where === 'entry' ? [entry, value] : [{ ...entry, [where]: value }];
        const checked = answers(() => v4.checkOptions(options));
        const once = answers(() => v4.preencodeOptions(options as never));
        const whole = answers(() => v4.checkMessage({ ...kubevirtAck, options }));
        expect(E.isRight(whole)).toBe(E.isRight(checked));
        if (E.isLeft(checked)) {
          expect(once).toEqual(checked);
          expect(checked.left.path).toMatch(where === 'list' ? /^options/ : where === 'entry' ? /^options\[1\]/ : /^options\[0\]/);
        } else {
          // What passes must encode and come back as given: its code, name and value, and
          // -0 as 0 (the two are one number to ===, and one byte pattern on the wire).
          const bytes = answers(() => v4.encodeMessage({ ...kubevirtAck, options: checked.right }));
          const given = checked.right.map(({ code, name, value }) => ({ code, name, value }));
          const back = E.map((m: v4.DhcpMessage) => m.options)(v4.decodeMessage(bytes));
          expect(JSON.stringify(back)).toBe(JSON.stringify(E.right(given)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('tryEncodeMessage answers for a hostile header field', () => {
    const fields = Object.keys(kubevirtAck);
    fc.assert(
      fc.property(hostile, fc.constantFrom(...fields), ({ value }, field) => {
        const result = answers(() => v4.tryEncodeMessage({ ...kubevirtAck, [field]: value }));
        // hlen and chaddr are checked against each other, and the error names chaddr.
        if (E.isLeft(result)) expect([field, field === 'hlen' ? 'chaddr' : field]).toContain(result.left.path.split(/[.[]/)[0]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('buildMessage on hostile input', () => {
  const v4Parts = ['options', 'rawOptions', 'chaddr', 'yiaddr', 'xid', 'sname'] as const;
  const v6Parts = ['options', 'moreOptions', 'rawOptions', 'transactionId', 'type'] as const;

  it('DHCPv4: answers, with the path of the hostile part', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(...v4Parts), fc.constantFrom(...v4Names), fc.boolean(), ({ value }, part, name, inside) => {
        // Inside: the hostile value sits one level down, as an option value or a raw entry.
        const given = inside && part === 'options' ? { [name]: value } : inside && part === 'rawOptions' ? [value] : value;
        const result = answers(() => v4.buildMessage({ chaddr: '52:54:00:12:34:56', [part]: given } as never));
        if (E.isLeft(result)) expect(result.left.path.split(/[.[]/)[0]).toBe(part);
      }),
      { numRuns: RUNS },
    );
    for (const value of EXTREMES) {
      const result = answers(() => v4.buildMessage(value as never));
      // An object without the fields is the all-defaults message.
      if (typeof value !== 'object' || value === null || Array.isArray(value)) expect(E.isLeft(result)).toBe(true);
    }
  });

  it('DHCPv6: answers, with the path of the hostile part', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(...v6Parts), fc.constantFrom(...v6Names), fc.boolean(), ({ value }, part, name, inside) => {
        const given = inside && part === 'options' ? { [name]: value } : inside && part !== 'type' && part !== 'transactionId' ? [value] : value;
        const result = answers(() => v6.buildMessage({ type: 'REPLY', [part]: given } as never));
        if (E.isLeft(result)) expect(result.left.path.split(/[.[]/)[0]).toBe(part);
      }),
      { numRuns: RUNS },
    );
    // No object among them has a message type, which has no default.
    for (const value of EXTREMES) expect(E.isLeft(answers(() => v6.buildMessage(value as never)))).toBe(true);
  });
});

describe('DHCPv6 checkMessage on a hostile part deep in the nesting', () => {
  // RELAY-FORW ⊃ Relay Message (SOLICIT) ⊃ IA_NA ⊃ IA Address ⊃ Status Code: every kind of nesting.
  const status = v6.option('statusCode', { code: 0, message: 'ok' });
  const address = v6.option('iaAddress', { address: 'fd10:0:2::2', preferredLifetime: 3600, validLifetime: 3600, options: [status] });
  const ia = v6.option('iaNa', { iaid: 1, t1: 0, t2: 0, options: [address] });
  const inner = { type: 'SOLICIT', transactionId: 7, options: [ia] };
  const outer = { type: 'RELAY-FORW', hopCount: 0, linkAddress: '::', peerAddress: '::', options: [v6.option('relayMessage', inner as v6.Dhcpv6Message)] };

  const IN_RELAY = 'options[0].value';
  const IN_IA = `${IN_RELAY}.options[0].value`;
  const IN_ADDRESS = `${IN_IA}.options[0].value`;
  const IN_STATUS = `${IN_ADDRESS}.options[0].value`;
  /**
   * Where the hostile value goes, and the shallowest path an error about it may name: the
   * value of the option that holds it (whose own check reports it, its name in the reason),
   * or, for a whole entry or a message field, the place itself.
   */
  const PLACES: readonly (readonly [place: string, atLeast: string])[] = [
    [`${IN_RELAY}.transactionId`, `${IN_RELAY}.transactionId`],
    [`${IN_RELAY}.options`, `${IN_RELAY}.options`],
    [`${IN_RELAY}.options[0]`, `${IN_RELAY}.options[0]`],
    [`${IN_IA}.iaid`, IN_IA],
    [`${IN_IA}.t2`, IN_IA],
    [`${IN_IA}.options`, `${IN_IA}.options`],
    [`${IN_IA}.options[0]`, `${IN_IA}.options[0]`],
    [`${IN_ADDRESS}.address`, IN_ADDRESS],
    [`${IN_ADDRESS}.validLifetime`, IN_ADDRESS],
    [`${IN_ADDRESS}.options[0]`, `${IN_ADDRESS}.options[0]`],
    [IN_STATUS, IN_STATUS],
    [`${IN_STATUS}.message`, IN_STATUS],
  ];

  const SEGMENT = /[^.[\]]+/g;
  const segments = (path: string): string[] => path.match(SEGMENT) ?? [];

  /** A deep copy of `value` with `replacement` at `path` (every step of which exists). */
  function replaced(value: unknown, path: readonly string[], replacement: unknown): unknown {
    if (path.length === 0) return replacement;
    const [step, ...rest] = path as [string, ...string[]];
    if (Array.isArray(value)) return value.map((item, i) => (String(i) === step ? replaced(item, rest, replacement) : item));
    const record = value as Readonly<Record<string, unknown>>;
    return { ...record, [step]: replaced(record[step], rest, replacement) };
  }

  const isPrefix = (a: readonly string[], b: readonly string[]): boolean => a.length <= b.length && a.every((s, i) => s === b[i]);

  it('names the hostile place, or a field or entry of it, never an option that only contains it', () => {
    expect(E.isRight(v6.checkMessage(outer))).toBe(true);
    fc.assert(
      fc.property(hostile, fc.constantFrom(...PLACES), ({ value }, [place, atLeast]) => {
        const checked = answers(() => v6.checkMessage(replaced(outer, segments(place), value)));
        if (E.isRight(checked)) return;
        const path = segments(checked.left.path);
        // At or under the shallowest path allowed, and on the way to or under the place.
        expect(isPrefix(segments(atLeast), path)).toBe(true);
        expect(isPrefix(path, segments(place)) || isPrefix(segments(place), path)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
