/** Ingress routing of the kube-edge class (worker/edge/ingress-rules.ts): class, host, path and default backend. */
import { describe, expect, it } from "vitest";
import { isEdgeIngress, pathMatchLength, routeIngress, type IngressLike } from "../../../worker/edge/ingress-rules";

describe("pathMatchLength", () => {
  it.each([
    ["Prefix", "/", "/anything", true],
    ["Prefix", "/foo", "/foo", true],
    ["Prefix", "/foo", "/foo/", true],
    ["Prefix", "/foo", "/foo/bar", true],
    ["Prefix", "/foo", "/foobar", false],
    ["Prefix", "/foo/", "/foo", true],
    ["Prefix", "/aaa/bbb", "/aaa/bbbxyz", false],
    ["Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true],
    ["Prefix", "/aaa/bbb/", "/aaa/bbb", true],
    ["Exact", "/foo", "/foo", true],
    ["Exact", "/foo", "/foo/", false],
    ["Exact", "/foo", "/bar", false],
    ["ImplementationSpecific", "/foo", "/foo/x", true],
    ["ImplementationSpecific", "", "/x", true],
  ])("%s %s vs %s → %s", (type, rule, path, matches) => expect(pathMatchLength(type, rule, path) !== undefined).toBe(matches));
});

describe("isEdgeIngress", () => {
  const ing = (cls?: string, legacy?: string): IngressLike => ({ metadata: { name: "i", annotations: legacy ? { "kubernetes.io/ingress.class": legacy } : undefined }, spec: { ingressClassName: cls } });
  const cls = (name: string, controller: string, isDefault = false) => ({ metadata: { name, annotations: isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : {} }, spec: { controller } });
  const edgeDefault = [cls("kube-edge", "kube-edge.dev/ingress", true), cls("nginx", "k8s.io/ingress-nginx")];
  const nginxDefault = [cls("kube-edge", "kube-edge.dev/ingress"), cls("nginx", "k8s.io/ingress-nginx", true)];
  it.each([
    [ing("kube-edge"), nginxDefault, true],
    [ing("nginx"), edgeDefault, false],
    [ing("missing"), edgeDefault, false],
    [ing(), edgeDefault, true],
    [ing(), nginxDefault, false],
    [ing(undefined, "kube-edge"), nginxDefault, true],
    [ing(undefined, "nginx"), edgeDefault, false],
    [ing("other-edge"), [cls("other-edge", "kube-edge.dev/ingress")], true],
  ])("%o with classes %j → %s", (i, classes, want) => expect(isEdgeIngress(i, classes)).toBe(want));
});

const svc = (name: string, port: number | string = 80) => ({ service: { name, port: typeof port === "number" ? { number: port } : { name: port } } });
const path = (p: string, pathType: string, backend: ReturnType<typeof svc>) => ({ path: p, pathType, backend });

const ingresses: IngressLike[] = [
  {
    metadata: { name: "shop", namespace: "a", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      rules: [
        { host: "shop.example.com", http: { paths: [path("/", "Prefix", svc("front")), path("/api", "Prefix", svc("api", "http")), path("/api", "Exact", svc("api-exact")), path("/api/v2", "Prefix", svc("api-v2", 8080))] } },
        { host: "*.example.com", http: { paths: [path("/", "Prefix", svc("wild"))] } },
      ],
    },
  },
  {
    metadata: { name: "later", namespace: "b", creationTimestamp: "2024-02-01T00:00:00Z" },
    spec: {
      defaultBackend: svc("fallback-b"),
      rules: [
        { host: "shop.example.com", http: { paths: [path("/", "Prefix", svc("front-b")), path("/cart", "Prefix", svc("cart"))] } },
        { http: { paths: [path("/status", "Exact", svc("status"))] } },
      ],
    },
  },
  { metadata: { name: "res", namespace: "c", creationTimestamp: "2024-03-01T00:00:00Z" }, spec: { rules: [{ host: "bucket.example.org", http: { paths: [{ path: "/", pathType: "Prefix", backend: { resource: { apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static" } } }] } }] } },
];

describe("routeIngress", () => {
  it.each([
    ["shop.example.com", "/", "a", "front", 80],
    ["shop.example.com", "/index.html", "a", "front", 80],
    ["shop.example.com", "/api", "a", "api-exact", 80],
    ["shop.example.com", "/api/", "a", "api", "http"],
    ["shop.example.com", "/api/x", "a", "api", "http"],
    ["shop.example.com", "/api/v2/y", "a", "api-v2", 8080],
    ["shop.example.com", "/apix", "a", "front", 80],
    ["shop.example.com", "/cart/1", "b", "cart", 80],
    ["www.example.com", "/anything", "a", "wild", 80],
    ["ingress.lb.localhost", "/status", "b", "status", 80],
    ["ingress.lb.localhost", "/other", "b", "fallback-b", 80],
    ["deep.www.example.com", "/", "b", "fallback-b", 80],
  ])("%s%s → %s/%s:%s", (host, p, namespace, name, port) => {
    expect(routeIngress(ingresses, host, p)).toMatchObject({ kind: "backend", backend: { kind: "service", namespace, name, port } });
  });

  it("the oldest Ingress wins at an equal path", () => {
    expect(routeIngress(ingresses, "shop.example.com", "/x")).toMatchObject({ ingress: { namespace: "a", name: "shop" } });
  });

  it("a resource backend is reported as such", () => {
    expect(routeIngress(ingresses, "bucket.example.org", "/a")).toEqual({ kind: "backend", ingress: { namespace: "c", name: "res" }, backend: { kind: "resource", namespace: "c", ingress: "res", resource: "StorageBucket.k8s.example.com/static" } });
  });

  it("no rule and no default backend: not found", () => {
    expect(routeIngress(ingresses.slice(0, 1), "ingress.lb.localhost", "/")).toMatchObject({ kind: "notFound" });
    expect(routeIngress([], "shop.example.com", "/")).toMatchObject({ kind: "notFound" });
  });
});
