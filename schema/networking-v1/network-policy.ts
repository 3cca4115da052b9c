/**
 * networking.k8s.io/v1 NetworkPolicy (k8s.io/api/networking/v1). Defaulting follows
 * pkg/apis/networking/v1/defaults.go, validation pkg/apis/networking/validation/validation.go. NetworkPolicy has
 * had no status since 1.28; its strategy bumps generation on spec changes.
 */
import { z } from "zod";
import { atomicList, int32, intOrString, LabelSelectorSchema, obj, opt, str, topLevel } from "../meta";
import type { FieldError, KindDef, KubeObject } from "../types";
import { goStringSlice, invalidGo } from "../apps-v1/workload-validation";
import { forbidden, invalid, notSupported, required } from "../validation/field-errors";
import { validateLabelSelector } from "../validation/label-selector";
import { isValidPortName, isValidPortNum } from "../validation/names";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta";
import { isStrictSubnet, isValidCIDR, parseCIDR } from "./net-validation";

export const IPBlockSchema = obj({
  cidr: opt(str).describe('a CIDR such as "192.168.1.0/24" or "2001:db8::/64"'),
  except: atomicList(str).describe("CIDRs inside `cidr` that are excluded"),
}).meta({ id: "io.k8s.api.networking.v1.IPBlock", required: ["cidr"] });

export const NetworkPolicyPeerSchema = obj({
  podSelector: opt(LabelSelectorSchema),
  namespaceSelector: opt(LabelSelectorSchema),
  ipBlock: opt(IPBlockSchema),
}).meta({ id: "io.k8s.api.networking.v1.NetworkPolicyPeer" });

export const NetworkPolicyPortSchema = obj({
  protocol: opt(str).describe("TCP (default), UDP or SCTP"),
  port: opt(intOrString).describe("a port number or name; all ports when absent"),
  endPort: opt(int32).describe("with a numeric port: the last port of the range"),
}).meta({ id: "io.k8s.api.networking.v1.NetworkPolicyPort" });

export const NetworkPolicyIngressRuleSchema = obj({
  ports: atomicList(NetworkPolicyPortSchema),
  from: atomicList(NetworkPolicyPeerSchema),
}).meta({ id: "io.k8s.api.networking.v1.NetworkPolicyIngressRule" });

export const NetworkPolicyEgressRuleSchema = obj({
  ports: atomicList(NetworkPolicyPortSchema),
  to: atomicList(NetworkPolicyPeerSchema),
}).meta({ id: "io.k8s.api.networking.v1.NetworkPolicyEgressRule" });

export const NetworkPolicySpecSchema = obj({
  podSelector: opt(LabelSelectorSchema).describe("the pods this policy applies to; empty selects all pods in the namespace"),
  ingress: atomicList(NetworkPolicyIngressRuleSchema),
  egress: atomicList(NetworkPolicyEgressRuleSchema),
  policyTypes: atomicList(str).describe('"Ingress", "Egress"; defaults to Ingress, plus Egress when egress rules are given'),
}).meta({ id: "io.k8s.api.networking.v1.NetworkPolicySpec" });

export const NetworkPolicySchema = topLevel("io.k8s.api.networking.v1.NetworkPolicy", {
  spec: opt(NetworkPolicySpecSchema).describe("the desired behavior of this NetworkPolicy"),
}).describe("NetworkPolicy describes what network traffic is allowed for a set of pods.");

export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;

/** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
export function defaultNetworkPolicy(np: KubeObject): void {
  const spec: KubeObject = (np.spec ??= {});
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])] as KubeObject[]) {
    for (const port of (rule?.ports ?? []) as KubeObject[]) if (port && port.protocol == null) port.protocol = "TCP";
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length ? ["Ingress", "Egress"] : ["Ingress"];
  }
}

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

/** ValidateNetworkPolicyPort. */
export function validateNetworkPolicyPort(port: KubeObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol != null && !PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  const end = port.endPort;
  if (port.port != null) {
    if (typeof port.port === "number") {
      for (const m of isValidPortNum(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
      if (end != null) {
        if (end < port.port) errs.push(invalid(`${path}.endPort`, port.port, "must be greater than or equal to `port`"));
        for (const m of isValidPortNum(end)) errs.push(invalid(`${path}.endPort`, end, m));
      }
    } else {
      if (end != null) errs.push(invalid(`${path}.endPort`, end, "may not be specified when `port` is non-numeric"));
      for (const m of isValidPortName(String(port.port))) errs.push(invalid(`${path}.port`, port.port, m));
    }
  } else if (end != null) {
    errs.push(invalid(`${path}.endPort`, end, "may not be specified when `port` is not specified"));
  }
  return errs;
}

/** ValidateIPBlock: a valid CIDR whose `except` entries are strict subsets of it. */
export function validateIPBlock(b: KubeObject, path: string): FieldError[] {
  if (!b.cidr) return [required(`${path}.cidr`)];
  const errs = isValidCIDR(`${path}.cidr`, b.cidr);
  const outer = parseCIDR(b.cidr);
  if (!outer) return errs;
  ((b.except ?? []) as string[]).forEach((ex, i) => {
    const p = `${path}.except[${i}]`;
    const e = isValidCIDR(p, ex);
    errs.push(...e);
    const inner = parseCIDR(ex);
    if (inner && !isStrictSubnet(outer, inner)) errs.push(invalid(p, ex, "must be a strict subset of `cidr`"));
  });
  return errs;
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer, and ipBlock never combined with selectors. */
export function validateNetworkPolicyPeer(peer: KubeObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer.podSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    n++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    n++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (n === 0) errs.push(required(path, "must specify a peer"));
  else if (n > 1 && peer.ipBlock) errs.push(forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

/** ValidateNetworkPolicySpec. */
export function validateNetworkPolicySpec(spec: KubeObject, path = "spec"): FieldError[] {
  const errs = validateLabelSelector(spec.podSelector, `${path}.podSelector`);
  const rules = (dir: "ingress" | "egress", peers: "from" | "to") =>
    ((spec[dir] ?? []) as KubeObject[]).forEach((rule, i) => {
      const p = `${path}.${dir}[${i}]`;
      ((rule?.ports ?? []) as KubeObject[]).forEach((port, j) => errs.push(...validateNetworkPolicyPort(port ?? {}, `${p}.ports[${j}]`)));
      ((rule?.[peers] ?? []) as KubeObject[]).forEach((peer, j) => errs.push(...validateNetworkPolicyPeer(peer ?? {}, `${p}.${peers}[${j}]`)));
    });
  rules("ingress", "from");
  rules("egress", "to");
  const types: string[] = spec.policyTypes ?? [];
  if (types.length > 2) {
    const repr = `&${goStringSlice(types).replace("[]string", "[]networking.PolicyType")}`;
    errs.push(invalidGo(`${path}.policyTypes`, repr, "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") errs.push(notSupported(`${path}.policyTypes[${i}]`, t, ["Ingress", "Egress"]));
  });
  return errs;
}

export const networkPolicyDef: KindDef = {
  kind: "NetworkPolicy",
  resource: "networkpolicies",
  singular: "networkpolicy",
  namespaced: true,
  shortNames: ["netpol"],
  schema: NetworkPolicySchema,
  generation: true,
  default: defaultNetworkPolicy,
  validate: (o, old) => [
    ...(old ? validateObjectMetaUpdate(o.metadata, old.metadata) : validateObjectMeta(o.metadata, { namespaced: true })),
    ...validateNetworkPolicySpec(o.spec ?? {}),
  ],
};
