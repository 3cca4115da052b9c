import { describe, expect, it } from "vitest";
import { commandAndArgs, expand, expandSubPathExpr, mappingFor } from "../../../../worker/kubelet/pod-env/expansion";

const vars = { VAR_A: "A", VAR_B: "B", VAR_C: "C", VAR_REF: "$(VAR_A)", VAR_EMPTY: "" };

describe("expand (third_party/forked/golang/expansion)", () => {
  const mapping = mappingFor(new Map(Object.entries(vars)));
  it.each([
    ["whole string", "$(VAR_A)", "A"],
    ["repeat", "$(VAR_A)-$(VAR_A)", "A-A"],
    ["beginning", "$(VAR_A)-1", "A-1"],
    ["middle", "___$(VAR_B)___", "___B___"],
    ["end", "___$(VAR_C)", "___C"],
    ["compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"],
    ["escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"],
    ["compound escape", "$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"],
    ["mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A"],
    ["backslash escape ignored", "foo\\$(VAR_C)bar", "foo\\Cbar"],
    ["nested var references", "$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"],
    ["nested var references, second type", "$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"],
    ["a value that is a reference is not expanded again", "$(VAR_REF)", "$(VAR_A)"],
    ["value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"],
    ["empty var", "foo$(VAR_EMPTY)bar", "foobar"],
    ["unterminated expression", "foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"],
    ["expression without operator", "f00__(VAR_A)__", "f00__(VAR_A)__"],
    ["shell special vars pass through", "$?_boo_$!", "$?_boo_$!"],
    ["bare operators are ignored", "$VAR_A", "$VAR_A"],
    ["undefined vars are passed through", "$(VAR_DNE)", "$(VAR_DNE)"],
    ["multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"],
    ["multiple (even) operators, var defined", "$$$$$$(VAR_A)", "$$$(VAR_A)"],
    ["multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"],
    ["multiple (odd) operators, var defined", "$$$$$$$(VAR_A)", "$$$A"],
    ["missing open expression", "$VAR_A)", "$VAR_A)"],
    ["shell syntax ignored", "${VAR_A}", "${VAR_A}"],
    ["trailing incomplete expression not consumed", "$(VAR_B)_______$(A", "B_______$(A"],
    ["trailing incomplete expression, no content", "$(VAR_C)_______$(", "C_______$("],
    ["operator at the end of input is preserved", "$(VAR_A)foobarzab$", "Afoobarzab$"],
    ["lots of $( in the middle", "--$($($($($--", "--$($($($($--"],
    ["lots of $( at the beginning", "$($($($($--foo$(", "$($($($($--foo$("],
    ["escaped operators in variable names are not escaped", "$(foo$$var)", "$(foo$$var)"],
    ["a non-ASCII character after the operator", "$é$(VAR_A)", "$éA"],
    ["newline not expanded", "\n", "\n"],
  ])("%s", (_name, input, expected) => expect(expand(input, mapping)).toBe(expected));

  it("looks names up in each context in turn", () => {
    const m = mappingFor(new Map([["A", "first"]]), { A: "second", B: "service" });
    expect(expand("$(A) $(B) $(C)", m)).toBe("first service $(C)");
  });
});

describe("commandAndArgs (ExpandContainerCommandAndArgs)", () => {
  const env = [
    { name: "GREETING", value: "hello" },
    { name: "TARGET", value: "world" },
    { name: "TARGET", value: "there" },
  ];
  it.each([
    ["command and args expanded, later duplicates win", { command: ["/bin/echo", "$(GREETING)"], args: ["$(TARGET)", "$$(TARGET)"] }, ["/bin/echo", "hello"], ["there", "$(TARGET)"]],
    ["unknown names kept", { command: ["run", "$(MISSING)"] }, ["run", "$(MISSING)"], []],
    ["neither set", {}, [], []],
  ])("%s", (_name, container, command, args) => expect(commandAndArgs(container, env)).toEqual({ command, args }));
});

describe("expandSubPathExpr (ExpandContainerVolumeMounts)", () => {
  const env = [
    { name: "POD_NAME", value: "web-0" },
    { name: "EMPTY", value: "" },
  ];
  it.each([
    ["a defined variable", "logs/$(POD_NAME)", { ok: true, value: "logs/web-0" }],
    ["no reference", "plain", { ok: true, value: "plain" }],
    ["an empty variable is missing", "$(EMPTY)", { ok: false, message: "missing value for EMPTY" }],
    ["missing names sorted", "$(ZED)/$(ALPHA)/$(POD_NAME)", { ok: false, message: "missing value for ALPHA, ZED" }],
  ])("%s", (_name, expr, expected) => expect(expandSubPathExpr(expr, env)).toEqual(expected));
});
