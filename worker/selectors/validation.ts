/**
 * Label key/value syntax checks (shared with the schemas: schema/validation/names.ts) and `field.Error`
 * rendering as pkg/util/validation/field (Error.Error()). The message texts are upstream's (v1.32), because
 * kubectl prints them verbatim.
 */

export { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "../../schema/validation/names";

/** Go's %q for the printable strings selectors carry (JSON escaping is the same for them). */
export const goQuote = (s: string): string => JSON.stringify(s);

/** Go's %#v of a []string: `[]string(nil)`, `[]string{"a", "b"}`. */
export const goStringSlice = (v: string[] | null): string =>
  v === null ? "[]string(nil)" : `[]string{${v.map(goQuote).join(", ")}}`;

/**
 * field.Invalid(path, value, detail).Error(): `<path>: Invalid value: <value>: <detail>`. A nil path prints
 * as `<nil>` (field.Path.String), which is what label selector parsing produces for a bad key.
 */
export const invalidError = (path: string | null, renderedValue: string, detail: string): string =>
  `${path ?? "<nil>"}: Invalid value: ${renderedValue}: ${detail}`;

/** utilerrors.NewAggregate(errs).Error(): one message as is, several as `[a, b]` (duplicates dropped). */
export function aggregate(messages: string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}
