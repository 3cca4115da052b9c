/**
 * A container's environment (the kubelet's makeEnvironmentVariables). Sources in upstream's order:
 *
 * 1. `envFrom`, in order: every ConfigMap `data` key / decoded Secret `data` key, with the prefix; a missing
 *    object fails (`configmap "x" not found`) unless the reference is optional. Keys are not checked: since
 *    RelaxedEnvironmentVariableValidation (beta and on in 1.32) the kubelet passes every key through, and the
 *    `InvalidEnvironmentVariableNames` event of older kubelets is no longer recorded.
 * 2. `env`, in order: a non-empty `value` is `$(VAR)`-expanded against the variables defined so far, then the
 *    service variables; otherwise `valueFrom` (fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef) is
 *    resolved. An optional reference to a missing object or key defines nothing.
 * 3. Service link variables not already defined.
 *
 * A later definition of a name replaces the value. Upstream emits the result from a Go map (no stable order);
 * here a variable keeps the position of its first definition, service variables last.
 */
import { podFieldValue, type PodPlacement } from "./field-path";
import { decodeBase64Text } from "./decode";
import { expand, mappingFor } from "./expansion";
import { resourceFieldValue, type ResourceList } from "./resource-field";
import {
  configError,
  isObj,
  list,
  notFoundMessage,
  str,
  type ConfigMapLike,
  type Container,
  type ContainerConfigError,
  type EnvVar,
  type ObjectsByName,
  type Pod,
  type SecretLike,
} from "./types";

export interface ContainerEnvInputs extends PodPlacement {
  configMaps: ObjectsByName<ConfigMapLike>;
  secrets: ObjectsByName<SecretLike>;
  /** serviceEnv(...) for the pod's namespace and enableServiceLinks. */
  serviceEnv?: Record<string, string>;
  /** Node allocatable: the limit a resourceFieldRef reads when the container sets none. */
  nodeAllocatable?: ResourceList;
}

export type ContainerEnvResult = { ok: true; env: EnvVar[] } | ContainerConfigError;

const has = (o: Record<string, unknown> | undefined, k: string): boolean => !!o && Object.hasOwn(o, k);

/** makeEnvironmentVariables for one container of the pod. */
export function containerEnv(pod: Pod, container: Container, inputs: ContainerEnvInputs): ContainerEnvResult {
  const namespace = str(pod.metadata?.namespace);
  const serviceEnv = inputs.serviceEnv ?? {};
  const vars = new Map<string, string>();

  for (const from of list(container.envFrom)) {
    const prefix = str(from.prefix);
    const ref = isObj(from.configMapRef) ? from.configMapRef : isObj(from.secretRef) ? from.secretRef : undefined;
    if (!ref) continue;
    const isConfigMap = ref === from.configMapRef;
    const name = str(ref.name);
    const object = isConfigMap ? inputs.configMaps[name] : inputs.secrets[name];
    if (!object) {
      if (ref.optional === true) continue;
      return configError(notFoundMessage(isConfigMap ? "configmap" : "secret", name));
    }
    for (const [k, v] of Object.entries(object.data ?? {})) {
      vars.set(prefix + k, isConfigMap ? String(v) : decodeBase64Text(String(v)));
    }
  }

  const mapping = mappingFor(vars, serviceEnv);
  for (const env of list(container.env)) {
    const name = str(env.name);
    const value = str(env.value);
    if (value !== "") {
      vars.set(name, expand(value, mapping));
      continue;
    }
    const from = isObj(env.valueFrom) ? env.valueFrom : undefined;
    let resolved = "";
    if (from && isObj(from.fieldRef)) {
      const got = podFieldValue(pod, from.fieldRef, inputs);
      if (!got.ok) return configError(got.message);
      resolved = got.value;
    } else if (from && isObj(from.resourceFieldRef)) {
      const got = resourceFieldValue(pod, from.resourceFieldRef, inputs.nodeAllocatable ?? {}, container);
      if (!got.ok) return configError(got.message);
      resolved = got.value;
    } else if (from && (isObj(from.configMapKeyRef) || isObj(from.secretKeyRef))) {
      const isConfigMap = isObj(from.configMapKeyRef);
      const ref = isConfigMap ? from.configMapKeyRef : from.secretKeyRef;
      const [objName, key, optional] = [str(ref.name), str(ref.key), ref.optional === true];
      const object = isConfigMap ? inputs.configMaps[objName] : inputs.secrets[objName];
      if (!object) {
        if (optional) continue;
        return configError(notFoundMessage(isConfigMap ? "configmap" : "secret", objName));
      }
      if (!has(object.data, key)) {
        if (optional) continue;
        return configError(`couldn't find key ${key} in ${isConfigMap ? "ConfigMap" : "Secret"} ${namespace}/${objName}`);
      }
      const raw = String(object.data![key]);
      resolved = isConfigMap ? raw : decodeBase64Text(raw);
    }
    vars.set(name, resolved);
  }

  const env: EnvVar[] = [...vars].map(([name, value]) => ({ name, value }));
  for (const [name, value] of Object.entries(serviceEnv)) if (!vars.has(name)) env.push({ name, value });
  return { ok: true, env };
}
