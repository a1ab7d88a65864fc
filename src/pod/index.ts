export { decodePodContext, PodContext, PodRoute } from './context.js';
export { isValidSearchDomain, parseResolvConf, type ResolvConf } from './resolvConf.js';
