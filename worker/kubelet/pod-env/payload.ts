/**
 * The files of one API-data volume source, as the volume plugins build their payloads: configmap.MakePayload,
 * secret.MakePayload, downwardapi.CollectData, and the atomic writer's path check and clean-up. File modes
 * (defaultMode, items[].mode) do not apply to an isolate and are not kept.
 */
import { base64ToBytes, bytesToText, decodeBase64Text } from "./decode";
import { extractFieldPathAsString } from "./field-path";
import { resourceFieldValue, type ResourceList } from "./resource-field";
import { isObj, list, str, type ConfigMapLike, type Files, type Got, type Pod, type SecretLike } from "./types";

/** utilerrors.NewAggregate(...).Error(): one message as it is, several deduplicated inside `[a, b]`. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

/** filepath.Clean for the relative paths a payload holds. */
export function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(part);
  }
  return (path.startsWith("/") ? "/" : "") + (parts.join("/") || (path.startsWith("/") ? "" : "."));
}

/** AtomicWriter validatePath + validatePayload: paths relative, without `..`, then cleaned. */
export function validatePayload(payload: Files): Got<Files> {
  const clean: Files = {};
  for (const [path, content] of Object.entries(payload)) {
    if (path.startsWith("/")) return { ok: false, message: `invalid path: must be relative path: ${path}` };
    if (path.split("/").includes("..")) return { ok: false, message: `invalid path: must not contain '..': ${path}` };
    if (path.startsWith("..")) return { ok: false, message: `invalid path: must not start with '..': ${path}` };
    clean[cleanPath(path)] = content;
  }
  return { ok: true, value: clean };
}

interface KeyToPath {
  key?: string;
  path?: string;
}

const keyToPaths = (items: unknown): KeyToPath[] => list(items);

/** configmap.MakePayload: every `data` and `binaryData` key, or only the `items` (key → path). */
export function configMapPayload(items: unknown, configMap: ConfigMapLike, optional: boolean): Got<Files> {
  const text = (k: string): string | undefined =>
    configMap.data && Object.hasOwn(configMap.data, k)
      ? String(configMap.data[k])
      : configMap.binaryData && Object.hasOwn(configMap.binaryData, k)
        ? bytesToText(base64ToBytes(String(configMap.binaryData[k])))
        : undefined;
  const mappings = keyToPaths(items);
  const files: Files = {};
  if (mappings.length === 0) {
    for (const k of [...Object.keys(configMap.data ?? {}), ...Object.keys(configMap.binaryData ?? {})]) files[k] = text(k)!;
    return { ok: true, value: files };
  }
  for (const m of mappings) {
    const content = text(str(m.key));
    if (content === undefined) {
      if (optional) continue;
      return { ok: false, message: `configmap references non-existent config key: ${str(m.key)}` };
    }
    files[str(m.path)] = content;
  }
  return { ok: true, value: files };
}

/** secret.MakePayload: every decoded `data` key, or only the `items` (key → path). */
export function secretPayload(items: unknown, secret: SecretLike, optional: boolean): Got<Files> {
  const data = secret.data ?? {};
  const mappings = keyToPaths(items);
  const files: Files = {};
  if (mappings.length === 0) {
    for (const [k, v] of Object.entries(data)) files[k] = decodeBase64Text(String(v));
    return { ok: true, value: files };
  }
  for (const m of mappings) {
    const key = str(m.key);
    if (!Object.hasOwn(data, key)) {
      if (optional) continue;
      return { ok: false, message: `references non-existent secret key: ${key}` };
    }
    files[str(m.path)] = decodeBase64Text(String(data[key]));
  }
  return { ok: true, value: files };
}

/**
 * downwardapi.CollectData: each item's fieldRef (metadata fields only, read from the pod) or resourceFieldRef
 * (of the named container, limits defaulted from node allocatable), at its cleaned path. A failing item still
 * gets its (empty) file; the failures are aggregated.
 */
export function downwardAPIPayload(items: unknown, pod: Pod, allocatable: ResourceList): Got<Files> {
  const files: Files = {};
  const errors: string[] = [];
  for (const item of list(items)) {
    let got: Got<string> = { ok: true, value: "" };
    if (isObj(item.fieldRef)) got = extractFieldPathAsString(pod, str(item.fieldRef.fieldPath));
    else if (isObj(item.resourceFieldRef)) got = resourceFieldValue(pod, item.resourceFieldRef, allocatable);
    if (!got.ok) errors.push(got.message);
    files[cleanPath(str(item.path))] = got.ok ? got.value : "";
  }
  return errors.length ? { ok: false, message: aggregateMessage(errors) } : { ok: true, value: files };
}
