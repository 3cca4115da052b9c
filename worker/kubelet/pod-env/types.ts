/**
 * The slices of core/v1 objects the pod environment reads, as they are stored (Secret `data` base64, ConfigMap
 * `binaryData` base64). Structural, so stored objects are passed as they are.
 */
import type { KubeObject } from "../../../schema/types";

export type Pod = KubeObject;
export type Container = KubeObject;

export interface ConfigMapLike {
  data?: Record<string, string>;
  /** Base64, as on the wire. */
  binaryData?: Record<string, string>;
}

export interface SecretLike {
  /** Base64, as on the wire. */
  data?: Record<string, string>;
}

export interface ServiceLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { clusterIP?: string; ports?: { name?: string; port?: number; protocol?: string }[] };
}

/** A container environment variable as the runtime receives it (kubecontainer.EnvVar). */
export interface EnvVar {
  name: string;
  value: string;
}

/** Files of one volume (or one mount): path relative to the volume root → contents. */
export type Files = Record<string, string>;

/** ConfigMaps / Secrets of the pod's namespace by name; `undefined` (or absent) means NotFound. */
export type ObjectsByName<T> = Record<string, T | undefined>;

/** A failure the kubelet reports as a container's `CreateContainerConfigError` waiting reason. */
export interface ContainerConfigError {
  ok: false;
  reason: "CreateContainerConfigError";
  message: string;
}

export const configError = (message: string): ContainerConfigError => ({ ok: false, reason: "CreateContainerConfigError", message });

/** apierrors.NewNotFound(configmap|secret, name).Error(), as the kubelet's object managers return it. */
export const notFoundMessage = (resource: "configmap" | "secret", name: string): string => `${resource} "${name}" not found`;

/** Internal partial outcome: a value or an error message. */
export type Got<T> = { ok: true; value: T } | { ok: false; message: string };

export const isObj = (v: unknown): v is KubeObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const list = (v: unknown): KubeObject[] => (Array.isArray(v) ? v.filter(isObj) : []);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
