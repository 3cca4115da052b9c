/** Impersonation, the pure parts: reading the headers, the attributes to authorize, the resulting identity. */
import { describe, expect, it } from "vitest";
import {
  describeImpersonationRequests,
  impersonatedUser,
  impersonationAttributes,
  impersonationRequestsOf,
  splitServiceAccountUsername,
  unescapeExtraKey,
  type ImpersonationRequest,
} from "../../../worker/authn/impersonation";
import { ApiError } from "../../../worker/errors";

const requestor = { username: "admin", groups: ["system:masters"] };

describe("impersonationRequestsOf (buildImpersonationRequests)", () => {
  it.each<[string, Record<string, string>, ImpersonationRequest[]]>([
    ["no headers", {}, []],
    ["a user", { "Impersonate-User": "bob" }, [{ kind: "User", name: "bob" }]],
    [
      "a service account",
      { "Impersonate-User": "system:serviceaccount:ns1:builder" },
      [{ kind: "ServiceAccount", namespace: "ns1", name: "builder" }],
    ],
    ["an invalid service-account name is a plain user", { "Impersonate-User": "system:serviceaccount:NS:x" }, [{ kind: "User", name: "system:serviceaccount:NS:x" }]],
    [
      "user, repeated groups, uid",
      { "Impersonate-User": "bob", "Impersonate-Group": "devs, ops", "Impersonate-Uid": "42" },
      [
        { kind: "User", name: "bob" },
        { kind: "Group", name: "devs" },
        { kind: "Group", name: "ops" },
        { kind: "UID", name: "42" },
      ],
    ],
    ["a group name with a comma but no space", { "Impersonate-User": "bob", "Impersonate-Group": "a,b" }, [{ kind: "User", name: "bob" }, { kind: "Group", name: "a,b" }]],
    [
      "extra: key lower-cased then percent-decoded, one request per value",
      { "Impersonate-User": "bob", "Impersonate-Extra-Scopes": "view, edit", "Impersonate-Extra-Example.com%2FTeam": "x" },
      [
        { kind: "User", name: "bob" },
        { kind: "UserExtra", key: "example.com/team", name: "x" },
        { kind: "UserExtra", key: "scopes", name: "view" },
        { kind: "UserExtra", key: "scopes", name: "edit" },
      ],
    ],
    ["an empty user header is no user", { "Impersonate-User": "" }, []],
  ])("%s", (_name, headers, requests) => {
    expect(impersonationRequestsOf(new Headers(headers))).toEqual(requests);
  });

  it.each([
    ["a group", { "Impersonate-Group": "devs" }, "requested [{Group  devs    }] without impersonating a user"],
    ["an extra", { "Impersonate-Extra-Scopes": "view" }, "requested [{UserExtra  view  authentication.k8s.io/v1  scopes}] without impersonating a user"],
    ["a uid", { "Impersonate-Uid": "42" }, "requested [{UID  42  authentication.k8s.io/v1  }] without impersonating a user"],
    [
      "groups and uid",
      { "Impersonate-Group": "a, b", "Impersonate-Uid": "1" },
      "requested [{Group  a    } {Group  b    } {UID  1  authentication.k8s.io/v1  }] without impersonating a user",
    ],
  ])("%s without a user → 400 BadRequest", (_name, headers, message) => {
    let err: unknown;
    try {
      impersonationRequestsOf(new Headers(headers));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).toStatus()).toMatchObject({ code: 400, reason: "BadRequest", message });
  });
});

describe("describeImpersonationRequests (Go %v of []ObjectReference)", () => {
  it("a service account", () => {
    expect(describeImpersonationRequests([{ kind: "ServiceAccount", namespace: "ns", name: "sa" }])).toBe("[{ServiceAccount ns sa    }]");
  });
});

describe("impersonationAttributes", () => {
  it.each<[ImpersonationRequest, object]>([
    [{ kind: "User", name: "bob" }, { apiGroup: "", resource: "users", name: "bob" }],
    [{ kind: "Group", name: "devs" }, { apiGroup: "", resource: "groups", name: "devs" }],
    [{ kind: "ServiceAccount", namespace: "ns1", name: "sa" }, { apiGroup: "", resource: "serviceaccounts", namespace: "ns1", name: "sa" }],
    [
      { kind: "UserExtra", key: "scopes", name: "view" },
      { apiGroup: "authentication.k8s.io", apiVersion: "v1", resource: "userextras", subresource: "scopes", name: "view" },
    ],
    [{ kind: "UID", name: "42" }, { apiGroup: "authentication.k8s.io", apiVersion: "v1", resource: "uids", name: "42" }],
  ])("%j", (r, expected) => {
    const a = impersonationAttributes(requestor, r);
    expect(a).toMatchObject({ user: requestor, verb: "impersonate", resourceRequest: true, ...expected });
    if (r.kind !== "ServiceAccount") expect(a.namespace).toBeUndefined();
    if (r.kind !== "UserExtra") expect(a.subresource).toBeUndefined();
  });
});

describe("impersonatedUser", () => {
  const user = (name: string): ImpersonationRequest => ({ kind: "User", name });
  const group = (name: string): ImpersonationRequest => ({ kind: "Group", name });
  const sa: ImpersonationRequest = { kind: "ServiceAccount", namespace: "ns1", name: "builder" };

  it.each<[string, ImpersonationRequest[], boolean, object]>([
    ["a user gets system:authenticated", [user("bob")], false, { username: "bob", groups: ["system:authenticated"] }],
    ["groups then system:authenticated", [user("bob"), group("devs")], true, { username: "bob", groups: ["devs", "system:authenticated"] }],
    ["system:authenticated given: not added twice", [user("bob"), group("system:authenticated")], true, { username: "bob", groups: ["system:authenticated"] }],
    ["system:unauthenticated given: system:authenticated not added", [user("bob"), group("system:unauthenticated")], true, { username: "bob", groups: ["system:unauthenticated"] }],
    ["anonymous gets system:unauthenticated", [user("system:anonymous")], false, { username: "system:anonymous", groups: ["system:unauthenticated"] }],
    ["anonymous with groups", [user("system:anonymous"), group("g")], true, { username: "system:anonymous", groups: ["g", "system:unauthenticated"] }],
    [
      "a service account without groups: its groups",
      [sa],
      false,
      { username: "system:serviceaccount:ns1:builder", groups: ["system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"] },
    ],
    ["a service account with groups: only those", [sa, group("devs")], true, { username: "system:serviceaccount:ns1:builder", groups: ["devs", "system:authenticated"] }],
    [
      "uid and extra",
      [user("bob"), { kind: "UID", name: "42" }, { kind: "UserExtra", key: "scopes", name: "a" }, { kind: "UserExtra", key: "scopes", name: "b" }],
      false,
      { username: "bob", uid: "42", groups: ["system:authenticated"], extra: { scopes: ["a", "b"] } },
    ],
  ])("%s", (_name, requests, groupsSpecified, expected) => {
    expect(impersonatedUser(requests, groupsSpecified)).toEqual(expected);
  });
});

describe("splitServiceAccountUsername (serviceaccount.SplitUsername)", () => {
  it.each([
    ["system:serviceaccount:default:builder", { namespace: "default", name: "builder" }],
    ["system:serviceaccount:kube-system:a.b-c", { namespace: "kube-system", name: "a.b-c" }],
    ["system:serviceaccount:default", undefined],
    ["system:serviceaccount:a:b:c", undefined],
    ["system:serviceaccount::x", undefined],
    ["system:serviceaccount:Default:x", undefined],
    ["system:serviceaccount:ns:under_score", undefined],
    ["bob", undefined],
  ])("%s", (username, expected) => {
    expect(splitServiceAccountUsername(username)).toEqual(expected);
  });
});

describe("unescapeExtraKey (url.PathUnescape, input kept when malformed)", () => {
  it.each([
    ["scopes", "scopes"],
    ["example.com%2fteam", "example.com/team"],
    ["a%20b+c", "a b+c"],
    ["caf%c3%a9", "café"],
    ["bad%zz", "bad%zz"],
    ["trailing%2", "trailing%2"],
  ])("%s → %s", (encoded, key) => {
    expect(unescapeExtraKey(encoded)).toBe(key);
  });
});
