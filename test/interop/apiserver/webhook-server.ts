import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { reviewAdmission } from '../../../src/index.js';

export interface WebhookOptions {
  /**
   * The largest body read. The API server refuses requests over 3 MiB and a review of an
   * UPDATE carries the object twice, so 8 MiB refuses nothing real.
   */
  readonly maxBodyBytes?: number;
  /** One JSON line per answered request and per failure. Default: stderr. */
  readonly log?: (line: string) => void;
}

const PATHS: Readonly<Record<string, boolean>> = { '/validate': false, '/mutate': true };
const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * The request listener: POST /validate and POST /mutate answer an AdmissionReview; every
 * other request gets its HTTP error, and nothing a client sends can crash the process.
 */
export function admissionHandler(options: WebhookOptions = {}) {
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const log = options.log ?? toStderr;

  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const send = (status: number, body: unknown, entry: Record<string, unknown> = {}): void => {
      if (res.headersSent) return;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
        'Content-Length': Buffer.byteLength(text),
        ...(status === 405 && { Allow: 'POST' }),
        // The rest of an oversized body is not worth reading: close once this is sent.
        ...(status === 413 && { Connection: 'close' }),
      });
      res.end(text);
      log(JSON.stringify({ path, status, ...entry }));
    };
    const fail = (error: unknown): void => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (res.headersSent) log(JSON.stringify({ path, status: res.statusCode, error: detail }));
      else send(500, 'internal error\n', { error: detail });
    };

    try {
      const mutating = PATHS[path];
      if (mutating === undefined) return send(404, 'not found\n');
      if (req.method !== 'POST') return send(405, 'only POST\n');
      if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return send(413, 'too large\n');

      const chunks: Buffer[] = [];
      let size = 0;
      req.on('error', fail);
      res.on('error', fail);
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) send(413, 'too large\n');
        else chunks.push(chunk);
      });
      req.on('end', () => {
        try {
          if (size > maxBodyBytes) return;
          let review: unknown;
          try {
            review = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // reviewAdmission answers a non-review with a 400 AdmissionReview.
            return send(400, reviewAdmission(undefined), { error: 'body is not JSON' });
          }
          const answer = reviewAdmission(review, { mutating });
          send(200, answer, {
            operation: field(field(review, 'request'), 'operation'),
            uid: answer.response.uid,
            allowed: answer.response.allowed,
            patched: answer.response.patch !== undefined,
          });
        } catch (error) {
          fail(error);
        }
      });
    } catch (error) {
      fail(error);
    }
  };
}

export interface TlsWebhookOptions extends WebhookOptions {
  readonly key: string | Buffer;
  readonly cert: string | Buffer;
  readonly port?: number;
  readonly host?: string;
}

/** The HTTPS server the API server calls, listening once the promise resolves. */
export function startWebhookServer(options: TlsWebhookOptions): Promise<Server> {
  const server = createServer({ key: options.key, cert: options.cert }, admissionHandler(options));
  // The API server waits at most 30 s (timeoutSeconds); a client slower than that is not it.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on('clientError', (error, socket) => {
    (options.log ?? toStderr)(JSON.stringify({ clientError: error.message }));
    socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8443, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
