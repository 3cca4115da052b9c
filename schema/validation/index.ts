/**
 * Semantic validation shared by every API group: field errors and paths, name/label/port formats, ObjectMeta,
 * label selectors, quantities and immutability helpers. Messages are upstream's (k8s.io/apimachinery).
 */
export * from "./field-errors";
export * from "./generic";
export * from "./label-selector";
export * from "./names";
export * from "./object-meta";
export * from "./quantity";
