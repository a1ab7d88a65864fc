/**
 * The single-client DHCPv6 server's decisions (RFC 8415 §16, §18.3), pure: a decoded request
 * and a Lease6 in, the reply to send (or why none) out. The UDP adapter (server.ts) sends the
 * reply back to where the request came from.
 *
 * As KubeVirt's masquerade server: every IA_NA the client asks for is answered with the lease's
 * address, T1 and T2 0 (the client's choice), the bridge's DUID as server id, DNS always; a
 * SOLICIT is advertised, or replied to at once with Rapid Commit. Beyond it, RFC 8415's
 * rules: messages without a client id, with a server id where none belongs or another
 * server's, and server-to-client or relayed messages are not answered; CONFIRM says whether
 * the client's addresses are on link; RELEASE and DECLINE get a Success; IA_TA and IA_PD are
 * answered with NoAddrsAvail / NoPrefixAvail inside them.
 */
import { duid as duidCodec, type Duid } from './duid.js';
import type { IaAddress, IdentityAssociation, IaTa } from './ia.js';
import type { Lease6 } from './lease.js';
import { isRelay, type ClientServerMessage, type Dhcpv6Message } from './message.js';
import { findOption, getOption, getOptions, option, type Dhcpv6Option } from './options.js';
import { STATUS_CODES } from './statusCode.js';

export type Reply6Type = 'ADVERTISE' | 'REPLY';

export type Outcome6 =
  | { readonly kind: 'reply'; readonly type: Reply6Type; readonly reply: ClientServerMessage }
  | { readonly kind: 'ignored'; readonly reason: string };

const ignored = (reason: string): Outcome6 => ({ kind: 'ignored', reason });

const duidBytes = (value: Duid): Uint8Array => {
  const bytes = new Uint8Array(duidCodec.encodingLength(value));
  duidCodec.encode(value, bytes, 0);
  return bytes;
};
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** RFC 8415 §16: which messages must carry a Server Identifier, and which must not. */
const SERVER_ID_REQUIRED = new Set(['REQUEST', 'RENEW', 'RELEASE', 'DECLINE']);
const SERVER_ID_FORBIDDEN = new Set(['SOLICIT', 'CONFIRM', 'REBIND']);
const TO_CLIENT = new Set(['ADVERTISE', 'REPLY', 'RECONFIGURE']);

function serverIdProblem(request: ClientServerMessage, ours: Uint8Array): string | undefined {
  const entry = findOption(request, 2);
  if (entry === undefined) return SERVER_ID_REQUIRED.has(request.type) ? `a ${request.type} without a server identifier` : undefined;
  if (SERVER_ID_FORBIDDEN.has(request.type)) return `a ${request.type} with a server identifier`;
  // A malformed DUID stays raw: its bytes are what the client sent.
  const theirs = entry.name === 'raw' ? entry.value : duidBytes(entry.value as Duid);
  return sameBytes(theirs, ours) ? undefined : `a ${request.type} for another server`;
}

const status = (code: number, message: string): Dhcpv6Option => option('statusCode', { code, message });

/** The IAs of the reply: the lease's address in the first IA_NA, a status in every other IA. */
function answeredIas(request: ClientServerMessage, lease: Lease6): Dhcpv6Option[] {
  const address: IaAddress = { address: lease.address, preferredLifetime: lease.preferredLifetime, validLifetime: lease.validLifetime, options: [] };
  const ias: Dhcpv6Option[] = getOptions(request, 'iaNa').map((ia: IdentityAssociation, i) =>
    option('iaNa', { iaid: ia.iaid, t1: 0, t2: 0, options: i === 0 ? [option('iaAddress', address)] : [status(STATUS_CODES.NoAddrsAvail, 'one address per client')] }),
  );
  for (const ia of getOptions(request, 'iaTa') as readonly IaTa[]) ias.push(option('iaTa', { iaid: ia.iaid, options: [status(STATUS_CODES.NoAddrsAvail, 'no temporary addresses')] }));
  for (const ia of getOptions(request, 'iaPd')) ias.push(option('iaPd', { iaid: ia.iaid, t1: 0, t2: 0, options: [status(STATUS_CODES.NoPrefixAvail, 'no prefixes are delegated')] }));
  return ias;
}

/** CONFIRM (RFC 8415 §18.3.3): every address the client holds must be the lease's. */
function confirmStatus(request: ClientServerMessage, lease: Lease6): Dhcpv6Option {
  const held = [...getOptions(request, 'iaNa'), ...getOptions(request, 'iaTa')].flatMap((ia) => getOptions(ia, 'iaAddress').map((a) => a.address));
  return held.every((a) => a === lease.address) ? status(STATUS_CODES.Success, 'all addresses on link') : status(STATUS_CODES.NotOnLink, 'not this link');
}

function configuration(lease: Lease6): Dhcpv6Option[] {
  return [
    ...(lease.dnsServers.length > 0 ? [option('dnsServers', lease.dnsServers)] : []),
    ...(lease.searchDomains.length > 0 ? [option('domainSearch', lease.searchDomains)] : []),
  ];
}

export function respond6(request: Dhcpv6Message, lease: Lease6): Outcome6 {
  if (isRelay(request)) return ignored('a relayed message: the server serves the one link it is on');
  if (TO_CLIENT.has(request.type)) return ignored(`a ${request.type}, which only servers send`);
  const clientId = findOption(request, 1);
  if (clientId === undefined && request.type !== 'INFORMATION-REQUEST') return ignored(`a ${request.type} without a client identifier`);
  const ours = duidBytes(lease.serverId);
  const problem = serverIdProblem(request, ours);
  if (problem !== undefined) return ignored(problem);

  const rapid = request.type === 'SOLICIT' && getOption(request, 'rapidCommit') === true;
  const type: Reply6Type = request.type === 'SOLICIT' && !rapid ? 'ADVERTISE' : 'REPLY';
  const body: Dhcpv6Option[] = (() => {
    switch (request.type) {
      case 'SOLICIT':
      case 'REQUEST':
      case 'RENEW':
      case 'REBIND':
        return [...answeredIas(request, lease), ...configuration(lease), ...(rapid ? [option('rapidCommit', true)] : [])];
      case 'CONFIRM':
        return [confirmStatus(request, lease)];
      case 'RELEASE':
        return [status(STATUS_CODES.Success, 'released')];
      case 'DECLINE':
        return [status(STATUS_CODES.Success, 'declined')];
      default:
        return configuration(lease);
    }
  })();
  return {
    kind: 'reply',
    type,
    reply: {
      type,
      transactionId: request.transactionId,
      // The client id travels back as sent, raw or typed.
      options: [...(clientId === undefined ? [] : [clientId]), option('serverId', lease.serverId), ...body],
    },
  };
}
