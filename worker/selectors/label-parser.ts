/**
 * The label selector string syntax, as k8s.io/apimachinery/pkg/labels (Lexer, Parser, Parse):
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * Error messages are upstream's (`unable to parse requirement: …`, `found 'x', expected: …`) because
 * the API server returns them verbatim in a 400 BadRequest. The result is sorted by key, and `in`/`notin`
 * values are de-duplicated and sorted (upstream collects them in a sets.String).
 */
import {
  sortByKey,
  validateRequirement,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelectorResult,
} from "./label-requirement";
import { goQuote, invalidError, isQualifiedName } from "./validation";

type Token =
  | "error"
  | "end"
  | ")"
  | ","
  | "!"
  | "=="
  | "="
  | ">"
  | "identifier"
  | "in"
  | "<"
  | "!="
  | "notin"
  | "(";

interface Scanned {
  tok: Token;
  lit: string;
}

/** string2token: the literal tokens; anything else is an identifier. */
const LITERAL_TOKENS: Record<string, Token> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecial = (c: string) => "=!(),><".includes(c);

/** Lexer.Lex over the whole input; the last item is always `end`. */
export function lexLabelSelector(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      out.push({ tok: "end", lit: "" });
      return out;
    }
    if (isSpecial(s[pos])) {
      // Longest run of special characters that is still a known token ("!=" over "!").
      let buffer = "";
      let last: Scanned | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buffer += s[pos];
        const tok = LITERAL_TOKENS[buffer];
        if (tok) {
          last = { tok, lit: buffer };
        } else if (last) {
          break;
        }
        pos++;
      }
      out.push(last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = "";
      while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
      const tok = Object.prototype.hasOwnProperty.call(LITERAL_TOKENS, buffer) ? LITERAL_TOKENS[buffer] : "identifier";
      out.push({ tok, lit: buffer });
    }
  }
}

/** Thrown inside the parser only; `parseLabelSelector` turns it into a result. */
class SelectorSyntaxError extends Error {}

const BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

class Parser {
  private position = 0;
  constructor(private readonly items: Scanned[]) {}

  /** In value context the keywords `in`/`notin` are plain identifiers. */
  private asValue(item: Scanned): Scanned {
    return item.tok === "in" || item.tok === "notin" ? { tok: "identifier", lit: item.lit } : item;
  }
  lookahead(): Scanned {
    return this.asValue(this.items[this.position]);
  }
  consume(valueContext = true): Scanned {
    const item = this.items[this.position++];
    return valueContext ? this.asValue(item) : item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead();
      if (tok === "end") return requirements;
      if (tok !== "identifier" && tok !== "!") {
        throw new SelectorSyntaxError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof SelectorSyntaxError) throw new SelectorSyntaxError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume();
      if (next.tok === "end") return requirements;
      if (next.tok !== ",") throw new SelectorSyntaxError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead();
      if (after.tok !== "identifier" && after.tok !== "!") {
        throw new SelectorSyntaxError(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let { tok, lit } = this.consume();
    let operator: LabelOperator | undefined;
    if (tok === "!") {
      operator = "!";
      ({ tok, lit } = this.consume());
    }
    if (tok !== "identifier") throw new SelectorSyntaxError(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    if (keyErrs.length) throw new SelectorSyntaxError(invalidError(null, goQuote(lit), keyErrs.join("; ")));
    const key = lit;
    const ahead = this.lookahead().tok;
    if (ahead === "end" || ahead === ",") operator = operator ?? "exists";
    if (operator === "exists" || operator === "!") return this.build({ key, operator, values: [] });

    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    return this.build({ key, operator: op, values });
  }

  private build(r: LabelRequirement): LabelRequirement {
    const err = validateRequirement(r);
    if (err) throw new SelectorSyntaxError(err);
    return r;
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case "in":
      case "notin":
      case "=":
      case "==":
      case "!=":
        return tok;
      case ">":
        return "gt";
      case "<":
        return "lt";
      default:
        throw new SelectorSyntaxError(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume();
    if (open.tok !== "(") throw new SelectorSyntaxError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead();
    if (tok === ")") {
      this.consume();
      return [""];
    }
    if (tok !== "identifier" && tok !== ",") {
      throw new SelectorSyntaxError(`found '${lit}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiersList();
    if (this.consume().tok !== ")") throw new SelectorSyntaxError(`found '${lit}', expected: ')'`);
    return values;
  }

  /** Possibly empty identifiers between commas: `(,a)`, `(a,)`, `(a,,b)` all include "". */
  private parseIdentifiersList(): string[] {
    const set = new Set<string>();
    const done = () => [...set].sort();
    for (;;) {
      const { tok, lit } = this.consume();
      if (tok === "identifier") {
        set.add(lit);
        const next = this.lookahead();
        if (next.tok === ",") continue;
        if (next.tok === ")") return done();
        throw new SelectorSyntaxError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ",") {
        if (set.size === 0) set.add("");
        const next = this.lookahead().tok;
        if (next === ")") {
          set.add("");
          return done();
        }
        if (next === ",") {
          this.consume();
          set.add("");
        }
        continue;
      }
      throw new SelectorSyntaxError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead().tok;
    if (ahead === "end" || ahead === ",") return [""];
    const { tok, lit } = this.consume();
    if (tok === "identifier") return [lit];
    throw new SelectorSyntaxError(`found '${lit}', expected: identifier`);
  }
}

/** labels.Parse: the `labelSelector` query parameter. "" selects everything (no requirements). */
export function parseLabelSelector(selector: string): LabelSelectorResult {
  try {
    return { ok: true, requirements: sortByKey(new Parser(lexLabelSelector(selector)).parse()) };
  } catch (e) {
    if (e instanceof SelectorSyntaxError) return { ok: false, message: e.message };
    throw e;
  }
}
