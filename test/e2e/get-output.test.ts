/**
 * kubectl reads against the real server: `get` in its output modes (Table, jsonpath, custom-columns,
 * sort, pagination, label columns), raw discovery and OpenAPI, `api-versions`, `cluster-info`, `explain`,
 * events and `describe` (KUBECTL.md §2, §3, §5, §12, §14).
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, json } = kc;

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** Five configmaps created in a shuffled order, each labelled `tier=t<n>` and holding `k: "<n>"`. */
async function fiveConfigMaps(ns: string): Promise<void> {
  for (const n of [3, 1, 5, 2, 4]) {
    await ok(["-n", ns, "create", "configmap", `c${n}`, `--from-literal=k=${n}`]);
    await ok(["-n", ns, "label", "configmap", `c${n}`, `tier=t${n}`]);
  }
}

describe("get", () => {
  it("get all lists every kind in the `all` category, one table per kind", async () => {
    const ns = await kc.namespace("all");
    await ok(["-n", ns, "run", "p", "--image=busybox", "--restart=Never"]);
    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx"]);
    await ok(["-n", ns, "create", "service", "clusterip", "web", "--tcp=80"]);
    await ok(["-n", ns, "create", "cronjob", "cj", "--image=busybox", "--schedule=@hourly"]);
    await ok(["-n", ns, "create", "configmap", "not-in-all"]);
    const out = await ok(["-n", ns, "get", "all"]);
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/p\s+0\/1\s+Pending\s+0\s+\S+$/m);
    expect(out).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nservice\/web\s+ClusterIP\s+/m);
    // The deployment controller has made its ReplicaSet by now or not (UP-TO-DATE 0 or 1); no pod is ready.
    expect(out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s+0\/1\s+[01]\s+0\s+/m);
    expect(out).toMatch(/^cronjob\.batch\/cj\s+@hourly\s+<none>\s+False\s+0\s+<none>\s+/m);
    expect(out).not.toContain("not-in-all");
  });

  it("get pods,cm -A prints a NAMESPACE column and kind-qualified names", async () => {
    const a = await kc.namespace("multi-a");
    const b = await kc.namespace("multi-b");
    await ok(["-n", a, "run", "pa", "--image=busybox", "--restart=Never"]);
    await ok(["-n", b, "create", "configmap", "cb", "--from-literal=x=1"]);
    const out = await ok(["get", "pods,cm", "-A"]);
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(out).toMatch(new RegExp(`^${a}\\s+pod/pa\\s+0/1\\s+Pending\\s+0\\s+`, "m"));
    expect(out).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE$/m);
    expect(out).toMatch(new RegExp(`^${b}\\s+configmap/cb\\s+1\\s+`, "m"));
  });

  it("-o jsonpath, -o custom-columns and --sort-by", async () => {
    const ns = await kc.namespace("fmt");
    await fiveConfigMaps(ns);
    // The namespace's own kube-root-ca.crt (no `k` data, no labels) is listed too, as upstream.
    expect(await ok(["-n", ns, "get", "cm", "-o", "jsonpath={.items[*].metadata.name}"])).toBe("c1 c2 c3 c4 c5 kube-root-ca.crt");
    expect(await ok(["-n", ns, "get", "cm", "c3", "-o", "jsonpath={.data.k}/{.metadata.labels.tier}"])).toBe("3/t3");
    expect(await ok(["-n", ns, "get", "cm", "-o", 'jsonpath={range .items[*]}{.metadata.name}={.data.k}{"\\n"}{end}'])).toBe(
      "c1=1\nc2=2\nc3=3\nc4=4\nc5=5\nkube-root-ca.crt=\n",
    );
    expect(await ok(["-n", ns, "get", "cm", "-o", "custom-columns=NAME:.metadata.name,K:.data.k,TIER:.metadata.labels.tier"])).toMatch(
      /^NAME\s+K\s+TIER\nc1\s+1\s+t1\nc2\s+2\s+t2\nc3\s+3\s+t3\nc4\s+4\s+t4\nc5\s+5\s+t5\nkube-root-ca\.crt\s+<none>\s+<none>\n$/,
    );
    // Sorting happens in kubectl over the full objects (includeObject=Object); creation order was 3,1,5,2,4.
    const byCreation = await ok(["-n", ns, "get", "cm", "--sort-by=.metadata.creationTimestamp", "-o", "name"]);
    expect(byCreation.trim().split("\n")).toHaveLength(6);
    const byName = await ok(["-n", ns, "get", "cm", "--sort-by=.metadata.name"]);
    expect(byName.trim().split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["NAME", "c1", "c2", "c3", "c4", "c5", "kube-root-ca.crt"]);
    const byKey = await ok(["-n", ns, "get", "cm", "--sort-by={.data.k}", "-o", "custom-columns=N:.metadata.name", "--no-headers"]);
    expect(byKey).toBe("kube-root-ca.crt\nc1\nc2\nc3\nc4\nc5\n");
  });

  it("--chunk-size=2 over 6 objects (5 + kube-root-ca.crt) pages with continue and prints one header", async () => {
    const ns = await kc.namespace("chunk");
    await fiveConfigMaps(ns);
    const res = await kc.run(["-n", ns, "get", "cm", "--chunk-size=2", "-v=6"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.match(/^NAME\s+DATA\s+AGE$/gm)).toHaveLength(1);
    expect(res.stdout.trim().split("\n").slice(1).map((l) => l.split(/\s+/)[0])).toEqual(["c1", "c2", "c3", "c4", "c5", "kube-root-ca.crt"]);
    const lists = res.stderr.split("\n").filter((l) => l.includes(`/namespaces/${ns}/configmaps?`) && l.includes("limit=2"));
    expect(lists).toHaveLength(3);
    expect(lists.filter((l) => l.includes("continue="))).toHaveLength(2);
    expect(await ok(["-n", ns, "get", "cm", "--chunk-size=2", "-o", "name"])).toBe(
      "configmap/c1\nconfigmap/c2\nconfigmap/c3\nconfigmap/c4\nconfigmap/c5\nconfigmap/kube-root-ca.crt\n",
    );
  });

  it("-L label and --show-labels add label columns from the Table rows' objects", async () => {
    const ns = await kc.namespace("labels");
    await fiveConfigMaps(ns);
    await ok(["-n", ns, "label", "cm", "c1", "team=blue"]);
    const withL = await ok(["-n", ns, "get", "cm", "-L", "tier", "-L", "team"]);
    expect(withL).toMatch(/^NAME\s+DATA\s+AGE\s+TIER\s+TEAM$/m);
    expect(withL).toMatch(/^c1\s+1\s+\S+\s+t1\s+blue$/m);
    expect(withL).toMatch(/^c2\s+1\s+\S+\s+t2\s*$/m);
    const shown = await ok(["-n", ns, "get", "cm", "--show-labels", "-l", "tier in (t1,t2)"]);
    expect(shown).toMatch(/^NAME\s+DATA\s+AGE\s+LABELS$/m);
    expect(shown).toMatch(/^c1\s+1\s+\S+\s+team=blue,tier=t1$/m);
    expect(shown).toMatch(/^c2\s+1\s+\S+\s+tier=t2$/m);
    expect(shown).not.toContain("c3");
  });
});

describe("discovery, OpenAPI, cluster-info", () => {
  it("get --raw of the legacy discovery documents", async () => {
    const api = JSON.parse(await ok(["get", "--raw", "/api"]));
    expect(api).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const apis = JSON.parse(await ok(["get", "--raw", "/apis"]));
    expect(apis.kind).toBe("APIGroupList");
    const groups = apis.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(["apps", "batch", "rbac.authorization.k8s.io", "authorization.k8s.io", "authentication.k8s.io"]));
    const core = JSON.parse(await ok(["get", "--raw", "/api/v1"]));
    expect(core).toMatchObject({ kind: "APIResourceList", groupVersion: "v1" });
    const pods = core.resources.find((r: { name: string }) => r.name === "pods");
    expect(pods).toMatchObject({ singularName: "pod", namespaced: true, kind: "Pod", shortNames: ["po"], categories: ["all"] });
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(["pods/status", "namespaces/status"]));
    const apps = JSON.parse(await ok(["get", "--raw", "/apis/apps/v1"]));
    expect(apps.resources.find((r: { name: string }) => r.name === "deployments/scale")).toMatchObject({ group: "autoscaling", version: "v1", kind: "Scale" });
  });

  it("aggregated discovery answers with the apidiscovery content type", async () => {
    const res = await kc.server().fetch("/apis", {
      headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" },
    });
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^application\/json;\s*g=apidiscovery\.k8s\.io;\s*v=v2;\s*as=APIGroupDiscoveryList/);
    const batch = JSON.parse(res.body).items.find((g: { metadata: { name: string } }) => g.metadata.name === "batch");
    const cronjobs = batch.versions[0].resources.find((r: { resource: string }) => r.resource === "cronjobs");
    expect(cronjobs).toMatchObject({ responseKind: { group: "batch", version: "v1", kind: "CronJob" }, scope: "Namespaced", shortNames: ["cj"] });
  });

  it("get --raw of the OpenAPI v3 root and a group-version document", async () => {
    const root = JSON.parse(await ok(["get", "--raw", "/openapi/v3"]));
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(["api/v1", "apis/apps/v1", "apis/batch/v1"]));
    const url: string = root.paths["apis/batch/v1"].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/batch\/v1\?hash=[0-9A-F]{128}$/);
    const doc = JSON.parse(await ok(["get", "--raw", url]));
    expect(doc.openapi).toMatch(/^3\./);
    const cronJob = doc.components.schemas["io.k8s.api.batch.v1.CronJob"];
    expect(cronJob["x-kubernetes-group-version-kind"]).toEqual([{ group: "batch", kind: "CronJob", version: "v1" }]);
    const patch = doc.paths["/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}"].patch;
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "batch", kind: "CronJob", version: "v1" });
    const params = [...(doc.paths["/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}"].parameters ?? []), ...(patch.parameters ?? [])];
    expect(params.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref).join(" ")).toContain("fieldValidation");
  });

  it("api-versions and cluster-info", async () => {
    const versions = (await ok(["api-versions"])).trim().split("\n");
    expect(versions).toEqual([...versions].sort());
    expect(versions).toEqual(
      expect.arrayContaining(["v1", "apps/v1", "batch/v1", "policy/v1", "rbac.authorization.k8s.io/v1", "networking.k8s.io/v1", "scheduling.k8s.io/v1"]),
    );
    const info = await ok(["cluster-info"]);
    expect(info).toContain(`Kubernetes control plane is running at ${kc.server().url}`);
  });

  it("explain fields, nested types and --recursive", async () => {
    const containers = await ok(["explain", "pod.spec.containers"]);
    expect(containers).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>/);
    expect(containers).toMatch(/^FIELDS:$/m);
    expect(containers).toMatch(/^ {2}image\t<string>$/m);
    expect(containers).toMatch(/^ {2}name\t<string> -required-$/m);
    const spec = await ok(["explain", "service.spec"]);
    expect(spec).toMatch(/^FIELD: spec <ServiceSpec>$/m);
    expect(spec).toMatch(/^ {2}ports\t<\[\]ServicePort>$/m);
    expect(spec).toMatch(/^ {2}type\t<string>/m);
    const schedule = await ok(["explain", "cronjob.spec.schedule"]);
    expect(schedule).toMatch(/^GROUP:\s+batch\nKIND:\s+CronJob\nVERSION:\s+v1\n\nFIELD: schedule <string>/);
    expect(schedule).toMatch(/^DESCRIPTION:\n\s+\S/m);
    const recursive = await ok(["explain", "cronjob.spec", "--recursive"]);
    expect(recursive).toMatch(/^ {2}schedule\t<string> -required-$/m);
    expect(recursive).toMatch(/^ {2}jobTemplate\t<JobTemplateSpec> -required-$/m);
    expect(recursive).toMatch(/^ {10}containers\t<\[\]Container> -required-$/m);
    const containersRecursive = await ok(["explain", "pod.spec.containers", "--recursive"]);
    expect(containersRecursive).toMatch(/^ {2}env\t<\[\]EnvVar>\n {4}name\t<string> -required-$/m);
    const missing = await kc.fail(["explain", "pod.spec.nope"]);
    expect(missing.stderr).toContain('field "nope" does not exist');
  });
});

describe("events and describe", () => {
  it("get events and describe pod show an Event about the pod", async () => {
    const ns = await kc.namespace("events");
    await ok(["-n", ns, "run", "web", "--image=nginx", "--restart=Never", "--labels=app=web"]);
    const pod = await json(["-n", ns, "get", "pod", "web"]);
    const now = rfc3339(new Date());
    const event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "web.e2e" },
      involvedObject: { apiVersion: "v1", kind: "Pod", name: "web", namespace: ns, uid: pod.metadata.uid },
      reason: "Testing",
      message: "hello from e2e",
      type: "Warning",
      source: { component: "e2e" },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 3,
    };
    expect(await ok(["-n", ns, "create", "-f", "-"], { stdin: JSON.stringify(event) })).toBe("event/web.e2e created\n");
    const events = await ok(["-n", ns, "get", "events"]);
    expect(events).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    expect(events).toMatch(/^\S+\s+Warning\s+Testing\s+pod\/web\s+hello from e2e$/m);
    expect(await ok(["-n", ns, "get", "events", "--field-selector", "involvedObject.name=web,reason=Testing", "-o", "name"])).toBe("event/web.e2e\n");

    const described = await ok(["-n", ns, "describe", "pod", "web"]);
    expect(described).toMatch(/^Name:\s+web$/m);
    expect(described).toMatch(new RegExp(`^Namespace:\\s+${ns}$`, "m"));
    expect(described).toMatch(/^Labels:\s+app=web$/m);
    expect(described).toMatch(/^Status:\s+Pending$/m);
    expect(described).toMatch(/^ {4}Image:\s+nginx$/m);
    expect(described).toMatch(/^QoS Class:\s+BestEffort$/m);
    expect(described).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/m);
    expect(described).toMatch(/^\s+Warning\s+Testing\s+\S+ \(x3 over \S+\)\s+e2e\s+hello from e2e$/m);
  });

  it("describe configmap and describe namespace", async () => {
    const ns = await kc.namespace("describe");
    await ok(["-n", ns, "create", "configmap", "cfg", "--from-literal=color=blue"]);
    await ok(["-n", ns, "annotate", "configmap", "cfg", "owner=e2e"]);
    await ok(["-n", ns, "create", "quota", "q", "--hard=pods=10"]);
    const cm = await ok(["-n", ns, "describe", "configmap", "cfg"]);
    expect(cm).toMatch(/^Name:\s+cfg$/m);
    expect(cm).toMatch(/^Annotations:\s+owner: e2e$/m);
    expect(cm).toMatch(/^Data\n====\ncolor:\n----\nblue\n/m);
    const described = await ok(["describe", "namespace", ns]);
    expect(described).toMatch(new RegExp(`^Name:\\s+${ns}$`, "m"));
    expect(described).toMatch(new RegExp(`^Labels:\\s+kubernetes.io/metadata.name=${ns}$`, "m"));
    expect(described).toMatch(/^Status:\s+Active$/m);
    expect(described).toMatch(/^Resource Quotas\n\s+Name:\s+q\n/m);
    expect(described).toContain("No LimitRange resource.");
  });
});
