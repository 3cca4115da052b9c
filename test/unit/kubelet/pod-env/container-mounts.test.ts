import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../../schema/types";
import { containerMounts } from "../../../../worker/kubelet/pod-env/container-mounts";
import { pod } from "./fixtures";

const volumes = [
  { name: "conf", configMap: { name: "cfg" } },
  { name: "nested", secret: { secretName: "s" } },
  { name: "scratch", emptyDir: { medium: "Memory" } },
  { name: "data", persistentVolumeClaim: { claimName: "pvc-1", readOnly: true } },
  { name: "eph", ephemeral: { volumeClaimTemplate: { spec: {} } } },
  { name: "bare" },
];
const contents = {
  conf: { "app.conf": "listen 80\n", MODE: "fast" },
  nested: { "tls/tls.crt": "CRT", "tls/tls.key": "KEY", "ca/ca.crt": "CA" },
};
const env = [{ name: "POD_NAME", value: "web-0" }];

const mount = (volumeMounts: KubeObject[]) => {
  const c = { name: "app", volumeMounts };
  return containerMounts(pod({ volumes, containers: [c] }), c, contents, env);
};

describe("containerMounts: data volumes", () => {
  it.each<[string, KubeObject[], Record<string, Record<string, string>>, Record<string, string>]>([
    ["a whole volume", [{ name: "conf", mountPath: "/etc/app" }], { "/etc/app": contents.conf }, { "/etc/app/app.conf": "listen 80\n", "/etc/app/MODE": "fast" }],
    ["a subPath naming a file", [{ name: "conf", mountPath: "/etc/nginx/nginx.conf", subPath: "app.conf" }], { "/etc/nginx/nginx.conf": { "": "listen 80\n" } }, { "/etc/nginx/nginx.conf": "listen 80\n" }],
    ["a subPath naming a directory", [{ name: "nested", mountPath: "/certs", subPath: "tls" }], { "/certs": { "tls.crt": "CRT", "tls.key": "KEY" } }, { "/certs/tls.crt": "CRT", "/certs/tls.key": "KEY" }],
    ["a subPath naming nothing is an empty directory", [{ name: "conf", mountPath: "/x", subPath: "nope" }], { "/x": {} }, {}],
    ["a mount path cleaned and made absolute", [{ name: "conf", mountPath: "etc//app/" }], { "/etc/app": contents.conf }, { "/etc/app/app.conf": "listen 80\n", "/etc/app/MODE": "fast" }],
    [
      "a deeper mount hides what lies beneath, whatever the order",
      [
        { name: "conf", mountPath: "/etc/app/conf" },
        { name: "nested", mountPath: "/etc/app" },
      ],
      { "/etc/app/conf": contents.conf, "/etc/app": contents.nested },
      { "/etc/app/tls/tls.crt": "CRT", "/etc/app/tls/tls.key": "KEY", "/etc/app/ca/ca.crt": "CA", "/etc/app/conf/app.conf": "listen 80\n", "/etc/app/conf/MODE": "fast" },
    ],
    [
      "a storage mount hides data files beneath it",
      [
        { name: "nested", mountPath: "/srv" },
        { name: "scratch", mountPath: "/srv/tls" },
      ],
      { "/srv": contents.nested },
      { "/srv/ca/ca.crt": "CA" },
    ],
  ])("%s", (_name, volumeMounts, mounts, files) => {
    const got = mount(volumeMounts);
    expect(got).toMatchObject({ ok: true, mounts, files });
    if (got.ok) expect(got.files).toEqual(files);
  });

  it("expands subPathExpr against the container's environment", () => {
    const c = { name: "app", volumeMounts: [{ name: "nested", mountPath: "/pod", subPathExpr: "$(DIR)" }] };
    const got = containerMounts(pod({ volumes, containers: [c] }), c, contents, [{ name: "DIR", value: "ca" }]);
    expect(got).toMatchObject({ ok: true, mounts: { "/pod": { "ca.crt": "CA" } } });
  });
});

describe("containerMounts: storage volumes", () => {
  it("lists emptyDir, persistentVolumeClaim and generic ephemeral mounts", () => {
    const got = mount([
      { name: "scratch", mountPath: "/tmp" },
      { name: "data", mountPath: "/var/lib/data", subPath: "$(POD_NAME)" },
      { name: "eph", mountPath: "/cache", readOnly: true },
      { name: "bare", mountPath: "/bare" },
      { name: "data", mountPath: "/logs", subPathExpr: "logs/$(POD_NAME)" },
    ]);
    expect(got).toEqual({
      ok: true,
      mounts: {},
      files: {},
      storage: [
        { kind: "emptyDir", name: "scratch", mountPath: "/tmp", readOnly: false, medium: "Memory" },
        { kind: "persistentVolumeClaim", name: "data", mountPath: "/var/lib/data", subPath: "$(POD_NAME)", readOnly: true, claimName: "pvc-1" },
        { kind: "persistentVolumeClaim", name: "eph", mountPath: "/cache", readOnly: true, claimName: "web-0-eph" },
        { kind: "emptyDir", name: "bare", mountPath: "/bare", readOnly: false },
        { kind: "persistentVolumeClaim", name: "data", mountPath: "/logs", subPath: "logs/web-0", readOnly: true, claimName: "pvc-1" },
      ],
    });
  });
});

describe("containerMounts: CreateContainerConfigError", () => {
  it.each<[string, KubeObject[], string]>([
    ["an unknown volume", [{ name: "nope", mountPath: "/x" }], 'cannot find volume "nope" to mount into container "app"'],
    ["a data volume that was not set up", [{ name: "missing", mountPath: "/x" }], 'cannot find volume "missing" to mount into container "app"'],
    ["an absolute subPath", [{ name: "conf", mountPath: "/x", subPath: "/etc" }], "error SubPath `/etc` must not be an absolute path"],
    ["a subPath stepping out", [{ name: "conf", mountPath: "/x", subPath: "a/../../etc" }], "unable to provision SubPath `a/../../etc`: must not contain '..'"],
    ["a subPathExpr stepping out", [{ name: "scratch", mountPath: "/x", subPathExpr: "../$(POD_NAME)" }], "unable to provision SubPath `../web-0`: must not contain '..'"],
    ["a subPathExpr with an unknown variable", [{ name: "scratch", mountPath: "/x", subPathExpr: "$(NODE)" }], "missing value for NODE"],
  ])("%s", (_name, volumeMounts, message) => {
    const c = { name: "app", volumeMounts };
    const p = pod({ volumes: [...volumes, { name: "missing", secret: { secretName: "gone" } }], containers: [c] });
    expect(containerMounts(p, c, contents, env)).toEqual({ ok: false, reason: "CreateContainerConfigError", message });
  });
});
