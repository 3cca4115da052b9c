/**
 * What a schema module declares about each kind. The resource registry (schema/registry.ts) collects these
 * and drives routing, discovery, OpenAPI, tables, selectors and admission from them: adding a kind is one
 * `KindDef` in its group/version module.
 */
import type { z } from "zod";

/** A field-level validation failure, rendered as a `details.causes` entry of a 422 Invalid Status. */
export interface FieldError {
  /** Upstream cause reasons (field.ErrorType): FieldValueInvalid, FieldValueRequired, FieldValueDuplicate,
   * FieldValueNotSupported, FieldValueForbidden, FieldValueTooLong, FieldValueTooMany, FieldValueTypeInvalid. */
  reason:
    | "FieldValueInvalid"
    | "FieldValueRequired"
    | "FieldValueDuplicate"
    | "FieldValueNotSupported"
    | "FieldValueForbidden"
    | "FieldValueTooLong"
    | "FieldValueTooMany"
    | "FieldValueTypeInvalid"
    | "FieldValueNotFound";
  /** Upstream field path, e.g. `spec.template.spec.containers[0].name`, `metadata.labels`. */
  field: string;
  /** Upstream message, e.g. `Invalid value: "Foo": a lowercase RFC 1123 label must consist of …`. */
  message: string;
}

/** Where autoscaling/v1 Scale reads and writes a kind's replicas. */
export interface ScaleSubresource {
  specReplicasPath: string; // ".spec.replicas"
  statusReplicasPath: string; // ".status.replicas"
  labelSelectorPath?: string; // ".status.selector" or derived from ".spec.selector"
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

export interface KindDef {
  kind: string;
  /** Plural resource name, lower case (`deployments`). */
  resource: string;
  /** Singular name, lower case (`deployment`). */
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** The top-level object schema (built with `topLevel`). */
  schema: z.ZodType;
  /** Kinds with a `status` subresource: main writes keep the old status, status writes change only status. */
  status?: boolean;
  /**
   * Status given on create is kept (upstream strategies reset it, except the Node strategy: a kubelet registers
   * its Node with capacity, conditions and addresses in one POST).
   */
  keepStatusOnCreate?: boolean;
  scale?: ScaleSubresource;
  /** `metadata.generation` is maintained (set to 1 on create, bumped when anything but metadata/status changes). */
  generation?: boolean;
  /** Extra field selectors beyond `metadata.name` and `metadata.namespace` (KUBECTL.md §5.8). */
  fieldSelectors?: string[];
  /**
   * Kinds stored as another API's resource, converted on the way in and out (upstream "cohabitating"
   * resources: events.k8s.io Events are stored as core Events).
   */
  storage?: StorageConversion;
  /** Further subresources (`serviceaccounts/token`, `certificatesigningrequests/approval`), for discovery;
   * their handlers are registered in worker/handlers/subresources.ts. */
  subresources?: ExtraSubresource[];
  /** Verbs served; defaults to all of get, list, watch, create, update, patch, delete, deletecollection. */
  verbs?: string[];
  /**
   * The kind's strategy PrepareForCreate, after the generic one, with the requesting user (a
   * CertificateSigningRequest records its requester in spec.username/groups).
   */
  prepareForCreate?(obj: KubeObject, user?: RequestUser): void;
  /**
   * The kind's strategy PrepareForUpdate: carries values the server allocated over from `old` when an update
   * omits them (e.g. a Service's clusterIP), before defaulting and validation. `subresource` is the one written
   * (undefined for the main resource); a kind's own `subresources` keep the written status unless this resets it.
   */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, subresource?: string): void;
  /** Upstream defaulting (SetDefaults_*), applied in place on create and update before validation. */
  default?(obj: KubeObject): void;
  /** Semantic validation (upstream's ValidateX / ValidateXUpdate); `old` is set on update, `subresource` on
   * writes to one (`status`, or one of the kind's own `subresources`). */
  validate?(obj: KubeObject, old?: KubeObject, subresource?: string): FieldError[];
}

/** The requesting user as strategies see it (k8s.io/apiserver user.Info). */
export interface RequestUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface ExtraSubresource {
  name: string;
  /** The kind the subresource takes and returns. */
  responseKind: { group: string; version: string; kind: string };
  verbs: string[];
}

export interface StorageConversion {
  group: string;
  resource: string;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
  /** A field selector label of this API as the stored object's field. */
  fieldToStorage(field: string): string;
}

export interface GroupVersionDef {
  /** "" for the core group. */
  group: string;
  version: string;
  kinds: KindDef[];
}
