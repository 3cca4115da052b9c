/** The pure parts of the authentication chain: header parsing, the group adder, error aggregation. */
import { describe, expect, it } from "vitest";
import {
  aggregateErrors,
  bearerTokenOf,
  intersectAudiences,
  websocketBearerTokenOf,
  withAuthenticatedGroup,
  withoutCredentialHeaders,
} from "../../../worker/authn/authenticate";

describe("bearerTokenOf (bearertoken.Authenticator)", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["BEARER abc", "abc"],
    ["  Bearer abc  ", "abc"],
    ["Bearer abc def", "abc"], // the token ends at the second space; the rest is ignored
    ["Bearer  abc", undefined], // empty token (space before the token): ignored with a warning upstream
    ["Bearer", undefined],
    ["Bearer ", undefined],
    ["Basic YWxpY2U6c2VjcmV0", undefined],
    ["Token abc", undefined],
    ["Bearer\tabc", undefined], // only a space separates the scheme
    ["", undefined],
    [null, undefined],
  ])("%j → %j", (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });
});

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("websocketBearerTokenOf (websocket.ProtocolAuthenticator)", () => {
  const ws = (protocols: string, upgrade = "websocket") =>
    new Headers({ upgrade, connection: "Upgrade", "sec-websocket-protocol": protocols });
  const P = "base64url.bearer.authorization.k8s.io.";

  it.each([
    ["token next to another protocol", ws(`${P}${b64url("secret")}, v5.channel.k8s.io`), { token: "secret" }],
    ["token with characters needing the URL alphabet", ws(`v4.channel.k8s.io,${P}${b64url("a?b>c")}`), { token: "a?b>c" }],
    ["no token protocol", ws("v5.channel.k8s.io"), undefined],
    ["not a WebSocket upgrade", ws(`${P}${b64url("secret")}, v5.channel.k8s.io`, "h2c"), undefined],
    ["token as the only protocol", ws(`${P}${b64url("secret")}`), { error: "missing additional subprotocol" }],
    ["two tokens", ws(`${P}${b64url("a")}, ${P}${b64url("b")}, x`), { error: "multiple base64.bearer.authorization tokens specified" }],
    ["padding is not raw base64url", ws(`${P}c2VjcmV0MQ==, x`), { error: "invalid base64.bearer.authorization token encoding" }],
    ["standard alphabet", ws(`${P}a+b/, x`), { error: "invalid base64.bearer.authorization token encoding" }],
    ["not UTF-8", ws(`${P}${b64url("\xff\xfe")}, x`), { error: "invalid base64.bearer.authorization token" }],
    ["empty token protocol", ws(`${P}, x`), undefined],
  ])("%s", (_name, headers, expected) => {
    expect(websocketBearerTokenOf(headers)).toEqual(expected);
  });

  it("without any WebSocket header → no opinion", () => {
    expect(websocketBearerTokenOf(new Headers({ authorization: "Bearer x" }))).toBeUndefined();
  });
});

describe("withAuthenticatedGroup (group.AuthenticatedGroupAdder)", () => {
  it.each([
    [{ username: "alice", groups: ["devs"] }, ["devs", "system:authenticated"]],
    [{ username: "alice", groups: [] }, ["system:authenticated"]],
    [{ username: "alice", groups: ["system:authenticated", "devs"] }, ["system:authenticated", "devs"]],
    [{ username: "alice", groups: ["system:unauthenticated"] }, ["system:unauthenticated"]],
    [{ username: "system:anonymous", groups: ["system:masters"] }, ["system:masters"]],
  ])("%j → %j", (user, groups) => {
    expect(withAuthenticatedGroup(user).groups).toEqual(groups);
  });

  it("does not modify its argument", () => {
    const user = { username: "alice", groups: ["devs"] };
    withAuthenticatedGroup(user);
    expect(user.groups).toEqual(["devs"]);
  });
});

describe("aggregateErrors (utilerrors.NewAggregate)", () => {
  it.each([
    [["invalid bearer token"], "invalid bearer token"],
    [["a", "b"], "[a, b]"],
    [["a", "a"], "a"],
    [["a", "b", "a"], "[a, b]"],
  ])("%j → %j", (errors, message) => {
    expect(aggregateErrors(errors)).toBe(message);
  });
});

describe("intersectAudiences", () => {
  it.each([
    [["a", "b"], ["b", "c"], ["b"]],
    [["a"], ["c"], []],
    [["a", "b"], ["b", "a"], ["a", "b"]],
  ])("%j ∩ %j → %j", (a, b, out) => {
    expect(intersectAudiences(a, b)).toEqual(out);
  });
});

describe("withoutCredentialHeaders", () => {
  const headersOf = (req: Request) => Object.fromEntries(req.headers);

  it("removes a bearer Authorization, every Impersonate-* header and the WebSocket token protocol", () => {
    const req = new Request("https://k8s.test/api", {
      headers: {
        authorization: "Bearer secret",
        "impersonate-user": "bob",
        "impersonate-group": "devs",
        "impersonate-extra-scopes": "a",
        "sec-websocket-protocol": `v5.channel.k8s.io, base64url.bearer.authorization.k8s.io.${b64url("secret")}`,
        accept: "application/json",
      },
    });
    expect(headersOf(withoutCredentialHeaders(req))).toEqual({ accept: "application/json", "sec-websocket-protocol": "v5.channel.k8s.io" });
  });

  it("keeps other schemes (not consumed by an authenticator) and returns the request itself when nothing is removed", () => {
    const req = new Request("https://k8s.test/api", { headers: { authorization: "Basic YTpi" } });
    expect(withoutCredentialHeaders(req)).toBe(req);
  });
});
