/**
 * ConfigMap and Secret (core/v1): schemas, defaulting (Secret type Opaque, `stringData` folded into `data` as
 * v1 conversion does) and validation (ValidateConfigMap, ValidateSecret and their Update variants).
 */
import { z } from "zod";
import { bool, opt, str, stringMap, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { forbidden, invalid, key, required, tooLong } from "../validation/field-errors";
import { byteLength, semanticEqual, sortedEntries, validateImmutableField } from "../validation/generic";
import { isConfigMapKey } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { bytes } from "./common";

type Obj = KubeObject;

/** core.MaxSecretSize: 1 MiB of data per Secret or ConfigMap. */
export const MAX_SECRET_SIZE = 1024 * 1024;

export const ConfigMapSchema = topLevel("io.k8s.api.core.v1.ConfigMap", {
  binaryData: opt(z.record(z.string(), bytes)).describe("Binary values, base64-encoded; keys disjoint from data."),
  data: opt(stringMap).describe("UTF-8 configuration values by key ([-._a-zA-Z0-9]+)."),
  immutable: opt(bool).describe("When true, data and binaryData can no longer change."),
});

export const SecretSchema = topLevel("io.k8s.api.core.v1.Secret", {
  data: opt(z.record(z.string(), bytes)).describe("Secret values by key, base64-encoded."),
  immutable: opt(bool).describe("When true, data can no longer change."),
  stringData: opt(stringMap).describe("Write-only plain-text values, merged into data on write."),
  type: opt(str).describe("Opaque (default), kubernetes.io/tls, kubernetes.io/dockerconfigjson, …"),
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's `[]byte` JSON decoding: standard, padded base64 (line breaks ignored). */
export const isBase64 = (s: string): boolean => BASE64.test(s.replace(/[\r\n]/g, ""));

/** Decoded size of a base64 value. */
const decodedLength = (s: string) => {
  const t = s.replace(/[\r\n]/g, "");
  return Math.floor((t.length * 3) / 4) - (t.endsWith("==") ? 2 : t.endsWith("=") ? 1 : 0);
};

/** UTF-8 → base64, as Go marshals `[]byte(stringValue)`. */
export function encodeBase64(text: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function validateBase64Values(values: Record<string, unknown> | undefined, path: string): FieldError[] {
  return sortedEntries(values).flatMap(([k, v]) =>
    typeof v === "string" && isBase64(v) ? [] : [invalid(key(path, k), "<secret contents redacted>", "illegal base64 data")],
  );
}

const validateKeys = (m: Record<string, unknown> | undefined, path: string): FieldError[] =>
  sortedEntries(m).flatMap(([k]) => isConfigMapKey(k).map((msg) => invalid(key(path, k), k, msg)));

/** ValidateConfigMap */
export function validateConfigMap(cm: Obj): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true });
  errs.push(...validateKeys(cm.data, "data"));
  for (const [k] of sortedEntries(cm.data)) {
    if (cm.binaryData && k in cm.binaryData) errs.push(invalid(key("data", k), k, "duplicate of key present in binaryData"));
  }
  errs.push(...validateKeys(cm.binaryData, "binaryData"));
  errs.push(...validateBase64Values(cm.binaryData, "binaryData"));
  const size =
    sortedEntries(cm.data).reduce((n, [, v]) => n + byteLength(String(v ?? "")), 0) +
    sortedEntries(cm.binaryData).reduce((n, [, v]) => n + decodedLength(String(v ?? "")), 0);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("", MAX_SECRET_SIZE));
  return errs;
}

/** ValidateConfigMapUpdate: once `immutable: true`, immutable, data and binaryData are frozen. */
export function validateConfigMapUpdate(cm: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    const frozen = "field is immutable when `immutable` is set";
    if (cm.immutable !== true) errs.push(forbidden("immutable", frozen));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbidden("data", frozen));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden("binaryData", frozen));
  }
  return [...errs, ...validateConfigMap(cm).filter((e) => !e.field.startsWith("metadata."))];
}

/** Keys each well-known Secret type requires (ValidateSecret). */
function validateSecretType(s: Obj): FieldError[] {
  const data: Obj = s.data ?? {};
  const has = (k: string) => k in data;
  const need = (k: string) => (has(k) ? [] : [required(key("data", k))]);
  switch (s.type) {
    case "kubernetes.io/service-account-token":
      return s.metadata?.annotations?.["kubernetes.io/service-account.name"]
        ? []
        : [required(key("metadata.annotations", "kubernetes.io/service-account.name"))];
    case "kubernetes.io/dockercfg":
      return need(".dockercfg");
    case "kubernetes.io/dockerconfigjson":
      return need(".dockerconfigjson");
    case "kubernetes.io/basic-auth":
      return has("username") || has("password") ? [] : [required(key("data", "username")), required(key("data", "password"))];
    case "kubernetes.io/ssh-auth":
      return data["ssh-privatekey"] ? [] : [required(key("data", "ssh-privatekey"))];
    case "kubernetes.io/tls":
      return [...need("tls.crt"), ...need("tls.key")];
    default:
      return [];
  }
}

/** ValidateSecret */
export function validateSecret(s: Obj): FieldError[] {
  const errs = validateObjectMeta(s.metadata, { namespaced: true });
  errs.push(...validateKeys(s.data, "data"));
  errs.push(...validateBase64Values(s.data, "data"));
  const size = sortedEntries(s.data).reduce((n, [, v]) => n + decodedLength(String(v ?? "")), 0);
  if (size > MAX_SECRET_SIZE) errs.push(tooLong("data", MAX_SECRET_SIZE));
  errs.push(...validateSecretType(s));
  return errs;
}

/** ValidateSecretUpdate: type is immutable; with `immutable: true` the data is frozen too. */
export function validateSecretUpdate(s: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(s.metadata, old.metadata);
  errs.push(...validateImmutableField(s.type, old.type, "type"));
  if (old.immutable === true) {
    const frozen = "field is immutable when `immutable` is set";
    if (s.immutable !== true) errs.push(forbidden("immutable", frozen));
    if (!semanticEqual(s.data, old.data)) errs.push(forbidden("data", frozen));
  }
  return [...errs, ...validateSecret(s).filter((e) => !e.field.startsWith("metadata."))];
}

/** Secret defaults: type Opaque; stringData entries overwrite data entries (base64 of UTF-8) and are dropped. */
export function defaultSecret(s: Obj): void {
  if (!s.type) s.type = "Opaque";
  if (s.stringData && typeof s.stringData === "object") {
    s.data = s.data ?? {};
    for (const [k, v] of Object.entries(s.stringData as Record<string, string>)) s.data[k] = encodeBase64(String(v ?? ""));
  }
  delete s.stringData;
}

export const configMapKind: KindDef = {
  kind: "ConfigMap",
  resource: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  schema: ConfigMapSchema,
  validate: (obj, old) => (old ? validateConfigMapUpdate(obj, old) : validateConfigMap(obj)),
};

export const secretKind: KindDef = {
  kind: "Secret",
  resource: "secrets",
  singular: "secret",
  namespaced: true,
  schema: SecretSchema,
  fieldSelectors: ["type"],
  default: defaultSecret,
  validate: (obj, old) => (old ? validateSecretUpdate(obj, old) : validateSecret(obj)),
};
