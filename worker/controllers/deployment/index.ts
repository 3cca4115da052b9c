/** The Deployment controller: its control loop and the pure sync it performs. */
export { deploymentLoop, deploymentWakes, executeDeploymentPlan, syncDeployment } from "./loop";
export { planDeployment, type DeploymentSyncInput } from "./plan";
export type { DeploymentAction, DeploymentPlan } from "./context";
export { computeHash } from "./hash";
