/** STATIC_TOKENS parsing: Go encoding/csv reading and tokenfile.NewCSV semantics; constant-time matching. */
import { describe, expect, it } from "vitest";
import { constantTimeEqual, lookupStaticToken, parseTokenAuthFile, readCsv } from "../../../worker/authn/static-tokens";

describe("readCsv (Go encoding/csv, FieldsPerRecord = -1)", () => {
  it.each([
    ["simple records", "a,b,c\nd,e", [["a", "b", "c"], ["d", "e"]]],
    ["CRLF line ends", "a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]],
    ["a final CR is dropped", "a,b\r", [["a", "b"]]],
    ["empty lines are skipped", "\n\na,b\n\n\nc\n", [["a", "b"], ["c"]]],
    ["no trailing newline", "a,b", [["a", "b"]]],
    ["quoted field with commas", 'tok,user,uid,"g1,g2"', [["tok", "user", "uid", "g1,g2"]]],
    ["doubled quotes inside a quoted field", '"a ""b"" c",d', [['a "b" c', "d"]]],
    ["a quoted field spans lines", '"line1\nline2",x\ny', [["line1\nline2", "x"], ["y"]]],
    ["an empty line inside a quoted field is kept", '"a\n\nb"', [["a\n\nb"]]],
    ["spaces are kept (TrimLeadingSpace = false)", " a , b ", [[" a ", " b "]]],
    ["empty fields", ",,", [["", "", ""]]],
    ["trailing empty field after a quoted one", '"a",', [["a", ""]]],
    ["a # line is a record (no comment character)", "# note,x,y", [["# note", "x", "y"]]],
    ["a line of spaces is a record", "  \n", [["  "]]],
  ])("%s", (_name, text, records) => {
    expect(readCsv(text)).toEqual({ records });
  });

  it.each([
    ["bare quote in an unquoted field", 'a,b"c', 'parse error on line 1, column 4: bare " in non-quoted-field'],
    ["text after a closing quote", '"a"b,c', 'parse error on line 1, column 3: extraneous or missing " in quoted-field'],
    ["unterminated quote", 'x\n"abc', 'parse error on line 2, column 5: extraneous or missing " in quoted-field'],
    ["unterminated quote before the final newline", 'x\n"abc\n', 'parse error on line 2, column 6: extraneous or missing " in quoted-field'],
    ["unterminated multi-line quote", '"a\nb', 'record on line 1; parse error on line 2, column 2: extraneous or missing " in quoted-field'],
  ])("%s → error", (_name, text, error) => {
    expect(readCsv(text)).toEqual({ error });
  });
});

describe("parseTokenAuthFile (tokenfile.NewCSV)", () => {
  const users = (text: string) => {
    const r = parseTokenAuthFile(text);
    if ("error" in r) throw new Error(r.error);
    return Object.fromEntries(r.tokens);
  };

  it.each([
    ["3 columns: no groups", "t1,alice,1001", { t1: { username: "alice", uid: "1001", groups: [] } }],
    ["4th column split on every comma", 't1,alice,1001,"a,b,c"', { t1: { username: "alice", uid: "1001", groups: ["a", "b", "c"] } }],
    ["empty uid is omitted", "t1,alice,,devs", { t1: { username: "alice", groups: ["devs"] } }],
    ["an empty 4th column is one empty group", "t1,alice,1,", { t1: { username: "alice", uid: "1", groups: [""] } }],
    ["columns after the 4th are ignored", "t1,alice,1,g,extra,more", { t1: { username: "alice", uid: "1", groups: ["g"] } }],
    ["an empty username is kept as is", "t1,,1", { t1: { username: "", uid: "1", groups: [] } }],
  ])("%s", (_name, text, expected) => {
    expect(users(text)).toEqual(expected);
  });

  it("skips an empty token and keeps the later of duplicated tokens, with upstream's warnings", () => {
    const r = parseTokenAuthFile(",nobody,0\nt1,first,1\nt1,second,2\n", "tokens.csv");
    expect(r).toEqual({
      tokens: new Map([["t1", { username: "second", uid: "2", groups: [] }]]),
      warnings: [
        "empty token has been found in token file 'tokens.csv', record number '1'",
        "duplicate token has been found in token file 'tokens.csv', record number '3'",
      ],
    });
  });

  it.each([
    ["fewer than 3 columns", "t1,alice,1\nt2,bob\n", "token file 'STATIC_TOKENS' must have at least 3 columns (token, user name, user uid), found 2"],
    ["a comment line (upstream has none)", "# tokens\nt1,alice,1", "token file 'STATIC_TOKENS' must have at least 3 columns (token, user name, user uid), found 1"],
    ["a CSV quoting error", 't1,al"ice,1', 'parse error on line 1, column 6: bare " in non-quoted-field'],
  ])("rejects the whole file on %s", (_name, text, error) => {
    expect(parseTokenAuthFile(text)).toEqual({ error });
  });
});

describe("lookupStaticToken", () => {
  const file = 't1,alice,1001,"devs,ops"\nt2,bob,1002\n';

  it.each([
    ["t1", { username: "alice", uid: "1001", groups: ["devs", "ops"] }],
    ["t2", { username: "bob", uid: "1002", groups: [] }],
    ["t3", undefined],
    ["t", undefined],
    ["t1 ", undefined],
  ])("token %j", async (token, expected) => {
    expect(await lookupStaticToken(file, token)).toEqual(expected);
  });

  it("accepts nothing from a rejected file or an unset binding", async () => {
    expect(await lookupStaticToken("t1,alice", "t1")).toBeUndefined();
    expect(await lookupStaticToken(undefined, "t1")).toBeUndefined();
    expect(await lookupStaticToken("", "t1")).toBeUndefined();
  });

  it("returns copies: a caller mutating the groups does not change the next lookup", async () => {
    const first = await lookupStaticToken(file, "t1");
    first!.groups.push("system:masters");
    expect((await lookupStaticToken(file, "t1"))!.groups).toEqual(["devs", "ops"]);
  });
});

describe("constantTimeEqual", () => {
  const b = (...x: number[]) => new Uint8Array(x);
  it.each([
    [b(1, 2, 3), b(1, 2, 3), true],
    [b(1, 2, 3), b(1, 2, 4), false],
    [b(1, 2), b(1, 2, 3), false],
    [b(), b(), true],
  ])("%j vs %j → %s", (a, c, eq) => {
    expect(constantTimeEqual(a, c)).toBe(eq);
  });
});
