import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMessage,
  encodeMessage,
  encodePreencoded,
  encodePreencodedInto,
  option,
  PreencodedOptions,
  preencodeOptions,
  rawOption,
  type DhcpHeader,
  type DhcpMessage,
  type DhcpOption,
} from '../../../src/dhcp/index.js';
import { message } from './arbitraries.js';
import { CORPUS, kubevirtAck } from './corpus.js';

const RUNS = 500;

const withoutOverload = message().filter((m) => m.options.every((o) => o.name !== 'optionOverload'));

function split(m: DhcpMessage): { readonly header: DhcpHeader; readonly options: readonly DhcpOption[] } {
  const { options, ...header } = m;
  return { header, options };
}

function preencoded(options: readonly DhcpOption[]): PreencodedOptions {
  const result = preencodeOptions(options);
  if (E.isLeft(result)) throw new Error(`${result.left.path}: ${result.left.reason}`);
  return result.right;
}

describe('preencodeOptions and encodePreencoded', () => {
  it("give encodeMessage's bytes for every message without option 52", () => {
    fc.assert(
      fc.property(withoutOverload, (m) => {
        const { header, options } = split(m);
        const once = preencoded(options);
        const expected = encodeMessage(m);
        expect(encodePreencoded(header, once)).toStrictEqual(expected);
        expect(expected.length).toBe(Math.max(300, 240 + once.byteLength));
      }),
      { numRuns: RUNS },
    );
    for (const { message: m, encodeOptions } of CORPUS) {
      if (encodeOptions !== undefined || m.options.some((o) => o.name === 'optionOverload')) continue;
      const { header, options } = split(m);
      expect(encodePreencoded(header, preencoded(options))).toStrictEqual(encodeMessage(m));
    }
  });

  it('write the same bytes into a dirty target and nothing past them, or refuse a short one untouched', () => {
    fc.assert(
      fc.property(withoutOverload, fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 255 }), (m, spare, junk) => {
        const { header, options } = split(m);
        const once = preencoded(options);
        const expected = encodeMessage(m);
        const target = new Uint8Array(expected.length + spare).fill(junk);
        expect(encodePreencodedInto(header, once, target)).toStrictEqual(E.right(expected.length));
        expect(target.subarray(0, expected.length)).toStrictEqual(expected);
        expect(target.subarray(expected.length).every((b) => b === junk)).toBe(true);
        const short = new Uint8Array(expected.length - 1).fill(junk);
        expect(encodePreencodedInto(header, once, short)).toStrictEqual(
          E.left({ path: '', reason: `the message takes ${expected.length} bytes and the target holds ${expected.length - 1}` }),
        );
        expect(short.every((b) => b === junk)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('keep the bytes of the list as it was, whatever is done to it afterwards', () => {
    const { header, options } = split(kubevirtAck);
    const list = options.map((entry) => ({ ...entry })) as DhcpOption[];
    const raw = Uint8Array.of(1, 2, 3);
    list.push(rawOption(224, raw));
    const once = preencoded(list);
    const before = encodePreencoded(header, once);
    list.pop();
    list[0] = option('messageType', 'NAK');
    raw[0] = 9;
    expect(encodePreencoded(header, once)).toStrictEqual(before);
    expect(before).toStrictEqual(encodeMessage({ ...kubevirtAck, options: [...options, rawOption(224, Uint8Array.of(1, 2, 3))] }));
  });

  it('refuse what checkMessage refuses, with the same path and reason', () => {
    const bad: readonly (readonly DhcpOption[])[] = [
      [option('leaseTime', -1)],
      [option('messageType', 'ACK'), option('messageType', 'ACK')],
      [option('router', [])],
      [rawOption(1, Uint8Array.of(255, 255, 255, 0))],
      [{ code: 3, name: 'subnetMask', value: '255.0.0.0' } as DhcpOption],
    ];
    for (const options of bad) {
      const expected = checkMessage({ ...kubevirtAck, options });
      expect(E.isLeft(expected)).toBe(true);
      expect(preencodeOptions(options)).toStrictEqual(expected);
    }
    expect(preencodeOptions('not a list' as unknown as readonly DhcpOption[])).toStrictEqual(
      E.left({ path: 'options', reason: 'expected a list of options, got "not a list"' }),
    );
  });

  it('refuse option 52, which places options in the per-message file and sname', () => {
    const result = preencodeOptions([option('messageType', 'ACK'), option('optionOverload', 'file')]);
    expect(result).toStrictEqual(
      E.left({ path: 'options[1]', reason: 'option 52 (overload) puts options in file and sname, which are per message: encode the message whole' }),
    );
  });

  it('are opaque: an instance of PreencodedOptions with only its length in view', () => {
    const once = preencoded(kubevirtAck.options);
    expect(once).toBeInstanceOf(PreencodedOptions);
    expect(Object.keys(once)).toStrictEqual(['byteLength']);
  });
});
