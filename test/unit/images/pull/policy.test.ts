import { describe, expect, it } from "vitest";
import { defaultPullPolicy, pullDecision } from "../../../../worker/images/pull/policy";
import { aggregateMessage, pullErrorMessage } from "../../../../worker/images/pull/errors";
import { parseChallenges, tokenUrl } from "../../../../worker/images/pull/challenge";

describe("defaultPullPolicy (SetDefaults_Container)", () => {
  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.25", "IfNotPresent"],
    [`nginx@sha256:${"a".repeat(64)}`, "IfNotPresent"],
    [`nginx:latest@sha256:${"a".repeat(64)}`, "Always"],
    ["Bad", "IfNotPresent"],
  ])("%s → %s", (image, want) => expect(defaultPullPolicy(image)).toBe(want));
});

describe("pullDecision (shouldPullImage)", () => {
  it.each([
    ["Always", true, "pull"],
    ["Always", false, "pull"],
    ["IfNotPresent", false, "pull"],
    ["IfNotPresent", true, "use-present"],
    ["Never", true, "use-present"],
    ["Never", false, "fail"],
    [undefined, true, "use-present"],
  ] as const)("%s, present %s → %s", (policy, present, action) => {
    expect(pullDecision("nginx:1.25", policy, present).action).toBe(action);
  });

  it("says so in upstream's words", () => {
    expect(pullDecision("nginx:1.25", "Never", false)).toEqual({
      action: "fail",
      reason: "ErrImageNeverPull",
      message: 'Container image "nginx:1.25" is not present with pull policy of Never',
      event: { type: "Warning", reason: "ErrImageNeverPull", message: 'Container image "nginx:1.25" is not present with pull policy of Never' },
    });
    expect(pullDecision("nginx:1.25", "IfNotPresent", true)).toEqual({
      action: "use-present",
      event: { type: "Normal", reason: "Pulled", message: 'Container image "nginx:1.25" already present on machine' },
    });
  });
});

describe("pullErrorMessage", () => {
  const R = "docker.io/library/nope:latest";
  it.each([
    [{ kind: "not-found", stage: "resolve" }, `rpc error: code = NotFound desc = failed to pull and unpack image "${R}": failed to resolve reference "${R}": ${R}: not found`],
    [{ kind: "unauthorized", stage: "resolve", detail: "pull access denied, x" }, `rpc error: code = Unknown desc = failed to pull and unpack image "${R}": failed to resolve reference "${R}": pull access denied, x`],
    [{ kind: "invalid", stage: "fetch", detail: "bad digest" }, `rpc error: code = FailedPrecondition desc = failed to pull and unpack image "${R}": bad digest`],
    [{ kind: "not-found", stage: "fetch", detail: "content at u not found" }, `rpc error: code = NotFound desc = failed to pull and unpack image "${R}": content at u not found: not found`],
  ] as const)("%j", (failure, want) => expect(pullErrorMessage(R, failure)).toBe(want));

  it("aggregates several attempts as utilerrors does", () => {
    expect(aggregateMessage(["a"])).toBe("a");
    expect(aggregateMessage(["a", "b"])).toBe("[a, b]");
  });
});

describe("parseChallenges / tokenUrl", () => {
  it.each([
    [null, []],
    ["", []],
    ['Basic realm="kube-edge"', [{ scheme: "basic", params: { realm: "kube-edge" } }]],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [{ scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/nginx:pull" } }],
    ],
    ['Basic realm="a, b", Bearer Realm=tok , error="invalid_token"', [{ scheme: "basic", params: { realm: "a, b" } }, { scheme: "bearer", params: { realm: "tok", error: "invalid_token" } }]],
    ['Bearer realm="q\\"uote"', [{ scheme: "bearer", params: { realm: 'q"uote' } }]],
  ])("%j", (header, want) => expect(parseChallenges(header)).toEqual(want));

  it("asks for the repository's pull scope beside the challenge's own", () => {
    const [c] = parseChallenges('Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull"');
    expect(tokenUrl(c, "a/b")).toBe("https://auth.example/token?service=reg&scope=repository%3Aa%2Fb%3Apull");
    expect(tokenUrl({ scheme: "bearer", params: { realm: "https://auth.example/token" } }, "x")).toBe("https://auth.example/token?scope=repository%3Ax%3Apull");
    expect(tokenUrl({ scheme: "bearer", params: { realm: "file:///etc/passwd" } }, "x")).toBeUndefined();
    expect(tokenUrl({ scheme: "bearer", params: {} }, "x")).toBeUndefined();
  });
});
