/** The NamespaceLifecycle admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const NamespaceLifecycle: AdmissionPlugin = { name: "NamespaceLifecycle" };
