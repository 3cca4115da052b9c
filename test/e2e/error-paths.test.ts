/**
 * How kubectl reports the server's refusals (KUBECTL.md §11): unknown resource types, bad selectors,
 * missing namespaces, AlreadyExists, 400 decoding errors and 422 Invalid with one `* field: message` line
 * per cause. Every test also checks that nothing was stored.
 */
import { describe, expect, it } from "vitest";
import { useKubectlServer } from "./kubectl-session";

const kc = useKubectlServer();
const { ok, fail } = kc;

const invalidDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  replicas: -1
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: z
    spec:
      containers:
      - name: c
        image: ""
`;

const invalidService = `apiVersion: v1
kind: Service
metadata:
  name: badsvc
spec:
  type: NodePort
  ports:
  - port: 70000
    nodePort: 5
`;

describe("kubectl error paths", () => {
  it("get of an unknown resource type", async () => {
    const res = await fail(["get", "widgets"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error: the server doesn\'t have a resource type "widgets"');
  });

  it("malformed label selectors are a 400 from the server", async () => {
    const ns = await kc.namespace("selector");
    const open = await fail(["-n", ns, "get", "configmaps", "-l", "a in (b"]);
    expect(open.stderr).toContain("Error from server (BadRequest)");
    expect(open.stderr).toContain("unable to parse requirement: found '', expected: ',' or ')'");
    const op = await fail(["-n", ns, "get", "configmaps", "-l", "==x"]);
    expect(op.stderr).toContain("Error from server (BadRequest)");
    expect(op.stderr).toContain("found '==', expected: !, identifier, or 'end of string'");
  });

  it("creating into a missing namespace is NotFound for the namespace", async () => {
    const ns = `missing-${Date.now().toString(36)}`;
    const sub = await fail(["-n", ns, "create", "configmap", "x", "--from-literal=a=b"]);
    expect(sub.stderr).toContain(`error: failed to create configmap: namespaces "${ns}" not found`);
    const manifest = await fail(["-n", ns, "create", "-f", "-"], { stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}' });
    expect(manifest.stderr).toContain(`Error from server (NotFound): error when creating "STDIN": namespaces "${ns}" not found`);
    expect((await fail(["get", "namespace", ns])).stderr).toContain(`namespaces "${ns}" not found`);
  });

  it("a duplicate create is AlreadyExists and leaves the first object alone", async () => {
    const ns = await kc.namespace("dup");
    await ok(["-n", ns, "create", "configmap", "dup", "--from-literal=v=1"]);
    const sub = await fail(["-n", ns, "create", "configmap", "dup", "--from-literal=v=2"]);
    expect(sub.stderr).toContain('error: failed to create configmap: configmaps "dup" already exists');
    const manifest = await fail(["-n", ns, "create", "-f", "-"], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"v":"3"}}',
    });
    expect(manifest.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists');
    const deploy = await ok(["-n", ns, "create", "deployment", "web", "--image=nginx"]);
    expect(deploy).toBe("deployment.apps/web created\n");
    expect((await fail(["-n", ns, "create", "deployment", "web", "--image=nginx"])).stderr).toContain('deployments.apps "web" already exists');
    expect(JSON.parse(await ok(["-n", ns, "get", "configmap", "dup", "-o", "json"])).data).toEqual({ v: "1" });
  });

  it("invalid objects are 422 with one `* field: message` line per cause", async () => {
    const ns = await kc.namespace("invalid");
    const deploy = await fail(["-n", ns, "create", "-f", "-"], { stdin: invalidDeployment });
    expect(deploy.stderr).toContain('The Deployment "bad" is invalid: \n');
    expect(deploy.stderr).toContain("* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
    expect(deploy.stderr).toContain('* spec.template.metadata.labels: Invalid value: map[string]string{"app":"z"}: `selector` does not match template `labels`\n');
    expect(deploy.stderr).toContain("* spec.template.spec.containers[0].image: Required value");

    const svc = await fail(["-n", ns, "apply", "-f", "-"], { stdin: invalidService });
    expect(svc.stderr).toContain('The Service "badsvc" is invalid: \n');
    expect(svc.stderr).toContain("* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive");
    expect(svc.stderr).toContain("* spec.ports[0].nodePort: Invalid value: 5: provided port is not in the valid range. The range of valid ports is 30000-32767");

    const sub = await fail(["-n", ns, "create", "deployment", "neg", "--image=nginx", "--replicas=-1"]);
    expect(sub.stderr).toContain('error: failed to create deployment: Deployment.apps "neg" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');

    const pod = await fail(["-n", ns, "run", "Bad_Name", "--image=nginx"]);
    expect(pod.stderr).toContain('The Pod "Bad_Name" is invalid: \n* metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
    expect(await ok(["-n", ns, "get", "deployments,services,pods", "-o", "name"])).toBe("");
  });

  it("unknown fields under fieldValidation=Strict are a 400 strict decoding error", async () => {
    const ns = await kc.namespace("strict");
    const res = await fail(["-n", ns, "create", "-f", "-"], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u"},"data":{"a":"b"},"spec":{"x":1}}',
    });
    expect(res.stderr).toContain('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"');
    const warned = await ok(["-n", ns, "create", "-f", "-", "--validate=warn"], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w"},"bogus":1}',
    });
    expect(warned).toBe("configmap/w created\n");
    // kube-root-ca.crt is the namespace's own (upstream's root-CA publisher); "u" must not be there.
    expect(await ok(["-n", ns, "get", "configmaps", "-o", "name"])).toBe("configmap/kube-root-ca.crt\nconfigmap/w\n");
  });

  // Upstream decodes with (sigs.k8s.io/json) encoding/json, whose UnmarshalTypeError names the JSON value's
  // kind — "number", "bool", "string", "array", "object": e.g. `ConfigMap in version "v1" cannot be handled
  // as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string`.
  it("a wrongly typed value names its JSON kind in the 400", async () => {
    const ns = await kc.namespace("typed");
    const num = await fail(["-n", ns, "create", "-f", "-", "--validate=false"], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"},"data":{"a":1}}',
    });
    expect(num.stderr).toContain('ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field');
    const bool = await fail(["-n", ns, "create", "-f", "-"], {
      stdin: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: y\nspec:\n  selector:\n    matchLabels: {app: y}\n  template:\n    metadata:\n      labels: {app: y}\n    spec:\n      containers: [{name: c, image: nginx}]\n",
    });
    expect(bool.stderr).toContain("json: cannot unmarshal bool into Go struct field");
  });
});
