/** The ServiceAccount admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const ServiceAccount: AdmissionPlugin = { name: "ServiceAccount" };
