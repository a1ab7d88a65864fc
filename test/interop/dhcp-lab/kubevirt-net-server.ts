/**
 * kubevirt-net's own DHCP server as a lab server: `scripts/dhcp-serve.ts` run with tsx in the
 * pod namespace, given the lease as a file, printing one JSON line per exchange on stdout in
 * the `ServerExchange` shape (server.ts). The lease file is the LabLease as JSON unless the
 * caller maps it to another format.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAIN_UDP_SOCKET, type HostSide } from './lab.js';
import type { LabLease } from './lease.js';
import { childServer, jsonLinesReader, waitForPort67, type LineReader, type ServerFactory } from './server.js';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DHCP_SERVE_SCRIPT = join(REPOSITORY_ROOT, 'scripts', 'dhcp-serve.ts');

export interface KubevirtNetServerOptions {
  readonly script?: string;
  /** A node:dgram server cannot bind to the bridge device, hence PLAIN_UDP_SOCKET by default. */
  readonly hostSide?: HostSide;
  readonly leaseFileContent?: (lease: LabLease) => string;
  readonly extraArguments?: readonly string[];
  readonly readLine?: LineReader;
}

export const kubevirtNetServerAvailable = (script: string = DHCP_SERVE_SCRIPT): boolean => existsSync(script);

export const kubevirtNetServer = (options: KubevirtNetServerOptions = {}): ServerFactory => ({
  name: 'kubevirt-net',
  hostSide: options.hostSide ?? PLAIN_UDP_SOCKET,
  start: async ({ lab, lease, interfaceName, workDir }) => {
    const leaseFile = join(workDir, 'lease.json');
    await writeFile(leaseFile, (options.leaseFileContent ?? ((value) => JSON.stringify(value, null, 2)))(lease));
    const child = lab.spawnInPod(
      'kubevirt-net dhcp-serve',
      process.execPath,
      [
        '--import',
        'tsx',
        options.script ?? DHCP_SERVE_SCRIPT,
        '--lease',
        leaseFile,
        '--interface',
        interfaceName,
        ...(options.extraArguments ?? []),
      ],
      { cwd: REPOSITORY_ROOT },
    );
    const handle = childServer(child, options.readLine ?? jsonLinesReader);
    try {
      await waitForPort67(lab, child);
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return handle;
  },
});
