/**
 * A throwaway Kubernetes control plane on 127.0.0.1 for test/interop/apiserver.test.ts:
 * Debian's etcd, the kube-apiserver 1.20 that scripts/interop/kube-apiserver/install.sh
 * builds, and our webhook (serve.ts) as a third process, all TLS from a CA made with openssl
 * in the run's temp dir. Every process is started by argument vector and stopped by PID
 * (dhcp-lab/process.ts also kills them on process exit); every wait has a deadline.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable } from '../dhcp-lab/clients.js';
import { runOk, spawnChild, waitFor, type Child } from '../dhcp-lab/process.js';

export const KUBE_APISERVER =
  process.env['KUBE_APISERVER'] ?? join(process.env['KUBE_CACHE'] ?? '/var/cache/kubevirt-net/kubernetes', 'bin', 'kube-apiserver');
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
/** `--import tsx` resolves from the working directory: the repository's node_modules. */
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const INSTALL = 'scripts/interop/install-debian-packages.sh';

/** Why this machine cannot run the control plane, or undefined. */
export function clusterSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  const missing = ['etcd', 'kubectl', 'openssl'].filter((name) => findExecutable(name) === undefined);
  if (!existsSync(KUBE_APISERVER)) missing.push(KUBE_APISERVER);
  return missing.length === 0 ? undefined : `missing ${missing.join(', ')} (${INSTALL} installs and builds them)`;
}

/** A port nobody listens on right now (the kernel's pick, released for the caller). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export interface Certificates {
  readonly caCert: string;
  readonly apiserverCert: string;
  readonly apiserverKey: string;
  readonly webhookCert: string;
  readonly webhookKey: string;
  /** The service-account signing key (private) and its public half. */
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

/** A CA and two serving certificates for 127.0.0.1 (apiserver, webhook), made with openssl. */
export async function makeCertificates(dir: string): Promise<Certificates> {
  await mkdir(dir, { recursive: true });
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): Promise<string> => runOk('openssl', args, { cwd: dir, timeoutMs: 20_000 });
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1', '-subj', '/CN=kubevirt-net-test-ca',
    '-keyout', at('ca.key'), '-out', at('ca.crt'));
  await writeFile(
    at('serving.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  for (const name of ['apiserver', 'webhook']) {
    await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`));
    await openssl('x509', '-req', '-sha256', '-days', '1', '-in', at(`${name}.csr`), '-CA', at('ca.crt'), '-CAkey', at('ca.key'),
      '-CAcreateserial', '-extfile', at('serving.ext'), '-out', at(`${name}.crt`));
  }
  await openssl('genrsa', '-out', at('sa.key'), '2048');
  await openssl('rsa', '-in', at('sa.key'), '-pubout', '-out', at('sa.pub'));
  return {
    caCert: at('ca.crt'),
    apiserverCert: at('apiserver.crt'),
    apiserverKey: at('apiserver.key'),
    webhookCert: at('webhook.crt'),
    webhookKey: at('webhook.key'),
    serviceAccountKey: at('sa.key'),
    serviceAccountPub: at('sa.pub'),
  };
}

const tail = (child: Child, lines = 30): string => child.output().split('\n').slice(-lines).join('\n');

/** Polls `probe` until it has a value; rejects, with the child's last output, if the child exits or the deadline passes. */
async function untilExitOr<T>(child: Child, what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  return waitFor(
    what,
    async () => {
      const exit = child.exit();
      if (exit !== undefined) throw new Error(`${child.label} exited (${JSON.stringify(exit)}) while waiting for ${what}:\n${tail(child)}`);
      return probe();
    },
    timeoutMs,
    () => `${child.label}'s last output:\n${tail(child)}`,
  );
}

/** `ready`'s value; if it rejects, the child is stopped first, so a failed start leaves no process behind. */
async function readyOrStopped<T>(child: Child, ready: Promise<T>): Promise<T> {
  try {
    return await ready;
  } catch (error) {
    await child.stop({ graceMs: 2_000 });
    throw error;
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One HTTP(S) GET or POST with a deadline; a refused or timed-out connection is `undefined`. */
export function fetchOnce(
  url: string,
  options: { readonly method?: string; readonly body?: string; readonly ca?: Buffer; readonly token?: string; readonly timeoutMs?: number } = {},
): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        timeout: options.timeoutMs ?? 2_000,
        ...(options.ca !== undefined && { ca: options.ca }),
        headers: {
          ...(options.token !== undefined && { Authorization: `Bearer ${options.token}` }),
          ...(options.body !== undefined && { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(options.body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end(options.body);
  });
}

export interface Etcd {
  readonly child: Child;
  readonly url: string;
}

export async function startEtcd(dir: string, timeoutMs: number): Promise<Etcd> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const child = spawnChild('etcd', 'etcd', [
    '--name', 'kvnet', '--data-dir', join(dir, 'etcd'),
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `kvnet=${peer}`,
    '--log-level', 'warn', '--logger', 'zap',
  ]);
  await readyOrStopped(
    child,
    untilExitOr(child, 'etcd /health', async () => ((await fetchOnce(`${url}/health`))?.status === 200 ? true : undefined), timeoutMs),
  );
  return { child, url };
}

export interface ApiServer {
  readonly child: Child;
  readonly url: string;
  readonly token: string;
  readonly ca: Buffer;
}

export async function startApiServer(dir: string, certs: Certificates, etcd: Etcd, ca: Buffer, timeoutMs: number): Promise<ApiServer> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${token},kubevirt-net-admin,kubevirt-net-admin,"system:masters"\n`, { mode: 0o600 });
  const url = `https://127.0.0.1:${port}`;
  const child = spawnChild('kube-apiserver', KUBE_APISERVER, [
    `--etcd-servers=${etcd.url}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    '--insecure-port=0',
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${certs.apiserverCert}`,
    `--tls-private-key-file=${certs.apiserverKey}`,
    `--token-auth-file=${tokens}`,
    '--authorization-mode=AlwaysAllow',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${certs.serviceAccountPub}`,
    `--service-account-signing-key-file=${certs.serviceAccountKey}`,
    '--service-cluster-ip-range=10.96.0.0/24',
    // The "kubernetes" Service's endpoint would be 127.0.0.1, which Endpoints refuse.
    '--endpoint-reconciler-type=none',
    '--v=1',
  ]);
  await readyOrStopped(
    child,
    untilExitOr(
      child,
      'kube-apiserver /readyz',
      async () => ((await fetchOnce(`${url}/readyz`, { ca, token }))?.status === 200 ? true : undefined),
      timeoutMs,
    ),
  );
  return { child, url, token, ca };
}

export async function writeKubeconfig(dir: string, api: ApiServer, caFile: string): Promise<string> {
  const file = join(dir, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kvnet', cluster: { server: api.url, 'certificate-authority': caFile } }],
    users: [{ name: 'kvnet-admin', user: { token: api.token } }],
    contexts: [{ name: 'kvnet', context: { cluster: 'kvnet', user: 'kvnet-admin', namespace: 'default' } }],
    'current-context': 'kvnet',
  };
  // JSON is YAML: kubectl reads it as is.
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

/** One JSON line the webhook logged for a request it answered. */
export interface WebhookLogEntry {
  readonly path?: string;
  readonly status?: number;
  readonly operation?: string;
  readonly uid?: string;
  readonly allowed?: boolean;
  readonly patched?: boolean;
  readonly error?: string;
}

export interface Webhook {
  readonly child: Child;
  readonly port: number;
  readonly entries: () => readonly WebhookLogEntry[];
}

export async function startWebhook(certs: Certificates, timeoutMs: number): Promise<Webhook> {
  const child = spawnChild('webhook', process.execPath, ['--import', 'tsx', SERVE, certs.webhookKey, certs.webhookCert, '0', '127.0.0.1'], {
    cwd: REPOSITORY,
  });
  const parsed = (): Array<Record<string, unknown>> =>
    child
      .lines()
      .filter((line) => line.stream === 'stdout' && line.text.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line.text) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const port = await readyOrStopped(
    child,
    untilExitOr(
      child,
      'the webhook to listen',
      async () => {
        const port = parsed().find((entry) => typeof entry['listening'] === 'number')?.['listening'];
        return typeof port === 'number' ? port : undefined;
      },
      timeoutMs,
    ),
  );
  return { child, port, entries: () => parsed().filter((entry) => entry['listening'] === undefined) as WebhookLogEntry[] };
}

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The machine's kubectl against this control plane. Every call is appended to a session
 * transcript (the command, stdin as shown, the output and the exit code) in `sessionFile`,
 * with the temp dir written as $TMP.
 */
export function kubectlSession(kubeconfig: string, cacheDir: string, sessionFile: string, tmp: string) {
  const transcript: string[] = [];
  const hide = (text: string): string => text.split(tmp).join('$TMP');

  const kubectl = (
    args: readonly string[],
    options: { readonly input?: string; readonly shown?: string; readonly record?: boolean; readonly timeoutMs?: number } = {},
  ): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const full = ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, '--request-timeout=20s', ...args];
      const child = spawn('kubectl', full, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' } });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
      let finished = false;
      const finish = (code: number | null, spawnError = ''): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        const result = { code, stdout: Buffer.concat(out).toString('utf8'), stderr: spawnError + Buffer.concat(err).toString('utf8') };
        if (options.record !== false) {
          const shown = options.shown ?? options.input;
          const entry = [
            `$ ${hide(['kubectl', ...full].map((arg) => (/[\s{}]/.test(arg) ? `'${arg}'` : arg)).join(' '))}${shown === undefined ? '' : ` <<'EOF'\n${shown.trimEnd()}\nEOF`}`,
            ...[result.stdout, result.stderr].map((text) => text.trimEnd()).filter((text) => text !== ''),
            `(exit ${String(code)})`,
          ].join('\n');
          transcript.push(hide(entry));
          appendFileSync(sessionFile, `${hide(entry)}\n\n`);
        }
        resolve(result);
      };
      child.on('error', (error) => finish(null, `${error.message}\n`));
      child.on('close', (code, signal) => finish(code, signal === null ? '' : `(kubectl ended by ${signal}: no answer in time)\n`));
    });

  /** Something done without kubectl (a raw request), recorded in order with the rest. */
  const note = (text: string): void => {
    transcript.push(hide(text));
    appendFileSync(sessionFile, `${hide(text)}\n\n`);
  };

  return { kubectl, note, transcript: (): string => transcript.join('\n\n') };
}
