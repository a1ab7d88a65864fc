/**
 * The webhook as its own process, as a user would run it: `node --import tsx serve.ts
 * <key.pem> <cert.pem> [port] [host]`. It prints `{"listening":PORT}` once it accepts
 * connections and then one JSON line per request (webhook-server.ts's log) on stdout, so
 * the test can read which reviews the API server sent and that the process never died.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startWebhookServer } from './webhook-server.js';

const [keyFile, certFile, port = '0', host = '127.0.0.1'] = process.argv.slice(2);
if (keyFile === undefined || certFile === undefined) {
  process.stderr.write('usage: serve.ts <key.pem> <cert.pem> [port] [host]\n');
  process.exit(2);
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const server = await startWebhookServer({
  key: readFileSync(keyFile),
  cert: readFileSync(certFile),
  port: Number(port),
  host,
  log: out,
});
out(JSON.stringify({ listening: (server.address() as AddressInfo).port }));

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
