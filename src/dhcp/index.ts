/** `kubevirt-net/dhcp`: the DHCPv4 side of the package. */
export * from './codec/index.js';
