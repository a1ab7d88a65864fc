/** Issue 14's edges a CLI user touches: YAML error excerpts, odd hex, a message with no End. */
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

describe('kubevirt-net CLI edges', () => {
  it('a YAML error keeps the parser excerpt and says the position once', () => {
    const r = cli(['validate', '-'], 'spec:\n  a: 1\n  a: 2\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kubevirt-net: <stdin>:3:3: Map keys must be unique\n\n  a: 1\n  a: 2\n  ^\n');
  });

  it('dhcp decode names an odd number of hex digits as the problem', () => {
    expect(cli(['dhcp', 'decode', '0101060'])).toMatchObject({ status: 2, stderr: 'kubevirt-net: 7 hex digits: an odd number, so the last byte is incomplete\n' });
  });

  it('dhcp decode of the README example, and of a message without End', () => {
    const example = cli(['dhcp', 'decode', 'examples/dhcp-discover.hex']);
    expect(example.status).toBe(0);
    expect(example.stdout).toContain('Option: (80) rapidCommit: present (zero-length)\n  Option: (255) End\n');
    const noEnd = `01010600${'00'.repeat(232)}638253633501010c03616263`;
    const r = cli(['dhcp', 'decode', noEnd]);
    expect(r.stdout).toContain('Option: (12) hostName: abc');
    expect(r.stdout).not.toContain('(255) End');
    expect(r.stdout).toContain('no End option');
  });

  it('a JSON document nested 20,000 levels deep gets a cause, not a parser failure', () => {
    const r = cli(['validate', '-'], `{"spec":{"networks":${'['.repeat(20000)}${']'.repeat(20000)}}}`);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>: spec\.networks\[0\]: Invalid value: \[\[\[/);
  });
});
