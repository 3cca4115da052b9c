/**
 * Admission plugins seen through the real kubectl: a new namespace's default ServiceAccount, the projected
 * API-access volume and default tolerations of `kubectl run` pods, LimitRange defaults and bounds, and the
 * immortal namespaces.
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, fail, json } = kc;

describe("admission with kubectl", () => {
  it("kubectl create ns x; kubectl get sa default -n x", async () => {
    const ns = await kc.namespace("adm");
    const out = await ok(["get", "sa", "default", "-n", ns]);
    expect(out).toMatch(/^NAME\s+SECRETS\s+AGE\n/);
    expect(out).toMatch(/\ndefault\s+0\s+\S+\n/);
  });

  it("kubectl run: the pod shows the service account, its projected volume and the default tolerations", async () => {
    const ns = await kc.namespace("adm");
    await ok(["run", "web", "--image=nginx:1.27", "-n", ns]);
    const yaml = await ok(["get", "pod", "web", "-n", ns, "-o", "yaml"]);
    expect(yaml).toContain("serviceAccountName: default");
    expect(yaml).toMatch(/- name: kube-api-access-[a-z0-9]{5}\n\s+projected:\n\s+defaultMode: 420\n/);
    expect(yaml).toContain("expirationSeconds: 3607");
    expect(yaml).toContain("mountPath: /var/run/secrets/kubernetes.io/serviceaccount");
    const pod = await json(["get", "pod", "web", "-n", ns]);
    const volume = pod.spec.volumes.find((v: { name: string }) => v.name.startsWith("kube-api-access-"));
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }]);
    expect(pod.spec.tolerations.map((t: { key: string }) => t.key)).toEqual(["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]);
  });

  it("a pod that opts out of automounting has no volume", async () => {
    const ns = await kc.namespace("adm");
    await ok(["run", "quiet", "--image=nginx:1.27", "-n", ns, "--overrides", JSON.stringify({ spec: { automountServiceAccountToken: false } })]);
    const pod = await json(["get", "pod", "quiet", "-n", ns]);
    expect(pod.spec.volumes).toBeUndefined();
  });

  it("LimitRange defaults and bounds", async () => {
    const ns = await kc.namespace("adm");
    await ok(["apply", "-n", ns, "-f", "-"], {
      stdin: `apiVersion: v1
kind: LimitRange
metadata:
  name: limits
spec:
  limits:
  - type: Container
    min:
      cpu: 100m
    defaultRequest:
      cpu: 200m
    default:
      cpu: 500m
`,
    });
    await ok(["run", "sized", "--image=nginx:1.27", "-n", ns]);
    const pod = await json(["get", "pod", "sized", "-n", ns]);
    expect(pod.spec.containers[0].resources).toEqual({ requests: { cpu: "200m" }, limits: { cpu: "500m" } });
    expect(pod.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu request for container sized; cpu limit for container sized");
    const small = await fail(["run", "small", "--image=nginx:1.27", "-n", ns, "--overrides", JSON.stringify({
      spec: { containers: [{ name: "small", image: "nginx:1.27", resources: { requests: { cpu: "50m" } } }] },
    })]);
    expect(small.stderr).toContain('Error from server (Forbidden): pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m');
  });

  it("kubectl delete ns default is refused", async () => {
    const res = await fail(["delete", "ns", "default"]);
    expect(res.stderr.trim()).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
    expect((await json(["get", "ns", "default"])).status.phase).toBe("Active");
  });

  it("a create in a missing namespace is NotFound", async () => {
    const res = await fail(["create", "configmap", "x", "-n", "no-such-namespace"]);
    expect(res.stderr.trim()).toBe('error: failed to create configmap: namespaces "no-such-namespace" not found');
  });
});
