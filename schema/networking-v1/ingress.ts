/**
 * networking.k8s.io/v1 Ingress and IngressClass (k8s.io/api/networking/v1). Defaulting follows
 * pkg/apis/networking/v1/defaults.go, validation pkg/apis/networking/validation/validation.go.
 */
import { z } from "zod";
import { TypedLocalObjectReferenceSchema } from "../core-v1/common";
import { atomicList, int32, obj, opt, str, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { invalidGo } from "../apps-v1/workload-validation";
import { forbidden, invalid, notSupported, required, tooLong } from "../validation/field-errors";
import { validateImmutableField } from "../validation/generic";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { isDomainPrefixedPath, isWildcardDNS1123Subdomain, parseIP, validatePathSegmentName } from "./net-validation";

export const ServiceBackendPortSchema = obj({
  name: opt(str).describe("the port name of the Service; exclusive with number"),
  number: opt(int32).describe("the numerical port of the Service; exclusive with name"),
}).meta({ id: "io.k8s.api.networking.v1.ServiceBackendPort", "x-kubernetes-map-type": "atomic" });

export const IngressServiceBackendSchema = obj({
  name: opt(str).describe("the Service in the Ingress' namespace"),
  port: opt(ServiceBackendPortSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressServiceBackend", required: ["name"] });

export const IngressBackendSchema = obj({
  service: opt(IngressServiceBackendSchema),
  resource: opt(TypedLocalObjectReferenceSchema).describe("an object in the Ingress' namespace; exclusive with service"),
}).meta({ id: "io.k8s.api.networking.v1.IngressBackend" });

export const HTTPIngressPathSchema = obj({
  path: opt(str).describe("matched against the path of the request; must begin with '/' for Exact and Prefix"),
  pathType: opt(str).describe("Exact, Prefix or ImplementationSpecific. Required."),
  backend: opt(IngressBackendSchema),
}).meta({ id: "io.k8s.api.networking.v1.HTTPIngressPath", required: ["pathType", "backend"] });

export const HTTPIngressRuleValueSchema = obj({
  paths: atomicList(HTTPIngressPathSchema),
}).meta({ id: "io.k8s.api.networking.v1.HTTPIngressRuleValue", required: ["paths"] });

export const IngressRuleSchema = obj({
  host: opt(str).describe("a fully qualified domain name, optionally with a leading '*.' wildcard label"),
  http: opt(HTTPIngressRuleValueSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressRule" });

export const IngressTLSSchema = obj({
  hosts: atomicList(str),
  secretName: opt(str).describe("the Secret holding the TLS certificate and key"),
}).meta({ id: "io.k8s.api.networking.v1.IngressTLS" });

export const IngressSpecSchema = obj({
  ingressClassName: opt(str).describe("the IngressClass of this Ingress"),
  defaultBackend: opt(IngressBackendSchema).describe("handles requests that match no rule"),
  tls: atomicList(IngressTLSSchema),
  rules: atomicList(IngressRuleSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressSpec" });

export const IngressPortStatusSchema = obj({
  port: opt(int32),
  protocol: opt(str),
  error: opt(str),
}).meta({ id: "io.k8s.api.networking.v1.IngressPortStatus", required: ["port", "protocol"] });

export const IngressLoadBalancerIngressSchema = obj({
  ip: opt(str),
  hostname: opt(str),
  ports: atomicList(IngressPortStatusSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressLoadBalancerIngress" });

export const IngressLoadBalancerStatusSchema = obj({
  ingress: atomicList(IngressLoadBalancerIngressSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressLoadBalancerStatus" });

export const IngressStatusSchema = obj({
  loadBalancer: opt(IngressLoadBalancerStatusSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressStatus" });

export const IngressSchema = topLevel("io.k8s.api.networking.v1.Ingress", {
  spec: opt(IngressSpecSchema).describe("the desired state of the Ingress"),
  status: opt(IngressStatusSchema).describe("the current state of the Ingress"),
}).describe("Ingress routes external HTTP(S) traffic to Services by host and path.");

export const IngressClassParametersReferenceSchema = obj({
  apiGroup: opt(str),
  kind: opt(str),
  name: opt(str),
  scope: opt(str).describe('"Cluster" (default) or "Namespace"'),
  namespace: opt(str).describe('required when scope is "Namespace"'),
}).meta({ id: "io.k8s.api.networking.v1.IngressClassParametersReference", required: ["kind", "name"] });

export const IngressClassSpecSchema = obj({
  controller: opt(str).describe('the controller implementing this class, a domain-prefixed path such as "acme.io/ingress-controller"; immutable'),
  parameters: opt(IngressClassParametersReferenceSchema),
}).meta({ id: "io.k8s.api.networking.v1.IngressClassSpec" });

export const IngressClassSchema = topLevel("io.k8s.api.networking.v1.IngressClass", {
  spec: opt(IngressClassSpecSchema),
}).describe("IngressClass names the controller that implements a class of Ingresses.");

export type Ingress = z.infer<typeof IngressSchema>;
export type IngressClass = z.infer<typeof IngressClassSchema>;

/** SetDefaults_IngressClass: parameters.scope defaults to Cluster. */
export function defaultIngressClass(ic: KubeObject): void {
  const params = ic.spec?.parameters;
  if (params && typeof params === "object" && params.scope == null) params.scope = "Cluster";
}

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];

/** validateIngressTypedLocalObjectReference. */
function validateLocalRef(ref: KubeObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup != null) for (const m of isDNS1123Subdomain(ref.apiGroup)) errs.push(invalid(`${path}.apiGroup`, ref.apiGroup, m));
  if (!ref.kind) errs.push(required(`${path}.kind`, "kind is required"));
  else for (const m of validatePathSegmentName(ref.kind, false)) errs.push(invalid(`${path}.kind`, ref.kind, m));
  if (!ref.name) errs.push(required(`${path}.name`, "name is required"));
  else for (const m of validatePathSegmentName(ref.name, false)) errs.push(invalid(`${path}.name`, ref.name, m));
  return errs;
}

/** validateIngressBackend: exactly one of service and resource; a service needs a port name or number. */
export function validateIngressBackend(b: KubeObject, path: string): FieldError[] {
  if (b.resource && b.service) return [invalid(path, "", "cannot set both resource and service backends")];
  if (b.resource) return validateLocalRef(b.resource, `${path}.resource`);
  if (!b.service) return [invalid(path, "", "resource or service backend is required")];
  const errs: FieldError[] = [];
  const svc: KubeObject = b.service;
  if (!svc.name) errs.push(required(`${path}.service.name`));
  else for (const m of isDNS1035Label(svc.name)) errs.push(invalid(`${path}.service.name`, svc.name, m));
  const portName: string = svc.port?.name ?? "";
  const portNumber: number = svc.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(path, "", "cannot set both port name & port number"));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(`${path}.service.port.name`, portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(invalid(`${path}.service.port.number`, portNumber, m));
  else errs.push(required(path, "port name or number is required"));
  return errs;
}

/** validateHTTPIngressPath: pathType is required and constrains the path. */
export function validateHTTPIngressPath(p: KubeObject, path: string): FieldError[] {
  if (p.pathType == null) return [required(`${path}.pathType`, "pathType must be specified")];
  const errs: FieldError[] = [];
  const value: string = p.path ?? "";
  if (p.pathType === "Exact" || p.pathType === "Prefix") {
    if (!value.startsWith("/")) errs.push(invalid(`${path}.path`, value, "must be an absolute path"));
    if (value) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES) if (value.endsWith(suf)) errs.push(invalid(`${path}.path`, value, `cannot end with '${suf}'`));
    }
  } else if (p.pathType === "ImplementationSpecific") {
    if (value && !value.startsWith("/")) errs.push(invalid(`${path}.path`, value, "must be an absolute path"));
  } else {
    errs.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateIngressBackend(p.backend ?? {}, `${path}.backend`));
  return errs;
}

function validateHost(host: string, path: string): FieldError[] {
  const msgs = host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  return msgs.map((m) => invalid(path, host, m));
}

/** ValidateIngressSpec (create options: secret names and wildcard rules are checked strictly). */
export function validateIngressSpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  const rules: KubeObject[] = spec.rules ?? [];
  if (!rules.length && !spec.defaultBackend) errs.push(invalidGo(path, goRulesRepr(spec.rules), "either `defaultBackend` or `rules` must be specified"));
  if (spec.defaultBackend) errs.push(...validateIngressBackend(spec.defaultBackend, `${path}.defaultBackend`));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    const host: string = rule?.host ?? "";
    if (host) {
      if (parseIP(host)) errs.push(invalid(`${p}.host`, host, "must be a DNS name, not an IP address"));
      errs.push(...validateHost(host, `${p}.host`));
    }
    if (rule?.http) {
      const paths: KubeObject[] = rule.http.paths ?? [];
      if (!paths.length) errs.push(required(`${p}.http.paths`));
      paths.forEach((hp, j) => errs.push(...validateHTTPIngressPath(hp ?? {}, `${p}.http.paths[${j}]`)));
    }
  });
  ((spec.tls ?? []) as KubeObject[]).forEach((tls, i) => {
    ((tls?.hosts ?? []) as string[]).forEach((h, j) => errs.push(...validateHost(h, `${path}.tls[${i}].hosts[${j}]`)));
    if (tls?.secretName) for (const m of nameIsDNSSubdomain(tls.secretName, false)) errs.push(invalid(`${path}.tls[${i}].secretName`, tls.secretName, m));
  });
  if (spec.ingressClassName) {
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false)) errs.push(invalid(`${path}.ingressClassName`, spec.ingressClassName, m));
  }
  return errs;
}

const goRulesRepr = (rules: unknown) => (Array.isArray(rules) ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)");

/** The legacy `kubernetes.io/ingress.class` annotation must agree with ingressClassName (ValidateIngressCreate). */
function validateClassAnnotation(ing: KubeObject): FieldError[] {
  const annotation = ing.metadata?.annotations?.["kubernetes.io/ingress.class"];
  const name = ing.spec?.ingressClassName;
  if (annotation === undefined || name == null || annotation === name) return [];
  return [invalid("annotations.kubernetes.io/ingress.class", annotation, "must match `ingressClassName` when both are specified")];
}

/** validateIngressClassSpec, plus controller immutability on update. */
export function validateIngressClass(ic: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(ic.metadata, old.metadata) : [];
  errs.push(...validateObjectMeta(ic.metadata, { namespaced: false }));
  const spec: KubeObject = ic.spec ?? {};
  const controller: string = spec.controller ?? "";
  if (controller.length > 250) errs.push(tooLong("spec.controller", 250));
  errs.push(...isDomainPrefixedPath("spec.controller", controller));
  const params: KubeObject | undefined = spec.parameters;
  if (params) {
    const p = "spec.parameters";
    errs.push(...validateLocalRef(params, p));
    if (params.scope == null) errs.push(required(`${p}.scope`));
    else if (params.scope !== "Cluster" && params.scope !== "Namespace") errs.push(notSupported(`${p}.scope`, params.scope, ["Cluster", "Namespace"]));
    else if (params.scope === "Namespace") {
      if (params.namespace == null) errs.push(required(`${p}.namespace`, "`parameters.scope` is set to 'Namespace'"));
      else for (const m of isDNS1123Label(params.namespace)) errs.push(invalid(`${p}.namespace`, params.namespace, m));
    } else if (params.namespace != null) errs.push(forbidden(`${p}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  }
  if (old) errs.push(...validateImmutableField(spec.controller, old.spec?.controller, "spec.controller"));
  return errs;
}

export const ingressDef: KindDef = {
  kind: "Ingress",
  resource: "ingresses",
  singular: "ingress",
  namespaced: true,
  shortNames: ["ing"],
  schema: IngressSchema,
  status: true,
  generation: true,
  validate: (o, old) => [
    ...(old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced: true })),
    ...validateIngressSpec(o.spec ?? {}),
    ...(old ? [] : validateClassAnnotation(o)),
  ],
};

export const ingressClassDef: KindDef = {
  kind: "IngressClass",
  resource: "ingressclasses",
  singular: "ingressclass",
  namespaced: false,
  schema: IngressClassSchema,
  generation: true,
  default: defaultIngressClass,
  validate: validateIngressClass,
};
