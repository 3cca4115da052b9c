/**
 * ServiceAccount (core/v1): schema, KindDef and ValidateServiceAccount (DNS-subdomain name).
 */
import { z } from "zod";
import { atomicList, bool, mapList, opt, topLevel } from "../meta";
import type { KindDef } from "../types";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { LocalObjectReferenceSchema, ObjectReferenceSchema } from "./common";

export const ServiceAccountSchema = topLevel("io.k8s.api.core.v1.ServiceAccount", {
  automountServiceAccountToken: opt(bool).describe("Whether pods using this account get an API token mounted."),
  imagePullSecrets: atomicList(LocalObjectReferenceSchema).describe("Secrets pods of this account pull images with."),
  secrets: mapList(ObjectReferenceSchema, ["name"]).describe("Secrets pods of this account may use."),
});

export const serviceAccountKind: KindDef = {
  kind: "ServiceAccount",
  resource: "serviceaccounts",
  singular: "serviceaccount",
  namespaced: true,
  shortNames: ["sa"],
  schema: ServiceAccountSchema,
  subresources: [
    { name: "token", responseKind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }, verbs: ["create"] },
  ],
  validate: (obj, old) =>
    old
      ? validateObjectMetaUpdate(obj.metadata, old.metadata)
      : validateObjectMeta(obj.metadata, { namespaced: true }),
};

export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;
