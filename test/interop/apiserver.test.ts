/**
 * reviewAdmission behind a real API server: etcd 3.4 and kube-apiserver 1.20 on 127.0.0.1
 * (test/interop/apiserver/cluster.ts), CRDs for KubeVirt's VirtualMachineInstance and
 * VirtualMachine, and our HTTPS webhook (test/interop/apiserver/webhook-server.ts, run as its
 * own process) registered as a validating and a mutating webhook with failurePolicy Fail.
 * Everything is then done with the machine's own kubectl, and the session is printed.
 *
 * Needs etcd, kubectl, openssl and the kube-apiserver that scripts/interop/kube-apiserver/
 * install.sh builds (scripts/interop/install-debian-packages.sh runs it); skipped with the
 * reason otherwise, except under CI, where a missing prerequisite fails.
 * KUBEVIRT_NET_KEEP_TMP=1 keeps the temp dir (certificates, logs, session.txt).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterSkipReason,
  fetchOnce,
  kubectlSession,
  makeCertificates,
  startApiServer,
  startEtcd,
  startWebhook,
  writeKubeconfig,
  type ApiServer,
  type Etcd,
  type KubectlResult,
  type Webhook,
} from './apiserver/cluster.js';
import {
  BARE_SPEC,
  CRDS,
  deepVmiJson,
  INVALID_SPEC,
  PROTO_NETWORK_JSON,
  PROTO_SPEC_JSON,
  VALID_SPEC,
  vm,
  vmi,
  webhookConfigurations,
} from './apiserver/manifests.js';
import { waitFor } from './dhcp-lab/process.js';

const skip = clusterSkipReason();
const inCi = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const TITLE = 'reviewAdmission behind a real kube-apiserver 1.20, driven by kubectl';
if (skip !== undefined) console.warn(`apiserver: ${inCi ? 'FAILING (CI)' : 'skipping'} "${TITLE}": ${skip}`);

/** A deep body that kubectl, the API server and the webhook all read (Go's JSON stops at 10,000). */
const DEEP = 3000;
/** Deeper than any JSON decoder of the API server takes, sent by hand. */
const DEEPER = 100_000;
/** What a webhook that died, hung or threw would make the API server say. */
const NOT_AN_ANSWER = /failed calling webhook|context deadline exceeded|connection refused|Internal error|InternalError|EOF/;

/**
 * How kubectl shows our denial: a 422 Invalid status is printed as its causes, `field:
 * message` (one cause inline, several as a `* ` list), whichever of the two hooks answered
 * first (the mutating one runs first, and validates too).
 */
const INVALID = 'The request is invalid:';
const cause = (field: string, message: string): string => `${field}: ${message}`;

const json = (value: unknown): string => JSON.stringify(value);
const brief = (text: string, keep = 160): string => (text.length <= keep ? text : `${text.slice(0, keep)}… (${text.length} characters in all)`);
const said = (result: KubectlResult): string => `${result.stdout}${result.stderr}`;

describe.runIf(skip !== undefined && inCi)(`${TITLE}: prerequisites`, () => {
  it('are installed under CI', () => {
    throw new Error(skip);
  });
});

describe.skipIf(skip !== undefined)(TITLE, () => {
  let tmp = '';
  let etcd: Etcd | undefined;
  let api: ApiServer | undefined;
  let webhook: Webhook | undefined;
  let session: ReturnType<typeof kubectlSession> | undefined;
  const started = Date.now();

  const kubectl: ReturnType<typeof kubectlSession>['kubectl'] = (args, options) => {
    if (session === undefined) throw new Error('the control plane did not start');
    return session.kubectl(args, options);
  };
  const apply = (manifest: string, shown?: string): Promise<KubectlResult> =>
    kubectl(['apply', '-f', '-'], { input: manifest, ...(shown !== undefined && { shown }) });
  const getJson = async (kind: string, name: string): Promise<Record<string, unknown>> => {
    const got = await kubectl(['get', kind, name, '-o', 'json'], { record: false });
    expect(got.code, got.stderr).toBe(0);
    return JSON.parse(got.stdout) as Record<string, unknown>;
  };
  /** The webhook's log lines since `from` (an index into its entries). */
  const reviewsSince = (from: number) => (webhook?.entries() ?? []).slice(from);
  const mark = (): number => webhook?.entries().length ?? 0;

  /** The API server, the webhook and admission all still work: a fresh valid VMI is admitted. */
  const stillServing = async (name: string): Promise<void> => {
    expect(webhook?.child.exit(), 'the webhook process is running').toBeUndefined();
    expect(api?.child.exit(), 'kube-apiserver is running').toBeUndefined();
    const from = mark();
    const again = await apply(json(vmi(name, VALID_SPEC)));
    expect(again.code, said(again)).toBe(0);
    expect(again.stdout).toContain(`virtualmachineinstance.kubevirt.io/${name} created`);
    expect(reviewsSince(from).some((e) => e.path === '/validate' && e.allowed === true)).toBe(true);
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'kvnet-apiserver-'));
    const certs = await makeCertificates(join(tmp, 'pki'));
    const caPem = await readFile(certs.caCert);
    const [startedWebhook] = await Promise.all([
      startWebhook(certs, 20_000).then((w) => (webhook = w)),
      startEtcd(tmp, 15_000).then(async (e) => {
        etcd = e;
        api = await startApiServer(tmp, certs, e, caPem, 30_000);
      }),
    ]);
    if (api === undefined) throw new Error('kube-apiserver did not start');
    const kubeconfig = await writeKubeconfig(tmp, api, certs.caCert);
    session = kubectlSession(kubeconfig, join(tmp, 'kube-cache'), join(tmp, 'session.txt'), tmp);

    const crds = await apply(json(CRDS));
    expect(crds.code, said(crds)).toBe(0);
    const established = await kubectl([
      'wait', '--for=condition=Established', '--timeout=20s',
      'crd/virtualmachineinstances.kubevirt.io', 'crd/virtualmachines.kubevirt.io',
    ]);
    expect(established.code, said(established)).toBe(0);
    const hooks = webhookConfigurations(startedWebhook.port, caPem.toString('utf8'));
    const hooksShown = json(hooks).replace(/"caBundle":"[^"]+"/g, '"caBundle":"<base64 of $TMP/pki/ca.crt>"');
    const registered = await apply(json(hooks), hooksShown);
    expect(registered.code, said(registered)).toBe(0);

    // The API server picks registrations up from an informer: dry runs (sideEffects None)
    // until both hooks answer, so no test sees the moment before.
    let last = '';
    await waitFor(
      'both webhooks to be called by the API server',
      async () => {
        const denied = await kubectl(['create', '--dry-run=server', '-f', '-'], { input: json(vmi('probe', INVALID_SPEC)), record: false });
        const patched = await kubectl(['create', '--dry-run=server', '-o', 'json', '-f', '-'], { input: json(vmi('probe', BARE_SPEC)), record: false });
        last = `invalid probe: ${said(denied)}\nbare probe: ${said(patched)}`;
        return denied.stderr.includes(INVALID) && patched.stdout.includes('"networks"')
          ? true
          : undefined;
      },
      20_000,
      () => `${last}\nwebhook output:\n${webhook?.child.output() ?? ''}`,
    );
  }, 90_000);

  afterAll(async () => {
    if (session !== undefined) {
      const transcript = session.transcript();
      console.log(`\nkubectl against kube-apiserver 1.20 (${Math.round((Date.now() - started) / 1000)} s so far):\n\n${transcript}\n`);
    }
    // Webhook first: the API server is not left calling a hook in its shutdown.
    await webhook?.child.stop({ graceMs: 3_000 });
    await api?.child.stop({ graceMs: 5_000 });
    await etcd?.child.stop({ graceMs: 3_000 });
    if (tmp !== '') {
      if (process.env['KUBEVIRT_NET_KEEP_TMP'] === '1') console.log(`apiserver: kept ${tmp}`);
      else await rm(tmp, { recursive: true, force: true });
    }
  }, 30_000);

  it('admits a valid VMI: kubectl apply creates it, after our validating hook allowed the CREATE', async () => {
    const from = mark();
    const result = await apply(json(vmi('valid', VALID_SPEC)));
    expect(result.code, said(result)).toBe(0);
    expect(result.stdout).toContain('virtualmachineinstance.kubevirt.io/valid created');
    const reviews = reviewsSince(from);
    expect(reviews).toContainEqual(expect.objectContaining({ path: '/validate', operation: 'CREATE', allowed: true, status: 200 }));
    expect(reviews).toContainEqual(expect.objectContaining({ path: '/mutate', operation: 'CREATE', allowed: true, patched: false }));
  });

  it('denies an invalid VMI: kubectl prints our causes, and nothing is stored', async () => {
    const from = mark();
    const result = await apply(json(vmi('invalid', INVALID_SPEC)));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(INVALID);
    expect(result.stderr).toContain(cause('spec.domain.devices.interfaces[1].name', "spec.domain.devices.interfaces[1].name 'blue' not found."));
    expect(result.stderr).toContain(
      cause('spec.domain.devices.interfaces[0].macAddress', 'interface spec.domain.devices.interfaces[0].name has malformed MAC address (de:ad:00:00:be).'),
    );
    expect(reviewsSince(from)).toContainEqual(expect.objectContaining({ operation: 'CREATE', allowed: false, status: 200 }));
    const got = await kubectl(['get', 'vmi', 'invalid']);
    expect(got.code).not.toBe(0);
    expect(got.stderr).toContain('NotFound');
  });

  it('denies an UPDATE that breaks a stored VMI, and keeps what was stored', async () => {
    const from = mark();
    const broken = { ...VALID_SPEC, domain: { ...VALID_SPEC.domain, devices: { interfaces: [{ name: 'default', bridge: {}, macAddress: 'de:ad:00:00:be' }] } } };
    const result = await apply(json(vmi('valid', broken)));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      cause('spec.domain.devices.interfaces[0].macAddress', 'interface spec.domain.devices.interfaces[0].name has malformed MAC address (de:ad:00:00:be).'),
    );
    expect(reviewsSince(from)).toContainEqual(expect.objectContaining({ operation: 'UPDATE', allowed: false }));
    const stored = await getJson('vmi', 'valid');
    expect(stored['spec']).toMatchObject({ domain: { devices: { interfaces: [{ macAddress: 'de:ad:00:00:be:af' }] } } });
  });

  it('stores a VMI with no interfaces and no networks with the default interface and network from our patch', async () => {
    const from = mark();
    const result = await apply(json(vmi('bare', BARE_SPEC)));
    expect(result.code, said(result)).toBe(0);
    expect(result.stdout).toContain('virtualmachineinstance.kubevirt.io/bare created');
    expect(reviewsSince(from)).toContainEqual(expect.objectContaining({ path: '/mutate', operation: 'CREATE', patched: true }));
    const shown = await kubectl(['get', 'vmi', 'bare', '-o', 'jsonpath={.spec.domain.devices.interfaces} {.spec.networks}']);
    expect(shown.code, said(shown)).toBe(0);
    const spec = (await getJson('vmi', 'bare'))['spec'] as Record<string, unknown>;
    expect(spec['networks']).toEqual([{ name: 'default', pod: {} }]);
    expect(spec['domain']).toEqual({ resources: { requests: { memory: '64Mi' } }, devices: { interfaces: [{ name: 'default', bridge: {} }] } });
  });

  it('handles a VirtualMachine at spec.template.spec: defaults patched there, causes named there', async () => {
    const bare = await apply(json(vm('vm-bare', BARE_SPEC)));
    expect(bare.code, said(bare)).toBe(0);
    expect(bare.stdout).toContain('virtualmachine.kubevirt.io/vm-bare created');
    const stored = (await getJson('vm', 'vm-bare'))['spec'] as { template: { spec: Record<string, unknown> } };
    expect(stored.template.spec['networks']).toEqual([{ name: 'default', pod: {} }]);
    expect(stored.template.spec['domain']).toMatchObject({ devices: { interfaces: [{ name: 'default', bridge: {} }] } });

    const invalid = await apply(json(vm('vm-invalid', INVALID_SPEC)));
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain(INVALID);
    expect(invalid.stderr).toContain(
      cause('spec.template.spec.domain.devices.interfaces[1].name', "spec.template.spec.domain.devices.interfaces[1].name 'blue' not found."),
    );
    expect(invalid.stderr).toContain(
      cause(
        'spec.template.spec.domain.devices.interfaces[0].macAddress',
        'interface spec.template.spec.domain.devices.interfaces[0].name has malformed MAC address (de:ad:00:00:be).',
      ),
    );
  });

  it('lets kubectl delete through: the validating hook sees the DELETE and allows it', async () => {
    const from = mark();
    const result = await kubectl(['delete', 'vmi', 'valid', '--wait=true', '--timeout=20s']);
    expect(result.code, said(result)).toBe(0);
    expect(result.stdout).toContain('virtualmachineinstance.kubevirt.io "valid" deleted');
    expect(reviewsSince(from)).toContainEqual(expect.objectContaining({ path: '/validate', operation: 'DELETE', allowed: true, status: 200 }));
    const gone = await kubectl(['get', 'vmi', 'valid']);
    expect(gone.stderr).toContain('NotFound');
  });

  it(`answers a body ${DEEP} arrays deep under an interface's bridge, through kubectl, and keeps serving`, async () => {
    const from = mark();
    const deep = deepVmiJson('deep-bridge', DEEP, 'bridge');
    const result = await apply(deep, brief(deep));
    expect(said(result)).not.toMatch(NOT_AN_ANSWER);
    // The API server passes it on; our answer is a cause, not a crash.
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(INVALID);
    expect(result.stderr).toMatch(/spec\.domain\.devices\.interfaces\[0\]\.bridge: Invalid value: \[\[\[+…: must be of type object/);
    expect(reviewsSince(from).every((e) => e.status === 200)).toBe(true);

    const unknown = deepVmiJson('deep-unknown', DEEP, 'unknown');
    const admitted = await apply(unknown, brief(unknown));
    expect(said(admitted)).not.toMatch(NOT_AN_ANSWER);
    expect(admitted.code, said(admitted)).toBe(0);
    expect(admitted.stderr).toContain('unknown field "spec.domain.devices.interfaces[0].deepUnknown"');
    await stillServing('after-deep');
  });

  it(`answers a body ${DEEPER} arrays deep sent straight to the API server, and keeps serving`, async () => {
    if (api === undefined) throw new Error('no API server');
    const from = mark();
    const body = deepVmiJson('deeper', DEEPER, 'bridge');
    const url = `${api.url}/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances`;
    const answer = await fetchOnce(url, { method: 'POST', body, ca: api.ca, token: api.token, timeoutMs: 20_000 });
    const line = `> POST ${url} (Node https, bearer token, Content-Type: application/json)\n> ${brief(body, 120)}\n${
      answer === undefined ? '(no answer)' : `HTTP ${answer.status}\n${brief(answer.body, 600)}`
    }`;
    session?.note(line);
    expect(answer, 'the API server answered').toBeDefined();
    // The API server's own JSON decoder refuses this before any webhook is called (4xx), or
    // our webhook denies it: either way an answer, never a failed webhook call.
    expect(answer?.status).toBeGreaterThanOrEqual(400);
    expect(answer?.status).toBeLessThan(500);
    expect(answer?.body ?? '').not.toMatch(NOT_AN_ANSWER);
    expect(reviewsSince(from).every((e) => e.status === 200)).toBe(true);
    await stillServing('after-deeper');
  });

  it('reads own "__proto__" keys as data: a network type or a networks list hidden there does not count', async () => {
    const network = await apply(PROTO_NETWORK_JSON);
    expect(said(network)).not.toMatch(NOT_AN_ANSWER);
    expect(network.code).not.toBe(0);
    expect(network.stderr).toContain(INVALID);
    expect(network.stderr).toContain(cause('spec.networks[0]', 'should have a network type'));

    const spec = await apply(PROTO_SPEC_JSON);
    expect(said(spec)).not.toMatch(NOT_AN_ANSWER);
    expect(spec.code).not.toBe(0);
    expect(spec.stderr).toContain(cause('spec.domain.devices.interfaces[0].name', "spec.domain.devices.interfaces[0].name 'red' not found."));
    await stillServing('after-proto');
  });

  it('never failed a request: every review the webhook got was answered with HTTP 200', () => {
    const entries = webhook?.entries() ?? [];
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.filter((e) => e.status !== 200 || e.error !== undefined)).toEqual([]);
    expect(entries.map((e) => e.path)).toContain(`/mutate`);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
