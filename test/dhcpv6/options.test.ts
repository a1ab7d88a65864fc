import { describe, expect, it } from 'vitest';
import { domainSearch, ipv6List, optionCodec, optionRequest, statusCode } from '../../src/dhcpv6/index.js';
import { ascii, decodeWith, encodeWith, left, right } from '../dhcp/codec/helpers.js';

const label = (text: string): string => `${text.length.toString(16).padStart(2, '0')} ${ascii(text)}`;

describe('Option Request (6)', () => {
  it('is a list of 2-byte codes, empty allowed', () => {
    expect(encodeWith(optionRequest, [23, 24])).toBe('00 17 00 18');
    expect(right(decodeWith(optionRequest, '00 17 00 18 ff ff'))).toEqual([23, 24, 65535]);
    expect(right(decodeWith(optionRequest, ''))).toEqual([]);
    expect(left(decodeWith(optionRequest, '00 17 00'))).toBe('expected a multiple of 2 bytes, got 3');
    expect(left(optionRequest.check([23, 65536]))).toBe('65536 is not an option code (0..65535)');
  });
});

describe('Preference (7), Elapsed Time (8), Rapid Commit (14), Interface-Id (18)', () => {
  it('preference is one byte', () => {
    expect(encodeWith(optionCodec('preference'), 255)).toBe('ff');
    expect(left(decodeWith(optionCodec('preference'), '00 ff'))).toBe('expected 1 byte, got 2');
  });

  it('elapsed time is two bytes of hundredths of a second', () => {
    expect(encodeWith(optionCodec('elapsedTime'), 0)).toBe('00 00');
    expect(right(decodeWith(optionCodec('elapsedTime'), '01 2c'))).toBe(300);
    expect(left(decodeWith(optionCodec('elapsedTime'), '00 00 00'))).toBe('expected 2 bytes, got 3');
  });

  it('rapid commit is zero-length, and present is its value', () => {
    expect(encodeWith(optionCodec('rapidCommit'), true)).toBe('');
    expect(right(decodeWith(optionCodec('rapidCommit'), ''))).toBe(true);
    expect(left(decodeWith(optionCodec('rapidCommit'), '00'))).toBe('expected 0 bytes, got 1');
  });

  it('interface-id is opaque bytes, at least one', () => {
    expect(encodeWith(optionCodec('interfaceId'), new TextEncoder().encode('eth0'))).toBe(ascii('eth0'));
    expect(right(decodeWith(optionCodec('interfaceId'), '00 00 00 07'))).toEqual(Uint8Array.of(0, 0, 0, 7));
    expect(left(decodeWith(optionCodec('interfaceId'), ''))).toBe('expected at least 1 byte');
    expect(left(optionCodec('interfaceId').check(new Uint8Array(0)))).toMatch(/non-empty/);
  });
});

describe('Status Code (13)', () => {
  it('is a 2-byte code and a UTF-8 message', () => {
    expect(encodeWith(statusCode, { code: 0, message: 'ok' })).toBe(`00 00 ${ascii('ok')}`);
    expect(encodeWith(statusCode, { code: 2, message: 'só' })).toBe('00 02 73 c3 b3');
    expect(encodeWith(statusCode, { code: 6, message: '🙂' })).toBe('00 06 f0 9f 99 82');
    expect(right(decodeWith(statusCode, '00 02 73 c3 b3'))).toEqual({ code: 2, message: 'só' });
    expect(right(decodeWith(statusCode, '00 03'))).toEqual({ code: 3, message: '' });
  });

  it('keeps a byte-order mark, refuses bytes that are not UTF-8', () => {
    expect(right(decodeWith(statusCode, '00 00 ef bb bf 61'))).toEqual({ code: 0, message: '\ufeffa' });
    expect(left(decodeWith(statusCode, '00 00 c3'))).toBe('the status message is not UTF-8');
    expect(left(decodeWith(statusCode, '00 00 c0 80'))).toBe('the status message is not UTF-8'); // overlong NUL
    expect(left(decodeWith(statusCode, '00 00 ed a0 80'))).toBe('the status message is not UTF-8'); // a surrogate
    expect(left(decodeWith(statusCode, '00'))).toBe('expected at least 2 bytes (the status code), got 1');
  });

  it('check refuses a message with no UTF-8 form', () => {
    expect(left(statusCode.check({ code: 0, message: '\ud800' }))).toMatch(/UTF-8/);
    expect(left(statusCode.check({ code: 70000, message: '' }))).toMatch(/0\.\.65535/);
  });
});

describe('DNS Recursive Name Server (23)', () => {
  it('is 16 bytes per address', () => {
    expect(encodeWith(ipv6List, ['2001:db8::53', '::1'])).toBe('20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 53 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01');
    expect(right(decodeWith(ipv6List, 'fd 00 00 10 00 96 00 00 00 00 00 00 00 00 00 0a'))).toEqual(['fd00:10:96::a']);
    expect(left(decodeWith(ipv6List, '00'.repeat(17)))).toBe('expected a non-zero multiple of 16 bytes, got 17');
    expect(left(decodeWith(ipv6List, ''))).toBe('expected a non-zero multiple of 16 bytes, got 0');
    expect(left(ipv6List.check(['2001:0db8::53']))).toMatch(/RFC 5952/);
    expect(left(ipv6List.check([]))).toBe('expected a non-empty list of IPv6 addresses, got an array of 0');
  });
});

describe('Domain Search List (24, RFC 3646)', () => {
  it('writes RFC 1035 labels, each name zero-terminated, never compressed', () => {
    expect(encodeWith(domainSearch, ['svc.cluster.local', 'cluster.local'])).toBe(
      `${label('svc')} ${label('cluster')} ${label('local')} 00 ${label('cluster')} ${label('local')} 00`,
    );
    expect(right(decodeWith(domainSearch, `${label('example')} ${label('com')} 00 00`))).toEqual(['example.com', '']);
  });

  it('refuses compression pointers (RFC 8415 §10), and every other malformed name', () => {
    expect(left(decodeWith(domainSearch, `${label('a')} ${label('com')} 00 ${label('b')} c0 02`))).toBe(
      'compression pointer at byte 9: DHCPv6 forbids compression (RFC 8415 §10)',
    );
    expect(left(decodeWith(domainSearch, `${label('com')}`))).toBe('name at byte 0 runs past the end of the option');
    expect(left(decodeWith(domainSearch, '05 61 62'))).toBe('label at byte 0 runs past the end of the option');
    expect(left(decodeWith(domainSearch, '40 00'))).toBe('label at byte 0 has the reserved type bits 1');
    expect(left(decodeWith(domainSearch, `03 ${ascii('a.b')} 00`))).toBe('label at byte 0 contains a dot');
    expect(left(decodeWith(domainSearch, `${'3f '.concat('61 '.repeat(63)).repeat(4)}00`))).toBe('name at byte 0 is longer than 255 bytes');
    expect(left(decodeWith(domainSearch, ''))).toBe('expected at least 1 byte');
  });
});
