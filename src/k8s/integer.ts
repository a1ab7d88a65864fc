import * as t from 'io-ts';

/**
 * An integer as a plain `number` type. io-ts's `Integer` brands the type, which would make
 * callers cast their literals (`{ mtu: 1450 }` would not type-check).
 */
export const Integer = new t.Type<number, number, unknown>(
  'integer',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => (typeof u === 'number' && Number.isInteger(u) ? t.success(u) : t.failure(u, c)),
  (n) => n,
);
