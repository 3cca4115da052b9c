/**
 * kubectl's `create <kind>` subcommands, `run` and `expose` against the real server. The create subcommands
 * go through client-go's typed clients and POST protobuf bodies (KUBECTL.md §4); `run` and `expose` POST
 * JSON. Each test checks what kubectl prints and the object the server stored (`-o json`), against what
 * kube-apiserver 1.32 stores for the same command (defaults from each kind's SetDefaults_* and strategy).
 */
import { describe, expect, it } from "vitest";
// @ts-ignore -- plain .mjs node script (typed with JSDoc), shared with `npm start`
import { ensureCerts } from "../../scripts/certs.mjs";
import { useKubectlServer, type Json } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, json } = kc;

const b64 = (s: string) => Buffer.from(s, "base64").toString("utf8");
/** Managers of the main resource (the controllers' and the scheduler's status writes are theirs, as upstream). */
const managers = (obj: Json): string[] => (obj.metadata.managedFields ?? []).filter((m: Json) => !m.subresource).map((m: Json) => m.manager);

describe("create namespace, secrets, serviceaccount", () => {
  it("create namespace stores the name label, the kubernetes finalizer and phase Active", async () => {
    const name = `ns-${Date.now().toString(36)}`;
    expect(await ok(["create", "namespace", name])).toBe(`namespace/${name} created\n`);
    const ns = await json(["get", "namespace", name, "--show-managed-fields"]);
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": name });
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(ns.status).toEqual({ phase: "Active" });
    expect(managers(ns)).toContain("kubectl-create");
  });

  it("create secret generic | tls | docker-registry", async () => {
    const ns = await kc.namespace("secrets");
    const { certPath, keyPath } = (await ensureCerts()) as { certPath: string; keyPath: string };
    expect(await ok(["-n", ns, "create", "secret", "generic", "gen", "--from-literal=user=admin", "--from-literal=pass=s3cr3t"])).toBe(
      "secret/gen created\n",
    );
    expect(await ok(["-n", ns, "create", "secret", "tls", "tls", `--cert=${certPath}`, `--key=${keyPath}`])).toBe("secret/tls created\n");
    expect(
      await ok(["-n", ns, "create", "secret", "docker-registry", "reg", "--docker-server=registry.example.com", "--docker-username=u", "--docker-password=p", "--docker-email=u@example.com"]),
    ).toBe("secret/reg created\n");

    const gen = await json(["-n", ns, "get", "secret", "gen"]);
    expect(gen.type).toBe("Opaque");
    expect(b64(gen.data.user)).toBe("admin");
    expect(b64(gen.data.pass)).toBe("s3cr3t");

    const tls = await json(["-n", ns, "get", "secret", "tls"]);
    expect(tls.type).toBe("kubernetes.io/tls");
    expect(Object.keys(tls.data).sort()).toEqual(["tls.crt", "tls.key"]);
    expect(b64(tls.data["tls.crt"])).toContain("-----BEGIN CERTIFICATE-----");

    const reg = await json(["-n", ns, "get", "secret", "reg"]);
    expect(reg.type).toBe("kubernetes.io/dockerconfigjson");
    expect(JSON.parse(b64(reg.data[".dockerconfigjson"]))).toEqual({
      auths: { "registry.example.com": { username: "u", password: "p", email: "u@example.com", auth: Buffer.from("u:p").toString("base64") } },
    });

    const table = await ok(["-n", ns, "get", "secrets"]);
    expect(table).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE$/m);
    expect(table).toMatch(/^reg\s+kubernetes\.io\/dockerconfigjson\s+1\s+/m);
    expect(table).toMatch(/^tls\s+kubernetes\.io\/tls\s+2\s+/m);
  });

  it("create serviceaccount", async () => {
    const ns = await kc.namespace("sa");
    expect(await ok(["-n", ns, "create", "serviceaccount", "robot"])).toBe("serviceaccount/robot created\n");
    const sa = await json(["-n", ns, "get", "serviceaccount", "robot", "--show-managed-fields"]);
    expect(sa.metadata.name).toBe("robot");
    expect(sa.metadata.namespace).toBe(ns);
    // Only name/namespace were set, which field management ignores; upstream drops empty managedFields entries.
    expect(managers(sa)).toEqual([]);
    expect(await ok(["-n", ns, "get", "serviceaccounts"])).toMatch(/^robot\s+0\s+\S+$/m);
  });
});

describe("create service", () => {
  it("clusterip, headless, nodeport, loadbalancer, externalname", async () => {
    const ns = await kc.namespace("svc");
    expect(await ok(["-n", ns, "create", "service", "clusterip", "ci", "--tcp=80:8080"])).toBe("service/ci created\n");
    expect(await ok(["-n", ns, "create", "service", "clusterip", "headless", "--clusterip=None"])).toBe("service/headless created\n");
    expect(await ok(["-n", ns, "create", "service", "nodeport", "np", "--tcp=80:8080", "--node-port=30080"])).toBe("service/np created\n");
    expect(await ok(["-n", ns, "create", "service", "loadbalancer", "lb", "--tcp=443:8443"])).toBe("service/lb created\n");
    expect(await ok(["-n", ns, "create", "service", "externalname", "ext", "--external-name=example.com"])).toBe("service/ext created\n");

    const ci = await json(["-n", ns, "get", "service", "ci"]);
    expect(ci.metadata.labels).toEqual({ app: "ci" });
    expect(ci.spec).toMatchObject({
      type: "ClusterIP",
      selector: { app: "ci" },
      ports: [{ name: "80-8080", port: 80, targetPort: 8080, protocol: "TCP" }],
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    });
    const headless = await json(["-n", ns, "get", "service", "headless"]);
    expect(headless.spec.clusterIP).toBe("None");
    expect(headless.spec.clusterIPs).toEqual(["None"]);
    const np = await json(["-n", ns, "get", "service", "np"]);
    expect(np.spec).toMatchObject({ type: "NodePort", externalTrafficPolicy: "Cluster", ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });
    const lb = await json(["-n", ns, "get", "service", "lb"]);
    expect(lb.spec).toMatchObject({ type: "LoadBalancer", allocateLoadBalancerNodePorts: true, ports: [{ port: 443, targetPort: 8443 }] });
    const ext = await json(["-n", ns, "get", "service", "ext"]);
    expect(ext.spec).toMatchObject({ type: "ExternalName", externalName: "example.com" });
    expect(ext.spec.clusterIP).toBeUndefined();

    const table = await ok(["-n", ns, "get", "services"]);
    expect(table).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    expect(table).toMatch(/^ext\s+ExternalName\s+\S+\s+example\.com\s+<none>\s+/m);
    expect(table).toMatch(/^headless\s+ClusterIP\s+None\s+<none>\s+<none>\s+/m);
    // EXTERNAL-IP: <pending> until the service controller has set the edge hostname.
    expect(table).toMatch(new RegExp(`^lb\\s+LoadBalancer\\s+10\\.\\S+\\s+(<pending>|lb-${ns}\\.lb\\.localhost)\\s+443:3\\d{4}/TCP\\s+`, "m"));
    expect(table).toMatch(/^np\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP\s+/m);
  });

  // Upstream's Service REST storage allocates spec.clusterIP/clusterIPs from the service CIDR for every
  // non-headless, non-ExternalName Service, and a nodePort (30000-32767) for NodePort and for LoadBalancer
  // with allocateLoadBalancerNodePorts (pkg/registry/core/service/storage: allocateCreate).
  it("create service allocates spec.clusterIP(s) and node ports", async () => {
    const ns = await kc.namespace("svcalloc");
    await ok(["-n", ns, "create", "service", "clusterip", "ci", "--tcp=80"]);
    await ok(["-n", ns, "create", "service", "nodeport", "np", "--tcp=80"]);
    await ok(["-n", ns, "create", "service", "loadbalancer", "lb", "--tcp=80"]);
    for (const name of ["ci", "np", "lb"]) {
      const svc = await json(["-n", ns, "get", "service", name]);
      expect(svc.spec.clusterIP, name).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(svc.spec.clusterIPs, name).toEqual([svc.spec.clusterIP]);
      if (name !== "ci") {
        expect(svc.spec.ports[0].nodePort, name).toBeGreaterThanOrEqual(30000);
        expect(svc.spec.ports[0].nodePort, name).toBeLessThanOrEqual(32767);
      }
    }
  });
});

describe("create job and cronjob", () => {
  it("create cronjob, create job, create job --from=cronjob", async () => {
    const ns = await kc.namespace("batch");
    expect(await ok(["-n", ns, "create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "echo", "tick"])).toBe(
      "cronjob.batch/tick created\n",
    );
    expect(await ok(["-n", ns, "create", "job", "once", "--image=busybox", "--", "echo", "once"])).toBe("job.batch/once created\n");
    expect(await ok(["-n", ns, "create", "job", "manual", "--from=cronjob/tick"])).toBe("job.batch/manual created\n");

    const cj = await json(["-n", ns, "get", "cronjob", "tick"]);
    expect(cj.spec).toMatchObject({ schedule: "*/5 * * * *", concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec.containers[0]).toMatchObject({ name: "tick", image: "busybox", command: ["echo", "tick"] });
    expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe("OnFailure");

    const job = await json(["-n", ns, "get", "job", "once"]);
    const uid = job.metadata.uid;
    expect(job.spec).toMatchObject({ backoffLimit: 6, completions: 1, parallelism: 1, completionMode: "NonIndexed", suspend: false });
    expect(job.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": uid } });
    expect(job.spec.template.metadata.labels).toMatchObject({ "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "once" });
    expect(job.spec.template.spec.restartPolicy).toBe("Never");

    const manual = await json(["-n", ns, "get", "job", "manual"]);
    expect(manual.metadata.annotations).toEqual({ "cronjob.kubernetes.io/instantiate": "manual" });
    expect(manual.metadata.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "CronJob", name: "tick", uid: cj.metadata.uid, controller: true }]);
    expect(manual.spec.template.spec.containers[0]).toMatchObject({ name: "tick", command: ["echo", "tick"] });

    const table = await ok(["-n", ns, "get", "cronjobs,jobs"]);
    expect(table).toMatch(/^cronjob\.batch\/tick\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+/m);
    expect(table).toMatch(/^job\.batch\/once\s+Running\s+0\/1\s+/m);
  });
});

describe("create rbac objects", () => {
  it("create role, clusterrole, rolebinding, clusterrolebinding", async () => {
    const ns = await kc.namespace("rbac");
    const suffix = ns.replace(/^rbac-/, "");
    expect(await ok(["-n", ns, "create", "role", "reader", "--verb=get,list", "--resource=pods,deployments.apps", "--resource-name=web"])).toBe(
      "role.rbac.authorization.k8s.io/reader created\n",
    );
    expect(await ok(["create", "clusterrole", `nodes-${suffix}`, "--verb=get", "--resource=nodes", "--non-resource-url=/logs"])).toBe(
      `clusterrole.rbac.authorization.k8s.io/nodes-${suffix} created\n`,
    );
    await ok(["create", "clusterrole", `agg-${suffix}`, "--aggregation-rule=example.com/aggregate=true"]);
    expect(await ok(["-n", ns, "create", "rolebinding", "rb", "--role=reader", "--user=alice", "--group=devs", `--serviceaccount=${ns}:default`])).toBe(
      "rolebinding.rbac.authorization.k8s.io/rb created\n",
    );
    expect(await ok(["create", "clusterrolebinding", `crb-${suffix}`, `--clusterrole=nodes-${suffix}`, "--user=bob"])).toBe(
      `clusterrolebinding.rbac.authorization.k8s.io/crb-${suffix} created\n`,
    );

    expect((await json(["-n", ns, "get", "role", "reader"])).rules).toEqual([
      { apiGroups: [""], resources: ["pods"], resourceNames: ["web"], verbs: ["get", "list"] },
      { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["get", "list"] },
    ]);
    expect((await json(["get", "clusterrole", `nodes-${suffix}`])).rules).toEqual([
      { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
      { nonResourceURLs: ["/logs"], verbs: ["get"] },
    ]);
    expect((await json(["get", "clusterrole", `agg-${suffix}`])).aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate": "true" } }],
    });
    const rb = await json(["-n", ns, "get", "rolebinding", "rb"]);
    expect(rb.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" });
    expect(rb.subjects).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "alice" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "devs" },
      { apiGroup: "", kind: "ServiceAccount", name: "default", namespace: ns },
    ]);
    const crb = await json(["get", "clusterrolebinding", `crb-${suffix}`]);
    expect(crb.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `nodes-${suffix}` });

    expect(await ok(["-n", ns, "get", "rolebinding", "-o", "wide"])).toMatch(/^rb\s+Role\/reader\s+\S+\s+alice\s+devs\s+\S+\/default$/m);
  });
});

describe("create quota, priorityclass, poddisruptionbudget, ingress", () => {
  it("stores each with kubectl's fields and upstream defaults", async () => {
    const ns = await kc.namespace("policy");
    const pc = `pc-${ns}`;
    expect(await ok(["-n", ns, "create", "quota", "q", "--hard=cpu=1,memory=1G,pods=10", "--scopes=BestEffort"])).toBe("resourcequota/q created\n");
    expect(await ok(["create", "priorityclass", pc, "--value=1000", "--description=high", "--preemption-policy=Never"])).toBe(
      `priorityclass.scheduling.k8s.io/${pc} created\n`,
    );
    expect(await ok(["-n", ns, "create", "poddisruptionbudget", "min", "--selector=app=web", "--min-available=1"])).toBe(
      "poddisruptionbudget.policy/min created\n",
    );
    await ok(["-n", ns, "create", "pdb", "max", "--selector=app=web", "--max-unavailable=50%"]);
    expect(
      await ok(["-n", ns, "create", "ingress", "ing", "--class=nginx", "--rule=foo.com/bar*=svc1:8080,tls=my-cert", "--default-backend=defsvc:http", "--annotation=a=b"]),
    ).toBe("ingress.networking.k8s.io/ing created\n");

    const quota = await json(["-n", ns, "get", "quota", "q"]);
    expect(quota.spec).toEqual({ hard: { cpu: "1", memory: "1G", pods: "10" }, scopes: ["BestEffort"] });
    const prio = await json(["get", "priorityclass", pc]);
    expect(prio).toMatchObject({ value: 1000, description: "high", preemptionPolicy: "Never" });
    expect(prio.globalDefault ?? false).toBe(false);
    expect((await json(["-n", ns, "get", "pdb", "min"])).spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    expect((await json(["-n", ns, "get", "pdb", "max"])).spec).toEqual({ maxUnavailable: "50%", selector: { matchLabels: { app: "web" } } });
    const ing = await json(["-n", ns, "get", "ingress", "ing"]);
    expect(ing.metadata.annotations).toEqual({ a: "b" });
    expect(ing.spec).toEqual({
      ingressClassName: "nginx",
      defaultBackend: { service: { name: "defsvc", port: { name: "http" } } },
      rules: [{ host: "foo.com", http: { paths: [{ path: "/bar", pathType: "Prefix", backend: { service: { name: "svc1", port: { number: 8080 } } } }] } }],
      tls: [{ hosts: ["foo.com"], secretName: "my-cert" }],
    });

    expect(await ok(["-n", ns, "get", "pdb"])).toMatch(/^max\s+N\/A\s+50%\s+0\s+/m);
    expect(await ok(["-n", ns, "get", "ingress"])).toMatch(/^ing\s+nginx\s+foo\.com\s+80, 443\s+/m);
  });
});

describe("create deployment, run, expose", () => {
  it("create deployment with several --image gives one container per image, named after it", async () => {
    const ns = await kc.namespace("deploy");
    expect(await ok(["-n", ns, "create", "deployment", "multi", "--image=nginx:1.27", "--image=redis", "--replicas=3", "--port=80"])).toBe(
      "deployment.apps/multi created\n",
    );
    const d = await json(["-n", ns, "get", "deployment", "multi", "--show-managed-fields"]);
    expect(d.metadata.labels).toEqual({ app: "multi" });
    expect(d.metadata.generation).toBe(1);
    expect(managers(d)).toEqual(["kubectl-create"]);
    expect(d.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: "multi" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    });
    const containers = d.spec.template.spec.containers;
    expect(containers.map((c: Json) => [c.name, c.image])).toEqual([
      ["nginx", "nginx:1.27"],
      ["redis", "redis"],
    ]);
    expect(containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    expect(containers[0].imagePullPolicy).toBe("IfNotPresent");
    expect(containers[1].imagePullPolicy).toBe("Always"); // no tag → :latest → Always (SetDefaults_Container)
    expect(d.spec.template.spec).toMatchObject({ restartPolicy: "Always", dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30 });
    expect(await ok(["-n", ns, "get", "deployment", "multi", "-o", "wide"])).toMatch(/^multi\s+0\/3\s+[0-3]\s+0\s+\S+\s+nginx,redis\s+nginx:1\.27,redis\s+app=multi$/m);
  });

  it("run a --restart=Never pod, then expose a deployment", async () => {
    const ns = await kc.namespace("run");
    expect(await ok(["-n", ns, "run", "once", "--image=busybox", "--restart=Never", "--labels=app=once", "--env=A=1", "--", "sleep", "100"])).toBe(
      "pod/once created\n",
    );
    const pod = await json(["-n", ns, "get", "pod", "once", "--show-managed-fields"]);
    expect(managers(pod)).toEqual(["kubectl-run"]);
    expect(pod.metadata.labels).toEqual({ app: "once" });
    expect(pod.spec.restartPolicy).toBe("Never");
    expect(pod.spec.containers).toEqual([
      expect.objectContaining({ name: "once", image: "busybox", args: ["sleep", "100"], env: [{ name: "A", value: "1" }] }),
    ]);
    expect(pod.status).toMatchObject({ phase: "Pending", qosClass: "BestEffort" });
    expect(await ok(["-n", ns, "get", "pods"])).toMatch(/^once\s+0\/1\s+Pending\s+0\s+\S+$/m);

    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx"]);
    expect(await ok(["-n", ns, "expose", "deployment", "web", "--port=80", "--target-port=8080", "--name=web-svc"])).toBe("service/web-svc exposed\n");
    const svc = await json(["-n", ns, "get", "service", "web-svc", "--show-managed-fields"]);
    expect(managers(svc)).toEqual(["kubectl-expose"]);
    expect(svc.metadata.labels).toEqual({ app: "web" });
    expect(svc.spec).toMatchObject({ type: "ClusterIP", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] });
  });
});
