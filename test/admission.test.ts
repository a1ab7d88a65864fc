/** reviewAdmission as an API server calls it: operations, versions, and bounded answers (issue 12). */
import { describe, expect, it } from 'vitest';
import { MAX_CAUSES, reviewAdmission } from '../src/admission.js';
import { bridge, pod, vm, vmi } from './vmispec/fixtures.js';

const review = (request: Record<string, unknown>, apiVersion = 'admission.k8s.io/v1') => ({ apiVersion, kind: 'AdmissionReview', request: { uid: 'u-1', ...request } });
const invalid = vmi([bridge('red', { model: 'bogus' })], [pod()]);

describe('reviewAdmission: operations', () => {
  it('allows a DELETE (object null, oldObject set) and a CONNECT without reading an object', () => {
    for (const operation of ['DELETE', 'CONNECT']) {
      const answer = reviewAdmission(review({ operation, object: null, oldObject: invalid }), { mutating: true });
      expect(answer.response).toEqual({ uid: 'u-1', allowed: true });
    }
  });

  it('checks the new object of an UPDATE as of a CREATE', () => {
    const answer = reviewAdmission(review({ operation: 'UPDATE', object: invalid, oldObject: vmi([bridge()], [pod()]) }));
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.code).toBe(422);
    expect(reviewAdmission(review({ operation: 'UPDATE', object: vm([bridge()], [pod()]) })).response.allowed).toBe(true);
  });

  it('answers 400 to an operation or a version it does not know', () => {
    expect(reviewAdmission(review({ operation: 'PATCH', object: invalid })).response.status).toMatchObject({ code: 400, details: { causes: [{ field: 'request.operation' }] } });
    const v2 = reviewAdmission(review({ operation: 'CREATE', object: invalid }, 'admission.k8s.io/v2'));
    expect(v2.response).toMatchObject({ uid: 'u-1', allowed: false, status: { code: 400, reason: 'BadRequest' } });
  });
});

describe('reviewAdmission: versions', () => {
  it('answers a v1beta1 review as v1beta1, and a v1 one as v1', () => {
    expect(reviewAdmission(review({ operation: 'CREATE', object: invalid }, 'admission.k8s.io/v1beta1')).apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(reviewAdmission(review({ operation: 'CREATE', object: invalid })).apiVersion).toBe('admission.k8s.io/v1');
    expect(reviewAdmission(undefined)).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { allowed: false, status: { code: 400 } } });
  });
});

describe('reviewAdmission: bounded answers', () => {
  it(`keeps ${MAX_CAUSES} causes of 256 bad interfaces and counts the rest in the message`, () => {
    const interfaces = Array.from({ length: 256 }, (_, i) => bridge(`n${i}`, { model: 'bogus', ports: [{ port: 0 }], macAddress: 'x' }));
    const networks = interfaces.map((_, i) => pod(`n${i}`));
    const status = reviewAdmission(review({ operation: 'CREATE', object: vmi(interfaces, networks) })).response.status;
    expect(status?.details.causes).toHaveLength(MAX_CAUSES);
    expect(status?.message).toMatch(/ \(\d+ more causes left out\)$/);
    expect(status?.message.length).toBeLessThan(9000);
  });

  it('cuts 50,000 unknown-field warnings to the API server limits: 256 characters each, 4,096 in all', () => {
    const extra = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`unknown${i}${'x'.repeat(i % 3 === 0 ? 300 : 0)}`, 1]));
    const answer = reviewAdmission(review({ operation: 'CREATE', object: vmi([bridge('red', extra)], [pod()]) }));
    const warnings = answer.response.warnings ?? [];
    expect(answer.response.allowed).toBe(true);
    expect(warnings.every((w) => w.length <= 256)).toBe(true);
    expect(warnings.join('').length).toBeLessThanOrEqual(4096);
    expect(warnings[warnings.length - 1]).toMatch(/^\d+ more warnings left out$/);
    expect(JSON.stringify(answer).length).toBeLessThan(6000);
  });
});
