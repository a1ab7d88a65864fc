import { describe, expect, it } from 'vitest';
import { createSendPool } from '../../src/dhcp/sendPool.js';

describe('createSendPool', () => {
  it('hands out zeroed, disjoint, 8-byte aligned views, and its own buffer above 8 KiB', () => {
    const allocate = createSendPool();
    const a = allocate(300);
    const b = allocate(357);
    expect(a.every((x) => x === 0) && b.every((x) => x === 0)).toBe(true);
    a.fill(1);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(a.byteOffset % 8).toBe(0);
    expect(b.byteOffset % 8).toBe(0);
    expect(allocate(100_000).buffer.byteLength).toBe(100_000);
  });

  it('starts a new slab when one is full, never reusing a region', () => {
    const allocate = createSendPool();
    const views = Array.from({ length: 300 }, () => allocate(576));
    views.forEach((v, i) => v.fill(i % 255));
    expect(views.every((v, i) => v.every((x) => x === i % 255))).toBe(true);
    expect(new Set(views.map((v) => v.buffer)).size).toBeGreaterThan(1);
  });
});
