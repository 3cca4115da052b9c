/**
 * Endpoints (core/v1): schema, KindDef, SetDefaults_Endpoints (port protocol TCP) and ValidateEndpoints.
 * Every list here is atomic and EndpointAddress/EndpointPort are atomic structs, as upstream.
 */
import { z } from "zod";
import { atomicList, int32, opt, str, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { child, index, invalid, notSupported, required } from "../validation/field-errors";
import { validatePortNum } from "../validation/generic";
import { isQualifiedName, isValidIP } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { def, ObjectReferenceSchema } from "./common";
import { PROTOCOLS, validateDNS1123Label } from "./container-validation";

type Obj = KubeObject;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map((x) => x ?? {}) : []);

export const EndpointAddressSchema = def(
  "EndpointAddress",
  { hostname: opt(str), ip: opt(str), nodeName: opt(str), targetRef: opt(ObjectReferenceSchema) },
  { "x-kubernetes-map-type": "atomic", required: ["ip"] },
);

export const EndpointPortSchema = def(
  "EndpointPort",
  { appProtocol: opt(str), name: opt(str), port: opt(int32), protocol: opt(str) },
  { "x-kubernetes-map-type": "atomic", required: ["port"] },
);

export const EndpointSubsetSchema = def("EndpointSubset", {
  addresses: atomicList(EndpointAddressSchema).describe("Ready addresses."),
  notReadyAddresses: atomicList(EndpointAddressSchema),
  ports: atomicList(EndpointPortSchema),
});

export const EndpointsSchema = topLevel("io.k8s.api.core.v1.Endpoints", {
  subsets: atomicList(EndpointSubsetSchema).describe("Sets of addresses and ports that make up the service."),
});

/** SetDefaults_Endpoints: ports default to TCP. */
export function defaultEndpoints(ep: Obj): void {
  for (const s of list(ep.subsets)) for (const p of list(s.ports)) if (!p.protocol) p.protocol = "TCP";
}

function validateAddress(a: Obj, path: string): FieldError[] {
  const errs = isValidIP(String(a.ip ?? "")).map((m) => invalid(child(path, "ip"), a.ip ?? "", m));
  if (a.hostname) errs.push(...validateDNS1123Label(a.hostname, child(path, "hostname")));
  return errs;
}

/** ValidateEndpoints: valid addresses; ports named (DNS label) when more than one, in range, known protocol. */
export function validateEndpoints(ep: Obj): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, { namespaced: true });
  list(ep.subsets).forEach((s, i) => {
    const at = index("subsets", i);
    const addresses = list(s.addresses);
    const notReady = list(s.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(required(at, "must specify `addresses` or `notReadyAddresses`"));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(a, index(child(at, "addresses"), j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, index(child(at, "notReadyAddresses"), j))));
    const ports = list(s.ports);
    if (ports.length === 0) errs.push(required(child(at, "ports")));
    ports.forEach((p, j) => {
      const pp = index(child(at, "ports"), j);
      if (ports.length > 1 && !p.name) errs.push(required(child(pp, "name")));
      else if (p.name) errs.push(...validateDNS1123Label(p.name, child(pp, "name")));
      errs.push(...validatePortNum(p.port ?? 0, child(pp, "port")));
      if (!p.protocol) errs.push(required(child(pp, "protocol")));
      else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(child(pp, "protocol"), p.protocol, PROTOCOLS));
      if (p.appProtocol != null) errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(child(pp, "appProtocol"), p.appProtocol, m)));
    });
  });
  return errs;
}

export const endpointsKind: KindDef = {
  kind: "Endpoints",
  resource: "endpoints",
  singular: "endpoints",
  namespaced: true,
  shortNames: ["ep"],
  schema: EndpointsSchema,
  default: defaultEndpoints,
  validate: (obj, old) =>
    old
      ? [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEndpoints(obj).filter((e) => !e.field.startsWith("metadata."))]
      : validateEndpoints(obj),
};

export type Endpoints = z.infer<typeof EndpointsSchema>;
