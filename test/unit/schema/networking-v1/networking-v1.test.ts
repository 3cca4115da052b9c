/** networking.k8s.io/v1: Ingress, IngressClass and NetworkPolicy accept corpus, defaults and rejects. */
import { describe, expect, it } from "vitest";
import { networkingV1 } from "../../../../schema/networking-v1";
import { admit, kindOf, load, stored, update } from "../group-helpers";

const def = (kind: string) => kindOf(networkingV1, kind);

const INGRESS_TLS = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-example
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}
spec:
  ingressClassName: nginx
  tls:
  - hosts: [https-example.foo.com, "*.bar.com"]
    secretName: testsecret-tls
  rules:
  - host: https-example.foo.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: service1, port: {number: 80}}}}
      - {path: /api/v1, pathType: Exact, backend: {service: {name: api, port: {name: http}}}}
  - host: "*.bar.com"
    http:
      paths:
      - {pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}}}
`;

const DEFAULT_BACKEND_INGRESS = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: minimal}
spec:
  defaultBackend: {service: {name: test, port: {number: 80}}}
`;

const INGRESS_CLASS = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: external-lb
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: example.com/ingress-controller
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}
`;

const DEFAULT_DENY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress}
spec:
  podSelector: {}
`;

const FULL_POLICY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: test-network-policy, namespace: default}
spec:
  podSelector: {matchLabels: {role: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
      podSelector: {matchLabels: {role: frontend}}
    ports:
    - {protocol: TCP, port: 6379}
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/24}}, {ipBlock: {cidr: "2001:db8::/64", except: ["2001:db8::/96"]}}]
    ports: [{protocol: TCP, port: 32000, endPort: 32768}, {port: dns}]
`;

const EGRESS_ONLY = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns}
spec:
  podSelector: {matchLabels: {app: web}}
  egress:
  - ports: [{port: 53, protocol: UDP}, {port: 53}]
`;

describe("networking/v1 accept corpus", () => {
  it.each([
    ["Ingress with TLS", INGRESS_TLS],
    ["Ingress with only a default backend", DEFAULT_BACKEND_INGRESS],
    ["IngressClass", INGRESS_CLASS],
    ["default-deny NetworkPolicy", DEFAULT_DENY],
    ["NetworkPolicy with ipBlocks and port ranges", FULL_POLICY],
    ["egress-only NetworkPolicy", EGRESS_ONLY],
  ])("%s decodes, defaults and validates cleanly", (_n, yaml) => {
    const obj = load(yaml);
    const { issues, errors } = admit(def(obj.kind), obj);
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("networking/v1 defaults", () => {
  it("NetworkPolicy: policyTypes Ingress, plus Egress with egress rules; port protocol TCP", () => {
    expect(admit(def("NetworkPolicy"), load(DEFAULT_DENY)).obj.spec.policyTypes).toEqual(["Ingress"]);
    const { obj } = admit(def("NetworkPolicy"), load(EGRESS_ONLY));
    expect(obj.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(obj.spec.egress[0].ports).toEqual([{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }]);
  });

  it("IngressClass: parameters.scope Cluster", () => {
    expect(admit(def("IngressClass"), load(INGRESS_CLASS)).obj.spec.parameters.scope).toBe("Cluster");
  });
});

const path = (edit: (p: any) => void) => {
  const ing = load(INGRESS_TLS);
  edit(ing.spec.rules[0].http.paths[0]);
  return ing;
};

describe("Ingress rejects", () => {
  it.each<[string, any, string[]]>([
    ["missing pathType", path((p) => delete p.pathType), ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]],
    ["relative Prefix path", path((p) => (p.path = "api")), ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']],
    ["path with //", path((p) => (p.path = "/a//b")), ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"]],
    [
      "unknown pathType",
      path((p) => (p.pathType = "Regex")),
      ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"'],
    ],
    [
      "port name and number",
      path((p) => (p.backend.service.port = { name: "http", number: 80 })),
      ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number'],
    ],
    ["no port", path((p) => delete p.backend.service.port), ["spec.rules[0].http.paths[0].backend: Required value: port name or number is required"]],
  ])("%s", (_n, obj, expected) => {
    expect(admit(def("Ingress"), obj).errors).toEqual(expected);
  });

  it("neither rules nor a default backend", () => {
    const ing = load(DEFAULT_BACKEND_INGRESS);
    delete ing.spec.defaultBackend;
    expect(admit(def("Ingress"), ing).errors).toEqual([
      "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified",
    ]);
  });

  it("an IP as host, and a bad TLS host", () => {
    const ing = load(INGRESS_TLS);
    ing.spec.rules[0].host = "10.0.0.1";
    ing.spec.tls[0].hosts[0] = "Bad_Host";
    const errors = admit(def("Ingress"), ing).errors;
    expect(errors[0]).toBe('spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address');
    expect(errors.some((e) => e.startsWith('spec.tls[0].hosts[0]: Invalid value: "Bad_Host": a lowercase RFC 1123 subdomain'))).toBe(true);
  });
});

describe("IngressClass rejects", () => {
  it("controller must be a domain-prefixed path and is immutable", () => {
    const ic = load(INGRESS_CLASS);
    ic.spec.controller = "nginx";
    expect(admit(def("IngressClass"), ic).errors).toEqual(['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']);
    const old = stored(def("IngressClass"), INGRESS_CLASS);
    expect(update(def("IngressClass"), old, (o) => (o.spec.controller = "example.com/other")).errors).toEqual([
      'spec.controller: Invalid value: "example.com/other": field is immutable',
    ]);
  });

  it("Namespace scope needs a namespace", () => {
    const ic = load(INGRESS_CLASS);
    ic.spec.parameters.scope = "Namespace";
    expect(admit(def("IngressClass"), ic).errors).toEqual(["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]);
  });
});

const ingressRule = (edit: (r: any) => void) => {
  const np = load(FULL_POLICY);
  edit(np.spec.ingress[0]);
  return np;
};

describe("NetworkPolicy rejects", () => {
  it.each<[string, any, string[]]>([
    ["bad CIDR", ingressRule((r) => (r.from[0].ipBlock.cidr = "172.17.0.0/33")), ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "172.17.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ["except outside cidr", ingressRule((r) => (r.from[0].ipBlock.except = ["10.0.0.0/24"])), ['spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`']],
    ["ipBlock with a selector", ingressRule((r) => (r.from[0].podSelector = {})), ["spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer"]],
    ["empty peer", ingressRule((r) => (r.from = [{}])), ["spec.ingress[0].from[0]: Required value: must specify a peer"]],
    ["endPort below port", ingressRule((r) => (r.ports = [{ port: 100, endPort: 50 }])), ["spec.ingress[0].ports[0].endPort: Invalid value: 100: must be greater than or equal to `port`"]],
    ["endPort with a named port", ingressRule((r) => (r.ports = [{ port: "http", endPort: 50 }])), ["spec.ingress[0].ports[0].endPort: Invalid value: 50: may not be specified when `port` is non-numeric"]],
    ["protocol", ingressRule((r) => (r.ports = [{ protocol: "ICMP" }])), ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"']],
  ])("%s", (_n, obj, expected) => {
    expect(admit(def("NetworkPolicy"), obj).errors).toEqual(expected);
  });

  it("policyTypes", () => {
    const np = load(DEFAULT_DENY);
    np.spec.policyTypes = ["Inbound"];
    expect(admit(def("NetworkPolicy"), np).errors).toEqual(['spec.policyTypes[0]: Unsupported value: "Inbound": supported values: "Ingress", "Egress"']);
  });
});

describe("networking/v1 KindDefs", () => {
  it.each([
    ["Ingress", "ingresses", ["ing"], true, true],
    ["IngressClass", "ingressclasses", undefined, false, undefined],
    ["NetworkPolicy", "networkpolicies", ["netpol"], true, undefined],
  ])("%s", (kind, resource, shortNames, namespaced, status) => {
    expect([def(kind).resource, def(kind).shortNames, def(kind).namespaced, def(kind).status]).toEqual([resource, shortNames, namespaced, status]);
  });
});
