/**
 * What the test applies: CRDs standing in for KubeVirt's (group kubevirt.io, v1, a `spec`
 * the API server keeps as sent), the webhook registrations by URL, and the VMIs and VMs.
 * All JSON, which kubectl reads as YAML.
 */

const crd = (kind: string, plural: string, short: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.kubevirt.io` },
  spec: {
    group: 'kubevirt.io',
    scope: 'Namespaced',
    names: { kind, plural, singular: kind.toLowerCase(), shortNames: [short], listKind: `${kind}List` },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
});

export const CRDS = {
  apiVersion: 'v1',
  kind: 'List',
  items: [crd('VirtualMachineInstance', 'virtualmachineinstances', 'vmi'), crd('VirtualMachine', 'virtualmachines', 'vm')],
};

export const VALIDATING_NAME = 'validate.kubevirt-net.test';
export const MUTATING_NAME = 'mutate.kubevirt-net.test';

const rules = (operations: readonly string[]) => [
  {
    apiGroups: ['kubevirt.io'],
    apiVersions: ['v1'],
    resources: ['virtualmachineinstances', 'virtualmachines'],
    operations,
    scope: 'Namespaced',
  },
];

const hook = (name: string, url: string, caBundle: string, operations: readonly string[]) => ({
  name,
  clientConfig: { url, caBundle },
  rules: rules(operations),
  failurePolicy: 'Fail',
  sideEffects: 'None',
  admissionReviewVersions: ['v1', 'v1beta1'],
  timeoutSeconds: 10,
});

/** Both registrations, pointing at https://127.0.0.1:PORT/validate and /mutate. */
export function webhookConfigurations(port: number, caPem: string) {
  const caBundle = Buffer.from(caPem).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'kubevirt-net-validate' },
        webhooks: [hook(VALIDATING_NAME, `https://127.0.0.1:${port}/validate`, caBundle, ['CREATE', 'UPDATE', 'DELETE'])],
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: { name: 'kubevirt-net-mutate' },
        webhooks: [{ ...hook(MUTATING_NAME, `https://127.0.0.1:${port}/mutate`, caBundle, ['CREATE', 'UPDATE']), reinvocationPolicy: 'Never' }],
      },
    ],
  };
}

export const vmi = (name: string, spec: unknown) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name }, spec });
export const vm = (name: string, templateSpec: unknown) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name },
  spec: { running: false, template: { metadata: { labels: { app: name } }, spec: templateSpec } },
});

const MEMORY = { resources: { requests: { memory: '64Mi' } } };

/** One bridge interface on the pod network, with a good MAC. */
export const VALID_SPEC = {
  domain: { ...MEMORY, devices: { interfaces: [{ name: 'default', bridge: {}, macAddress: 'de:ad:00:00:be:af' }] } },
  networks: [{ name: 'default', pod: {} }],
};

/** A malformed MAC and an interface whose network does not exist: two causes. */
export const INVALID_SPEC = {
  domain: {
    ...MEMORY,
    devices: { interfaces: [{ name: 'red', bridge: {}, macAddress: 'de:ad:00:00:be' }, { name: 'blue', bridge: {} }] },
  },
  networks: [{ name: 'red', pod: {} }],
};

/** Neither interfaces nor networks: the mutating hook adds KubeVirt's defaults. */
export const BARE_SPEC = { domain: { ...MEMORY, devices: {} } };

/** `[[[ … ]]]` nested `depth` levels, as JSON text. */
export const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A VMI whose interface's `bridge` is `depth` levels of arrays, as JSON text (JSON.stringify would not help: it recurses). */
export const deepVmiJson = (name: string, depth: number, where: 'bridge' | 'unknown'): string => {
  const value = nestedArrays(depth);
  const iface = where === 'bridge' ? `{"name":"default","bridge":${value}}` : `{"name":"default","bridge":{},"deepUnknown":${value}}`;
  return `{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"${name}"},"spec":{"domain":{"resources":{"requests":{"memory":"64Mi"}},"devices":{"interfaces":[${iface}]}},"networks":[{"name":"default","pod":{}}]}}`;
};

/**
 * Own "__proto__" keys, written as JSON text (an object literal's `__proto__` would set the
 * prototype instead): a network whose type hides under `__proto__`, and a `networks` list
 * that only exists under `spec.__proto__`. Read as data, both lack a network type / network.
 */
export const PROTO_NETWORK_JSON = `{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"proto-network"},"spec":{"domain":{"resources":{"requests":{"memory":"64Mi"}},"devices":{"interfaces":[{"name":"red","bridge":{}}]}},"networks":[{"name":"red","__proto__":{"pod":{}}}]}}`;
export const PROTO_SPEC_JSON = `{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"proto-spec"},"spec":{"domain":{"resources":{"requests":{"memory":"64Mi"}},"devices":{"interfaces":[{"name":"red","bridge":{}}]}},"__proto__":{"networks":[{"name":"red","pod":{}}]}}}`;
