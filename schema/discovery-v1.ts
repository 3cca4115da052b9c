/**
 * discovery.k8s.io/v1 (k8s.io/api/discovery/v1): EndpointSlice. Defaulting follows
 * pkg/apis/discovery/v1/defaults.go, validation pkg/apis/discovery/validation/validation.go.
 */
import { z } from "zod";
import { ObjectReferenceSchema } from "./core-v1/common";
import { atomicList, bool, int32, obj, opt, str, stringMap, topLevel } from "./meta";
import { isFullyQualifiedDomainName, isValidIPv4Address, isValidIPv6Address, validateNonSpecialIP } from "./networking-v1/net-validation";
import type { FieldError, GroupVersionDef, KindDef, KubeObject } from "./types";
import { duplicate, invalid, notSupported, required, tooMany } from "./validation/field-errors";
import { validateImmutableField } from "./validation/generic";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "./validation/names";
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./validation/object-meta";

export const EndpointConditionsSchema = obj({
  ready: opt(bool).describe("the endpoint is ready to receive traffic; unknown (treated as ready) when absent"),
  serving: opt(bool),
  terminating: opt(bool),
}).meta({ id: "io.k8s.api.discovery.v1.EndpointConditions" });

export const ForZoneSchema = obj({ name: opt(str) }).meta({ id: "io.k8s.api.discovery.v1.ForZone", required: ["name"] });
export const ForNodeSchema = obj({ name: opt(str) }).meta({ id: "io.k8s.api.discovery.v1.ForNode", required: ["name"] });

export const EndpointHintsSchema = obj({
  forZones: atomicList(ForZoneSchema),
  forNodes: atomicList(ForNodeSchema),
}).meta({ id: "io.k8s.api.discovery.v1.EndpointHints" });

export const EndpointSchema = obj({
  addresses: opt(z.array(str).meta({ "x-kubernetes-list-type": "set" })).describe("1 to 100 addresses of the addressType"),
  conditions: opt(EndpointConditionsSchema),
  hostname: opt(str),
  targetRef: opt(ObjectReferenceSchema),
  deprecatedTopology: opt(stringMap),
  nodeName: opt(str),
  zone: opt(str),
  hints: opt(EndpointHintsSchema),
}).meta({ id: "io.k8s.api.discovery.v1.Endpoint", required: ["addresses"] });

export const EndpointPortSchema = obj({
  name: opt(str),
  protocol: opt(str).describe("TCP (default), UDP or SCTP"),
  port: opt(int32),
  appProtocol: opt(str),
}).meta({ id: "io.k8s.api.discovery.v1.EndpointPort", "x-kubernetes-map-type": "atomic" });

export const EndpointSliceSchema = topLevel("io.k8s.api.discovery.v1.EndpointSlice", {
  addressType: opt(str).describe("IPv4, IPv6 or FQDN; immutable. Required."),
  endpoints: atomicList(EndpointSchema).describe("at most 1000 endpoints"),
  ports: atomicList(EndpointPortSchema),
})
  .describe("EndpointSlice represents a subset of the endpoints that implement a service.");

export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_HINTS = 8;

/** SetDefaults_EndpointPort: name "" and protocol TCP. */
export function defaultEndpointSlice(es: KubeObject): void {
  for (const p of (es.ports ?? []) as KubeObject[]) {
    if (!p || typeof p !== "object") continue;
    p.name ??= "";
    p.protocol ??= "TCP";
  }
}

function validateAddress(addressType: string, address: string, path: string): FieldError[] {
  switch (addressType) {
    case "IPv4": {
      const errs = isValidIPv4Address(path, address);
      return errs.length ? errs : validateNonSpecialIP(path, address);
    }
    case "IPv6": {
      const errs = isValidIPv6Address(path, address);
      return errs.length ? errs : validateNonSpecialIP(path, address);
    }
    case "FQDN":
      return isFullyQualifiedDomainName(path, address);
    default:
      return [];
  }
}

function validateEndpoints(endpoints: KubeObject[], addressType: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany("endpoints", endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const path = `endpoints[${i}]`;
    const addresses: string[] = ep?.addresses ?? [];
    if (!addresses.length) errs.push(required(`${path}.addresses`, "must contain at least 1 address"));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => errs.push(...validateAddress(addressType, String(a), `${path}.addresses[${j}]`)));
    if (ep?.nodeName != null) for (const m of isDNS1123Subdomain(ep.nodeName)) errs.push(invalid(`${path}.nodeName`, ep.nodeName, m));
    if (ep?.deprecatedTopology) errs.push(...validateLabels(ep.deprecatedTopology, `${path}.deprecatedTopology`));
    if (ep?.hostname != null) for (const m of isDNS1123Label(ep.hostname)) errs.push(invalid(`${path}.hostname`, ep.hostname, m));
    const zones: KubeObject[] = ep?.hints?.forZones ?? [];
    if (zones.length > MAX_HINTS) errs.push(tooMany(`${path}.hints.forZones`, zones.length, MAX_HINTS));
    const seen = new Set<string>();
    zones.forEach((z, j) => {
      const name = String(z?.name ?? "");
      if (seen.has(name)) errs.push(duplicate(`${path}.hints.forZones[${j}].name`, name));
      seen.add(name);
      for (const m of isQualifiedName(name)) errs.push(invalid(`${path}.hints.forZones[${j}].name`, name, m));
    });
  });
  return errs;
}

function validatePorts(ports: KubeObject[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany("ports", ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `ports[${i}]`;
    const name = String(p?.name ?? "");
    if (name) for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
    if (p?.protocol == null) errs.push(required(`${path}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (p?.appProtocol != null) for (const m of isQualifiedName(p.appProtocol)) errs.push(invalid(`${path}.appProtocol`, p.appProtocol, m));
  });
  return errs;
}

/** ValidateEndpointSlice, plus ValidateEndpointSliceUpdate (addressType immutable). */
export function validateEndpointSlice(es: KubeObject, old?: KubeObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(es.metadata, old.metadata) : validateObjectMeta(es.metadata, { namespaced: true });
  const addressType: string = es.addressType ?? "";
  if (!addressType) errs.push(required("addressType"));
  else if (!ADDRESS_TYPES.includes(addressType)) errs.push(notSupported("addressType", addressType, ADDRESS_TYPES));
  errs.push(...validateEndpoints(es.endpoints ?? [], addressType));
  errs.push(...validatePorts(es.ports ?? []));
  if (old) errs.push(...validateImmutableField(es.addressType, old.addressType, "addressType"));
  return errs;
}

const endpointSliceDef: KindDef = {
  kind: "EndpointSlice",
  resource: "endpointslices",
  singular: "endpointslice",
  namespaced: true,
  schema: EndpointSliceSchema,
  generation: true,
  default: defaultEndpointSlice,
  validate: validateEndpointSlice,
};

export const discoveryV1: GroupVersionDef = { group: "discovery.k8s.io", version: "v1", kinds: [endpointSliceDef] };
