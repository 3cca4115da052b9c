import { describe, expect, it } from "vitest";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  regexError,
} from "../../../../schema/validation";

const LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QNAME =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("regexError", () => {
  it("formats examples like upstream (two spaces before `or`)", () => {
    expect(regexError("m", "f", "a", "b")).toBe("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
    expect(regexError("m", "f")).toBe("m (regex used for validation is 'f')");
  });
});

describe("isDNS1123Label", () => {
  it.each<[string, string[]]>([
    ["my-name", []],
    ["123-abc", []],
    ["a", []],
    ["a".repeat(63), []],
    ["a".repeat(64), ["must be no more than 63 characters"]],
    ["My-Name", [LABEL_ERR]],
    ["-a", [LABEL_ERR]],
    ["a-", [LABEL_ERR]],
    ["a.b", ["must not contain dots"]],
    ["", [LABEL_ERR]],
  ])("%j", (value, errs) => {
    expect(isDNS1123Label(value)).toEqual(errs);
  });
});

describe("isDNS1123Subdomain", () => {
  it.each<[string, string[]]>([
    ["example.com", []],
    ["a-b.c-d", []],
    ["x".repeat(253), []],
    ["x".repeat(254), ["must be no more than 253 characters"]],
    ["Example.com", [SUBDOMAIN_ERR]],
    ["a..b", [SUBDOMAIN_ERR]],
    ["a_b", [SUBDOMAIN_ERR]],
  ])("%j", (value, errs) => {
    expect(isDNS1123Subdomain(value)).toEqual(errs);
  });

  it("generateName prefixes may end in '-'", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([SUBDOMAIN_ERR]);
  });
});

describe("isDNS1035Label", () => {
  it.each<[string, number]>([
    ["svc", 0],
    ["my-svc-1", 0],
    ["1svc", 1],
    ["svc.a", 1],
  ])("%j → %d errors", (value, n) => {
    expect(isDNS1035Label(value)).toHaveLength(n);
  });
});

describe("isQualifiedName (label and annotation keys)", () => {
  it.each<[string, string[]]>([
    ["app", []],
    ["app.kubernetes.io/name", []],
    ["example.com/My_Key.1", []],
    ["", ["name part must be non-empty", `name part ${QNAME}`]],
    ["/name", ["prefix part must be non-empty"]],
    ["Example.com/name", [`prefix part ${SUBDOMAIN_ERR}`]],
    ["a/b/c", [`a qualified name ${QNAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]],
    ["-bad", [`name part ${QNAME}`]],
    ["x".repeat(64), ["name part must be no more than 63 characters"]],
  ])("%j", (value, errs) => {
    expect(isQualifiedName(value)).toEqual(errs);
  });
});

describe("isValidLabelValue", () => {
  it.each<[string, number]>([
    ["", 0],
    ["v1.2_3-x", 0],
    ["x".repeat(63), 0],
    ["x".repeat(64), 1],
    ["has space", 1],
    ["-lead", 1],
  ])("%j → %d errors", (value, n) => {
    expect(isValidLabelValue(value)).toHaveLength(n);
  });
});

describe("isConfigMapKey", () => {
  it.each<[string, string[]]>([
    ["app.properties", []],
    ["KEY_name-1", []],
    [".dotfile", []],
    [".", ["must not be '.'"]],
    ["..", ["must not be '..'"]],
    ["..x", ["must not start with '..'"]],
  ])("%j", (value, errs) => {
    expect(isConfigMapKey(value)).toEqual(errs);
  });

  it("rejects characters outside [-._a-zA-Z0-9]", () => {
    expect(isConfigMapKey("a/b")[0]).toMatch(/^a valid config key must consist of alphanumeric characters, '-', '_' or '\.'/);
  });
});

describe("ports", () => {
  it.each<[number, number]>([[1, 0], [65535, 0], [0, 1], [65536, 1], [1.5, 1]])("port %d → %d errors", (p, n) => {
    expect(isValidPortNum(p)).toHaveLength(n);
  });

  it.each<[string, string[]]>([
    ["http", []],
    ["http-alt", []],
    ["a".repeat(16), ["must be no more than 15 characters"]],
    ["HTTP", ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)"]],
    ["8080", ["must contain at least one letter (a-z)"]],
    ["a--b", ["must not contain consecutive hyphens"]],
    ["-a", ["must not begin or end with a hyphen"]],
  ])("port name %j", (name, errs) => {
    expect(isValidPortName(name)).toEqual(errs);
  });
});

describe("IPs and env var names", () => {
  it.each<[string, boolean]>([
    ["10.0.0.1", true],
    ["255.255.255.255", true],
    ["256.0.0.1", false],
    ["10.0.0", false],
    ["::1", true],
    ["2001:db8::ffff", true],
    ["fe80::1:2:3:4:5:6", true],
    ["::ffff:10.0.0.1", true],
    ["1:2:3:4:5:6:7:8", true],
    ["1:2:3:4:5:6:7:8:9", false],
    ["1::2::3", false],
    ["example.com", false],
  ])("isIP(%j) = %s", (ip, ok) => {
    expect(isIP(ip)).toBe(ok);
  });

  it.each<[string, number]>([["MY_VAR", 0], ["my.var-1", 0], ["1abc", 0], ["A=B", 1], ["tab\t", 1]])("env name %j → %d errors", (n, c) => {
    expect(isRelaxedEnvVarName(n)).toHaveLength(c);
  });
});
