/**
 * The real kubectl 1.32 against the real local server (`npm start`'s runtime): every command family the API
 * foundation promises, with results checked through kubectl itself and the raw API.
 */
import { writeFileSync, mkdtempSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./harness";

let server: TestServer;
let counter = 0;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function k(args: string[], opts?: Parameters<TestServer["kubectl"]>[1]) {
  const res = await server.kubectl(args, opts);
  return res;
}

/** Runs kubectl and requires success. */
async function ok(args: string[], opts?: Parameters<TestServer["kubectl"]>[1]) {
  const res = await k(args, opts);
  expect(res.code, `kubectl ${args.join(" ")}\nstdout: ${res.stdout}\nstderr: ${res.stderr}\nserver: ${server.logs().slice(-2000)}`).toBe(0);
  return res.stdout;
}

async function namespace(): Promise<string> {
  const ns = `e2e-${Date.now().toString(36)}-${counter++}`;
  await ok(["create", "namespace", ns]);
  return ns;
}

const deploymentYaml = (name: string, replicas: number, image = "nginx:1.27", env = "1") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: ${image}
        env:
        - name: A
          value: "${env}"
        ports:
        - containerPort: 80
`;

const configMapYaml = (name: string, data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data).map(([a, b]) => `  ${a}: "${b}"`).join("\n")}\n`;

describe("discovery, raw and explain", () => {
  it("api-resources lists kinds with short names", async () => {
    const out = await ok(["api-resources"]);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
  });

  it("version and get --raw", async () => {
    expect(await ok(["version", "-o", "json"])).toContain('"minor": "32"');
    expect(await ok(["get", "--raw", "/api/v1/namespaces/default"])).toContain('"name":"default"');
  });

  it("explain walks the OpenAPI schema", async () => {
    const out = await ok(["explain", "deployment.spec.replicas"]);
    expect(out).toContain("KIND:       Deployment");
    expect(out).toContain("replicas");
    expect(out).toMatch(/FIELD:\s+replicas <integer>/);
  });
});

describe("create (protobuf bodies) and get", () => {
  it("create configmap/secret/deployment/serviceaccount and read them back in every output format", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "cfg", "--from-literal=a=b", "--from-literal=c=d"]);
    await ok(["-n", ns, "create", "secret", "generic", "sec", "--from-literal=password=s3cr3t"]);
    await ok(["-n", ns, "create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80"]);
    await ok(["-n", ns, "create", "serviceaccount", "robot"]);
    const cm = JSON.parse(await ok(["-n", ns, "get", "configmap", "cfg", "-o", "json"]));
    expect(cm.data).toEqual({ a: "b", c: "d" });
    const secret = JSON.parse(await ok(["-n", ns, "get", "secret", "sec", "-o", "json"]));
    expect(Buffer.from(secret.data.password, "base64").toString()).toBe("s3cr3t");
    const yaml = await ok(["-n", ns, "get", "deploy", "web", "-o", "yaml"]);
    expect(yaml).toContain("replicas: 2");
    expect(yaml).toContain("image: nginx:1.27");
    expect(yaml).toContain("containerPort: 80");
    expect(await ok(["-n", ns, "get", "deploy", "-o", "name"])).toBe("deployment.apps/web\n");
    const table = await ok(["-n", ns, "get", "deployments"]);
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    // UP-TO-DATE is whatever the deployment controller has done so far; no kubelet runs the pods.
    expect(table).toMatch(/^web\s+0\/2\s+[0-2]\s+0\s+\d+s/m);
    const wide = await ok(["-n", ns, "get", "deployments", "-o", "wide"]);
    expect(wide).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide).toMatch(/nginx\s+nginx:1.27\s+app=web/);
    expect(await ok(["-n", ns, "get", "sa"])).toMatch(/^robot\s+0\s+/m);
  });

  it("get with -l, --field-selector and -A", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "one", "--from-literal=x=1"]);
    await ok(["-n", ns, "create", "configmap", "two", "--from-literal=x=2"]);
    await ok(["-n", ns, "label", "configmap", "one", "tier=front"]);
    expect(await ok(["-n", ns, "get", "cm", "-l", "tier=front", "-o", "name"])).toBe("configmap/one\n");
    // `!=` also matches objects without the label, so the namespace's own kube-root-ca.crt is listed (as upstream).
    expect(await ok(["-n", ns, "get", "cm", "-l", "tier!=front", "-o", "name"])).toBe("configmap/kube-root-ca.crt\nconfigmap/two\n");
    expect(await ok(["-n", ns, "get", "cm", "--field-selector", "metadata.name=two", "-o", "name"])).toBe("configmap/two\n");
    const all = await ok(["get", "cm", "-A", "--field-selector", `metadata.namespace=${ns}`]);
    expect(all).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE/);
    expect(all).toContain(`${ns}   one`);
    const bad = await k(["-n", ns, "get", "cm", "--field-selector", "spec.nope=1"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("field label not supported: spec.nope");
  });

  it("get -w prints changes as they happen", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "w", "--from-literal=a=1"]);
    const watching = k(["-n", ns, "get", "cm", "-w", "--output-watch-events"], { timeoutMs: 6000 });
    await new Promise((r) => setTimeout(r, 2000));
    await ok(["-n", ns, "label", "cm", "w", "seen=yes"]);
    await ok(["-n", ns, "delete", "cm", "w"]);
    const res = await watching;
    expect(res.stdout).toMatch(/ADDED\s+w/);
    expect(res.stdout).toMatch(/MODIFIED\s+w/);
    expect(res.stdout).toMatch(/DELETED\s+w/);
  });
});

describe("apply, diff, dry-run", () => {
  it("client-side apply: new, changed, unchanged", async () => {
    const ns = await namespace();
    expect(await ok(["-n", ns, "apply", "-f", "-"], { stdin: deploymentYaml("web", 2) })).toBe("deployment.apps/web created\n");
    expect(await ok(["-n", ns, "apply", "-f", "-"], { stdin: deploymentYaml("web", 3, "nginx:1.27", "2") })).toBe("deployment.apps/web configured\n");
    expect(await ok(["-n", ns, "apply", "-f", "-"], { stdin: deploymentYaml("web", 3, "nginx:1.27", "2") })).toBe("deployment.apps/web unchanged\n");
    const d = JSON.parse(await ok(["-n", ns, "get", "deploy", "web", "-o", "json"]));
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: "A", value: "2" }]);
    expect(d.metadata.generation).toBe(2);
    expect(d.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toContain('"replicas":3');
  });

  it("diff shows a pending change and --dry-run=server stores nothing", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "apply", "-f", "-"], { stdin: configMapYaml("d", { a: "1" }) });
    const diff = await k(["-n", ns, "diff", "-f", "-"], { stdin: configMapYaml("d", { a: "2" }) });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('-  a: "1"');
    expect(diff.stdout).toContain('+  a: "2"');
    expect(await ok(["-n", ns, "apply", "--dry-run=server", "-f", "-"], { stdin: configMapYaml("d", { a: "3" }) })).toContain("(server dry run)");
    expect(await ok(["-n", ns, "create", "--dry-run=server", "configmap", "new", "--from-literal=a=b"])).toContain("(server dry run)");
    expect(JSON.parse(await ok(["-n", ns, "get", "cm", "d", "-o", "json"])).data).toEqual({ a: "1" });
    expect((await k(["-n", ns, "get", "cm", "new"])).code).not.toBe(0);
  });

  it("server-side apply creates, updates and reports a conflict", async () => {
    const ns = await namespace();
    expect(await ok(["-n", ns, "apply", "--server-side", "-f", "-"], { stdin: deploymentYaml("ssa", 2) })).toBe("deployment.apps/ssa serverside-applied\n");
    const d = JSON.parse(await ok(["-n", ns, "get", "deploy", "ssa", "-o", "json", "--show-managed-fields"]));
    expect(d.metadata.managedFields.map((m: { manager: string }) => m.manager)).toContain("kubectl");
    await ok(["-n", ns, "scale", "deploy", "ssa", "--replicas=5"]);
    const conflict = await k(["-n", ns, "apply", "--server-side", "-f", "-"], { stdin: deploymentYaml("ssa", 3) });
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain("Apply failed with 1 conflict");
    expect(conflict.stderr).toContain(".spec.replicas");
    await ok(["-n", ns, "apply", "--server-side", "--force-conflicts", "-f", "-"], { stdin: deploymentYaml("ssa", 3) });
    expect(JSON.parse(await ok(["-n", ns, "get", "deploy", "ssa", "-o", "json"])).spec.replicas).toBe(3);
  });
});

describe("edit, patch, label, annotate, scale, replace", () => {
  it("patch with all three types", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "apply", "-f", "-"], { stdin: deploymentYaml("p", 1) });
    await ok(["-n", ns, "patch", "deploy", "p", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}']);
    await ok(["-n", ns, "patch", "deploy", "p", "--type=merge", "-p", '{"spec":{"replicas":4}}']);
    await ok(["-n", ns, "patch", "deploy", "p", "--type=json", "-p", '[{"op":"add","path":"/metadata/labels/patched","value":"json"}]']);
    const d = JSON.parse(await ok(["-n", ns, "get", "deploy", "p", "-o", "json"]));
    expect(d.spec.template.spec.containers).toHaveLength(1);
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.28");
    expect(d.spec.template.spec.containers[0].env).toEqual([{ name: "A", value: "1" }]);
    expect(d.spec.replicas).toBe(4);
    expect(d.metadata.labels.patched).toBe("json");
    const failed = await k(["-n", ns, "patch", "deploy", "p", "--type=json", "-p", '[{"op":"test","path":"/spec/replicas","value":9}]']);
    expect(failed.code).not.toBe(0);
  });

  it("set image, label, annotate, scale", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "deployment", "s", "--image=nginx:1.27"]);
    await ok(["-n", ns, "set", "image", "deployment/s", "nginx=nginx:1.29"]);
    await ok(["-n", ns, "label", "deploy", "s", "team=blue"]);
    await ok(["-n", ns, "annotate", "deploy", "s", "note=hello"]);
    await ok(["-n", ns, "scale", "deploy", "s", "--replicas=3"]);
    await ok(["-n", ns, "scale", "deploy", "s", "--current-replicas=3", "--replicas=2"]);
    const d = JSON.parse(await ok(["-n", ns, "get", "deploy", "s", "-o", "json"]));
    expect(d.spec.template.spec.containers[0].image).toBe("nginx:1.29");
    expect(d.metadata.labels.team).toBe("blue");
    expect(d.metadata.annotations.note).toBe("hello");
    expect(d.spec.replicas).toBe(2);
    const stale = await k(["-n", ns, "scale", "deploy", "s", "--current-replicas=7", "--replicas=1"]);
    expect(stale.code).not.toBe(0);
  });

  it("edit with KUBE_EDITOR", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "e", "--from-literal=color=red"]);
    const dir = mkdtempSync(join(tmpdir(), "kube-editor-"));
    const editor = join(dir, "editor.sh");
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/color: red/color: green/' "$1"\n`);
    chmodSync(editor, 0o755);
    expect(await ok(["-n", ns, "edit", "cm", "e"], { env: { KUBE_EDITOR: editor, EDITOR: editor } })).toBe("configmap/e edited\n");
    expect(JSON.parse(await ok(["-n", ns, "get", "cm", "e", "-o", "json"])).data.color).toBe("green");
  });

  it("replace with a stale resourceVersion → Conflict", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "r", "--from-literal=v=1"]);
    const stale = await ok(["-n", ns, "get", "cm", "r", "-o", "json"]);
    await ok(["-n", ns, "label", "cm", "r", "bump=1"]);
    const res = await k(["-n", ns, "replace", "-f", "-"], { stdin: stale.replace('"v": "1"', '"v": "2"') });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("Error from server (Conflict)");
    expect(res.stderr).toContain("the object has been modified");
    const fresh = await ok(["-n", ns, "get", "cm", "r", "-o", "json"]);
    expect(await ok(["-n", ns, "replace", "-f", "-"], { stdin: fresh.replace('"v": "1"', '"v": "2"') })).toBe("configmap/r replaced\n");
  });
});

describe("describe and delete", () => {
  it("describe a deployment", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "deployment", "dd", "--image=nginx:1.27", "--replicas=2"]);
    const out = await ok(["-n", ns, "describe", "deployment", "dd"]);
    expect(out).toMatch(/Name:\s+dd/);
    expect(out).toMatch(/Namespace:\s+/);
    expect(out).toMatch(/Replicas:\s+2 desired/);
    expect(out).toMatch(/Image:\s+nginx:1.27/);
  });

  it("delete waits for the object to go; a missing object is NotFound", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "create", "configmap", "gone", "--from-literal=a=b"]);
    expect(await ok(["-n", ns, "delete", "configmap", "gone", "--wait"])).toBe('configmap "gone" deleted\n');
    const again = await k(["-n", ns, "delete", "configmap", "gone"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (NotFound): configmaps "gone" not found');
  });

  it("delete waits for finalizers to be removed", async () => {
    const ns = await namespace();
    await ok(["-n", ns, "apply", "-f", "-"], {
      stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: ["example.com/hold"]\n`,
    });
    const deleting = k(["-n", ns, "delete", "configmap", "held", "--timeout=20s"]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(JSON.parse(await ok(["-n", ns, "get", "cm", "held", "-o", "json"])).metadata.deletionTimestamp).toBeTruthy();
    await ok(["-n", ns, "patch", "cm", "held", "--type=merge", "-p", '{"metadata":{"finalizers":null}}']);
    const res = await deleting;
    expect(res.code, res.stderr).toBe(0);
    expect((await k(["-n", ns, "get", "cm", "held"])).code).toBe(1);
  });

  it("delete -l removes every match", async () => {
    const ns = await namespace();
    for (const n of ["a", "b", "c"]) await ok(["-n", ns, "create", "configmap", n]);
    await ok(["-n", ns, "label", "cm", "a", "b", "group=x"]);
    await ok(["-n", ns, "delete", "cm", "-l", "group=x"]);
    expect(await ok(["-n", ns, "get", "cm", "-o", "name"])).toBe("configmap/c\nconfigmap/kube-root-ca.crt\n");
  });
});

describe("bad input through kubectl", () => {
  it("invalid names and unknown fields are refused and nothing is stored", async () => {
    const ns = await namespace();
    const bad = await k(["-n", ns, "apply", "-f", "-"], { stdin: configMapYaml("Bad_Name", { a: "b" }) });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('ConfigMap "Bad_Name" is invalid');
    const unknown = await k(["-n", ns, "apply", "-f", "-"], {
      stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\nbogus: 1\n`,
    });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "bogus"');
    // Only the namespace's own root CA ConfigMap (upstream's root-CA publisher) is there.
    expect(await ok(["-n", ns, "get", "cm", "-o", "name"])).toBe("configmap/kube-root-ca.crt\n");
  });
});
