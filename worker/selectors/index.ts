/**
 * Label and field selectors (k8s.io/apimachinery/pkg/labels and pkg/fields): parsing with upstream's
 * error messages, matching, formatting, and the serializable ObjectFilter the store applies to LIST/WATCH.
 */
export {
  formatLabelRequirements,
  formatRequirement,
  matchLabels,
  matchRequirement,
  validateRequirement,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelectorResult,
  type Labels,
} from "./label-requirement";
export { lexLabelSelector, parseLabelSelector } from "./label-parser";
export {
  formatLabelSelector,
  labelSelectorFromObject,
  type LabelSelectorObject,
  type LabelSelectorObjectResult,
} from "./label-selector-object";
export {
  META_FIELD_SELECTORS,
  escapeFieldValue,
  formatFieldSelector,
  matchFields,
  parseFieldSelector,
  unescapeFieldValue,
  validateFieldSelector,
  type FieldRequirement,
  type FieldSelectorResult,
} from "./field-selector";
export { fieldValue } from "./field-value";
export { matchesFilter, parseObjectFilter, type ObjectFilter, type ObjectFilterResult } from "./filter";
