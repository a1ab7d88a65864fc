/** The libvirt side as plain data: what translate() produces and the renderers print. */

/** A PCI address with hex fields as libvirt writes them (`0x0000`, `0x81`, `0x01`, `0x2`). */
export interface PciAddress {
  readonly domain: string;
  readonly bus: string;
  readonly slot: string;
  readonly function: string;
}

export interface PortForward {
  readonly proto: 'tcp' | 'udp';
  readonly ports: readonly number[];
}

/**
 * One `<interface>` element: `bridge` for bridge binding, `ethernet` (a tap the launcher
 * made, `managed="no"`) for masquerade, `user` only in the passt form of slirp.
 */
export interface DomainInterface {
  readonly type: 'bridge' | 'ethernet' | 'user';
  readonly address?: PciAddress;
  readonly sourceBridge?: string;
  /** `<target dev managed="no"/>`: the pre-made tap of an `ethernet` interface. */
  readonly targetDev?: string;
  /** `<rom enabled="no"/>`: KubeVirt turns the NIC's option ROM off unless it boots from it. */
  readonly romDisabled?: boolean;
  /** libvirt `<model type>`: QEMU's NIC name for every model but virtio. */
  readonly model: string;
  readonly mac?: string;
  readonly mtu?: number;
  readonly bootOrder?: number;
  readonly alias: string;
  readonly backend?: 'passt';
  readonly portForwards?: readonly PortForward[];
}

/** The network part of a domain: `<interface>` devices and `<qemu:commandline>` arguments, in order. */
export interface DomainNetwork {
  readonly interfaces: readonly DomainInterface[];
  readonly qemuArgs: readonly string[];
}
