/** The image config, the container argv (containerd's CRI rules) and the entry module it names. */
import { describe, expect, it } from "vitest";
import { containerArgv, entryModule, imageEnv, parseImageConfig, type ContainerCommand, type ImageConfig } from "../../../worker/images/config";
import { enc } from "./helpers";

const json = (v: unknown) => enc(JSON.stringify(v));
const image = (extra: Partial<ImageConfig> = {}): ImageConfig => ({
  platform: { os: "js", architecture: "wasm" },
  entrypoint: [],
  cmd: [],
  env: [],
  workingDir: "/",
  diffIds: [],
  ...extra,
});

describe("parseImageConfig", () => {
  it("reads the platform, process fields and diff_ids", () => {
    const doc = {
      os: "js",
      architecture: "wasm",
      config: { Entrypoint: ["index.js"], Cmd: ["--port", "8080"], Env: ["A=1"], WorkingDir: "/app" },
      rootfs: { type: "layers", diff_ids: [`sha256:${"a".repeat(64)}`] },
    };
    expect(parseImageConfig(json(doc))).toEqual({
      ok: true,
      value: image({ entrypoint: ["index.js"], cmd: ["--port", "8080"], env: ["A=1"], workingDir: "/app", diffIds: [`sha256:${"a".repeat(64)}`] }),
    });
  });

  it.each([
    ["no config section", {}, "/"],
    ["an empty WorkingDir", { config: { WorkingDir: "" } }, "/"],
    ["a relative WorkingDir", { config: { WorkingDir: "srv" } }, "/srv"],
  ])("defaults with %s", (_, extra, workingDir) => {
    const r = parseImageConfig(json({ os: "linux", architecture: "amd64", variant: "v1", ...extra }));
    expect(r).toEqual({ ok: true, value: image({ platform: { os: "linux", architecture: "amd64", variant: "v1" }, workingDir }) });
  });

  it.each([
    ["not JSON", enc("{"), /not valid JSON/],
    ["an array", json([]), /not a JSON object/],
    ["no os", json({ architecture: "amd64" }), /os and architecture/],
    ["a string Entrypoint", json({ os: "js", architecture: "wasm", config: { Entrypoint: "index.js" } }), /Entrypoint must be a list/],
    ["a numeric WorkingDir", json({ os: "js", architecture: "wasm", config: { WorkingDir: 1 } }), /WorkingDir/],
  ])("refuses %s", (_, bytes, reason) => {
    const r = parseImageConfig(bytes);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});

describe("containerArgv (containerd WithProcessArgs)", () => {
  const img = { entrypoint: ["ep"], cmd: ["c1", "c2"] };
  it.each<[string, Pick<ImageConfig, "entrypoint" | "cmd">, ContainerCommand, string[]]>([
    ["the image's Entrypoint + Cmd", img, {}, ["ep", "c1", "c2"]],
    ["args replace Cmd", img, { args: ["a1"] }, ["ep", "a1"]],
    ["command replaces Entrypoint and drops Cmd", img, { command: ["cmd"] }, ["cmd"]],
    ["command + args", img, { command: ["cmd"], args: ["a1"] }, ["cmd", "a1"]],
    ["empty lists count as unset", img, { command: [], args: [] }, ["ep", "c1", "c2"]],
    ["Cmd alone", { entrypoint: [], cmd: ["main.js"] }, {}, ["main.js"]],
    ["nothing at all", { entrypoint: [], cmd: [] }, {}, []],
  ])("%s", (_, image, container, want) => {
    expect(containerArgv(image, container)).toEqual(want);
  });
});

describe("entryModule", () => {
  it.each<[string, Partial<ImageConfig>, ContainerCommand, { module: string; args: string[] }]>([
    ["Entrypoint relative to WorkingDir /", { entrypoint: ["index.js"] }, {}, { module: "index.js", args: [] }],
    ["Entrypoint relative to WorkingDir /app", { entrypoint: ["./main.mjs"], workingDir: "/app" }, {}, { module: "app/main.mjs", args: [] }],
    ["an absolute Entrypoint", { entrypoint: ["/srv/index.js"], workingDir: "/app" }, {}, { module: "srv/index.js", args: [] }],
    ["`..` stops at the root", { cmd: ["../../x.js"], workingDir: "/app" }, {}, { module: "x.js", args: [] }],
    ["Cmd when there is no Entrypoint", { cmd: ["server.js", "--port", "80"] }, {}, { module: "server.js", args: ["--port", "80"] }],
    ["`node` as interpreter", { entrypoint: ["node", "server.js"], cmd: ["-v"] }, {}, { module: "server.js", args: ["-v"] }],
    ["`/usr/local/bin/node` as interpreter", { cmd: ["/usr/local/bin/node", "app.js"], workingDir: "/srv" }, {}, { module: "srv/app.js", args: [] }],
    ["interpreter flags are skipped", { entrypoint: ["node", "--enable-source-maps", "app.js"] }, {}, { module: "app.js", args: [] }],
    ["the pod's command", { entrypoint: ["index.js"] }, { command: ["worker.js"], args: ["x"] }, { module: "worker.js", args: ["x"] }],
  ])("%s", (_, config, container, want) => {
    expect(entryModule(image(config), container)).toEqual({ ok: true, value: want });
  });

  it.each<[string, Partial<ImageConfig>, ContainerCommand, RegExp]>([
    ["no argv", {}, {}, /no command specified/],
    ["only an interpreter", { entrypoint: ["node"] }, {}, /names no module/],
    ["an interpreter with flags only", { entrypoint: ["node", "--inspect"] }, {}, /names no module/],
    ["a directory", { entrypoint: ["lib/"] }, {}, /directory/],
    ["the root", { entrypoint: ["/"] }, {}, /directory/],
  ])("refuses %s", (_, config, container, reason) => {
    const r = entryModule(image(config), container);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});

describe("imageEnv", () => {
  it("splits at the first =, keeps order and duplicates", () => {
    expect(imageEnv({ env: ["A=1", "B=x=y", "EMPTY=", "BARE", "A=2"] })).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "x=y" },
      { name: "EMPTY", value: "" },
      { name: "BARE", value: "" },
      { name: "A", value: "2" },
    ]);
  });
});
