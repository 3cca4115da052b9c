/** The LimitRanger admission plugin. Placeholder. */
import type { AdmissionPlugin } from "./plugins";

export const LimitRanger: AdmissionPlugin = { name: "LimitRanger" };
