import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/index.js';
import { checkOutcome, hostileInput, validInput } from '../fuzz/specArbitraries.js';

// The long run is scripts/fuzz-spec.ts (≥ 1,000,000 cases, by hand); this is its CI-sized sibling.
describe('render() under hostile input', () => {
  it('never throws; every rejection has causes with paths; every acceptance is a <domain>', () => {
    fc.assert(
      fc.property(hostileInput, (input) => {
        expect(checkOutcome(input, render(input))).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('the generator of valid specs makes valid specs (so the mutations start from something real)', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        expect(render(input)._tag).toBe('Right');
      }),
      { numRuns: 500 },
    );
  });
});
