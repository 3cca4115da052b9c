/**
 * The DefaultIngressClass admission plugin: the pure choice of the default class, and through the real Worker —
 * an Ingress naming no class gets the cluster's default (`kube-edge`, made at bootstrap), one naming a class
 * (field or annotation) keeps it, updates are never defaulted, and two default classes refuse the create.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../schema/types";
import { defaultIngressClass } from "../../../worker/admission/default-ingress-class";
import { ANN_DEFAULT_INGRESS_CLASS as IS_DEFAULT_INGRESS_CLASS } from "../../../worker/services/status/ingress";
import { del, freshNamespace, get, post, put } from "../api/client";
import { unique } from "../security/helpers";

const cls = (name: string, isDefault?: string): KubeObject => ({ metadata: { name, ...(isDefault === undefined ? {} : { annotations: { [IS_DEFAULT_INGRESS_CLASS]: isDefault } }) } });
const CLASSES = "/apis/networking.k8s.io/v1/ingressclasses";
const ingresses = (ns: string) => `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`;
const ingress = (name: string, extra: KubeObject = {}): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name, ...(extra.metadata ?? {}) },
  spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } }, ...(extra.spec ?? {}) },
});

describe("defaultIngressClass", () => {
  it.each<[string, KubeObject[], ReturnType<typeof defaultIngressClass>]>([
    ["no classes", [], { ok: true, name: undefined }],
    ["no default among them", [cls("a"), cls("b", "false")], { ok: true, name: undefined }],
    ["the one default", [cls("a"), cls("b", "true")], { ok: true, name: "b" }],
    ["only the exact string true counts", [cls("a", "True"), cls("b", "yes")], { ok: true, name: undefined }],
    ["two defaults", [cls("a", "true"), cls("b", "true")], { ok: false, forbidden: "Internal error occurred: 2 default IngressClasses were found, only 1 allowed" }],
  ])("%s", (_, classes, want) => expect(defaultIngressClass(classes)).toEqual(want));
});

describe("DefaultIngressClass through the API", () => {
  it("an Ingress without a class gets the default; a named class or the annotation is kept; updates are left alone", async () => {
    const ns = await freshNamespace("ing");
    const plain = await post(ingresses(ns), ingress("plain"));
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body.spec.ingressClassName).toBe("kube-edge");
    const named = await post(ingresses(ns), ingress("named", { spec: { ingressClassName: "other" } }));
    expect(named.body.spec.ingressClassName).toBe("other");
    const annotated = await post(ingresses(ns), ingress("annotated", { metadata: { annotations: { "kubernetes.io/ingress.class": "nginx" } } }));
    expect(annotated.status, annotated.text).toBe(201);
    expect(annotated.body.spec.ingressClassName).toBeUndefined();
    const updated = await put(`${ingresses(ns)}/annotated`, { ...annotated.body, metadata: { ...annotated.body.metadata, annotations: {} } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.spec.ingressClassName).toBeUndefined();
  });

  it("with two default classes, a create naming no class is forbidden and stores nothing", async () => {
    const ns = await freshNamespace("ing");
    const second = unique("second-default");
    expect((await post(CLASSES, { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: second, annotations: { [IS_DEFAULT_INGRESS_CLASS]: "true" } }, spec: { controller: "example.com/other" } })).status).toBe(201);
    try {
      const res = await post(ingresses(ns), ingress("refused"));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ kind: "Status", reason: "Forbidden", message: 'ingresses.networking.k8s.io "refused" is forbidden: Internal error occurred: 2 default IngressClasses were found, only 1 allowed' });
      expect((await get(`${ingresses(ns)}/refused`)).status).toBe(404);
      expect((await post(ingresses(ns), ingress("explicit", { spec: { ingressClassName: second } }))).status).toBe(201);
    } finally {
      await del(`${CLASSES}/${second}`);
    }
  });
});
