/** Validation helpers of the non-core group modules, in one import. */
export * from "./field-errors-local";
export * from "./validation-names";
export * from "./validation-selectors";
