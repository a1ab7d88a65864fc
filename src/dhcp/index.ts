/** `kubevirt-net/dhcp`: the DHCPv4 side of the package. */
export * from './codec/index.js';
export { KUBEVIRT_LEASE_TIME, type Lease, type PrivateOption } from './lease.js';
export {
  CLIENT_PORT,
  configuredOptions,
  respond,
  SERVER_PORT,
  type Destination,
  type Exchange,
  type Outcome,
  type ReplyType,
  type RespondOptions,
} from './respond.js';
export { createDhcpServer, type DhcpExchange, type DhcpServer, type DhcpServerOptions, type DhcpServerPorts, type ServedLease } from './server.js';
export { describeMessage } from './describe.js';
