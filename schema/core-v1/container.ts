/**
 * Containers (core/v1 `Container`, `EphemeralContainer`) and everything inside them: ports, env, mounts,
 * probes and lifecycle handlers, security context, resize and restart policies.
 * Patch metadata follows upstream's types.go markers (ports keyed by containerPort+protocol, env by name,
 * volumeMounts by mountPath, volumeDevices by devicePath; other lists atomic).
 */
import { z } from "zod";
import { atomicList, bool, int32, int64, intOrString, listOf, mapList, opt, str } from "../meta";
import {
  def,
  ObjectFieldSelectorSchema,
  ResourceFieldSelectorSchema,
  ResourceRequirementsSchema,
} from "./common";

export const ContainerPortSchema = def(
  "ContainerPort",
  {
    containerPort: opt(int32).describe("Port number on the pod's IP address (1-65535)."),
    hostIP: opt(str),
    hostPort: opt(int32),
    name: opt(str).describe("IANA_SVC_NAME, unique within the pod; services can refer to it."),
    protocol: opt(str).describe("TCP (default), UDP or SCTP."),
  },
  { required: ["containerPort"] },
);

export const ConfigMapKeySelectorSchema = def(
  "ConfigMapKeySelector",
  { key: opt(str), name: opt(str), optional: opt(bool) },
  { "x-kubernetes-map-type": "atomic", required: ["key"] },
);

export const SecretKeySelectorSchema = def(
  "SecretKeySelector",
  { key: opt(str), name: opt(str), optional: opt(bool) },
  { "x-kubernetes-map-type": "atomic", required: ["key"] },
);

/** A key of an env file in a volume (1.34+). */
export const FileKeySelectorSchema = def(
  "FileKeySelector",
  { key: opt(str), optional: opt(bool), path: opt(str), volumeName: opt(str) },
  { "x-kubernetes-map-type": "atomic", required: ["volumeName", "path", "key"] },
);

export const EnvVarSourceSchema = def("EnvVarSource", {
  configMapKeyRef: opt(ConfigMapKeySelectorSchema),
  fieldRef: opt(ObjectFieldSelectorSchema),
  fileKeyRef: opt(FileKeySelectorSchema),
  resourceFieldRef: opt(ResourceFieldSelectorSchema),
  secretKeyRef: opt(SecretKeySelectorSchema),
});

export const EnvVarSchema = def(
  "EnvVar",
  { name: opt(str), value: opt(str), valueFrom: opt(EnvVarSourceSchema) },
  { required: ["name"] },
);

export const ConfigMapEnvSourceSchema = def("ConfigMapEnvSource", { name: opt(str), optional: opt(bool) });
export const SecretEnvSourceSchema = def("SecretEnvSource", { name: opt(str), optional: opt(bool) });

export const EnvFromSourceSchema = def("EnvFromSource", {
  configMapRef: opt(ConfigMapEnvSourceSchema),
  prefix: opt(str),
  secretRef: opt(SecretEnvSourceSchema),
});

export const VolumeMountSchema = def(
  "VolumeMount",
  {
    mountPath: opt(str).describe("Path inside the container; must not contain ':'."),
    mountPropagation: opt(str),
    name: opt(str).describe("Name of a volume of the pod."),
    readOnly: opt(bool),
    recursiveReadOnly: opt(str),
    subPath: opt(str),
    subPathExpr: opt(str),
  },
  { required: ["name", "mountPath"] },
);

export const VolumeDeviceSchema = def(
  "VolumeDevice",
  { devicePath: opt(str), name: opt(str) },
  { required: ["name", "devicePath"] },
);

export const HTTPHeaderSchema = def("HTTPHeader", { name: opt(str), value: opt(str) }, { required: ["name", "value"] });

export const HTTPGetActionSchema = def(
  "HTTPGetAction",
  {
    host: opt(str),
    httpHeaders: atomicList(HTTPHeaderSchema),
    path: opt(str),
    port: opt(intOrString).describe("Port number or IANA_SVC_NAME on the container."),
    scheme: opt(str).describe("HTTP (default) or HTTPS."),
  },
  { required: ["port"] },
);

export const TCPSocketActionSchema = def(
  "TCPSocketAction",
  { host: opt(str), port: opt(intOrString) },
  { required: ["port"] },
);

export const GRPCActionSchema = def("GRPCAction", { port: opt(int32), service: opt(str) }, { required: ["port"] });

export const ExecActionSchema = def("ExecAction", { command: atomicList(str) });

export const SleepActionSchema = def("SleepAction", { seconds: opt(int64) }, { required: ["seconds"] });

export const ProbeSchema = def(
  "Probe",
  {
    exec: opt(ExecActionSchema),
    failureThreshold: opt(int32).describe("Defaults to 3."),
    grpc: opt(GRPCActionSchema),
    httpGet: opt(HTTPGetActionSchema),
    initialDelaySeconds: opt(int32),
    periodSeconds: opt(int32).describe("Defaults to 10."),
    successThreshold: opt(int32).describe("Defaults to 1; must be 1 for liveness and startup probes."),
    tcpSocket: opt(TCPSocketActionSchema),
    terminationGracePeriodSeconds: opt(int64),
    timeoutSeconds: opt(int32).describe("Defaults to 1."),
  },
  { description: "A health check: exactly one handler (exec, httpGet, tcpSocket or grpc) plus timing." },
);

export const LifecycleHandlerSchema = def("LifecycleHandler", {
  exec: opt(ExecActionSchema),
  httpGet: opt(HTTPGetActionSchema),
  sleep: opt(SleepActionSchema),
  tcpSocket: opt(TCPSocketActionSchema),
});

export const LifecycleSchema = def("Lifecycle", {
  postStart: opt(LifecycleHandlerSchema),
  preStop: opt(LifecycleHandlerSchema),
  stopSignal: opt(str),
});

export const CapabilitiesSchema = def("Capabilities", { add: atomicList(str), drop: atomicList(str) });

export const SELinuxOptionsSchema = def("SELinuxOptions", {
  level: opt(str),
  role: opt(str),
  type: opt(str),
  user: opt(str),
});

export const SeccompProfileSchema = def(
  "SeccompProfile",
  { localhostProfile: opt(str), type: opt(str).describe("Localhost, RuntimeDefault or Unconfined.") },
  {
    required: ["type"],
    "x-kubernetes-unions": [{ discriminator: "type", "fields-to-discriminateBy": { localhostProfile: "LocalhostProfile" } }],
  },
);

export const AppArmorProfileSchema = def(
  "AppArmorProfile",
  { localhostProfile: opt(str), type: opt(str).describe("Localhost, RuntimeDefault or Unconfined.") },
  {
    required: ["type"],
    "x-kubernetes-unions": [{ discriminator: "type", "fields-to-discriminateBy": { localhostProfile: "LocalhostProfile" } }],
  },
);

export const WindowsSecurityContextOptionsSchema = def("WindowsSecurityContextOptions", {
  gmsaCredentialSpec: opt(str),
  gmsaCredentialSpecName: opt(str),
  hostProcess: opt(bool),
  runAsUserName: opt(str),
});

export const SecurityContextSchema = def(
  "SecurityContext",
  {
    allowPrivilegeEscalation: opt(bool),
    appArmorProfile: opt(AppArmorProfileSchema),
    capabilities: opt(CapabilitiesSchema),
    privileged: opt(bool),
    procMount: opt(str),
    readOnlyRootFilesystem: opt(bool),
    runAsGroup: opt(int64),
    runAsNonRoot: opt(bool),
    runAsUser: opt(int64),
    seLinuxOptions: opt(SELinuxOptionsSchema),
    seccompProfile: opt(SeccompProfileSchema),
    windowsOptions: opt(WindowsSecurityContextOptionsSchema),
  },
  { description: "Container-level security settings; they override PodSecurityContext." },
);

export const ContainerResizePolicySchema = def(
  "ContainerResizePolicy",
  { resourceName: opt(str), restartPolicy: opt(str) },
  { required: ["resourceName", "restartPolicy"] },
);

export const ContainerRestartRuleOnExitCodesSchema = def(
  "ContainerRestartRuleOnExitCodes",
  { operator: opt(str), values: listOf(int32, { "x-kubernetes-list-type": "set" }) },
  { required: ["operator"] },
);

/** Per-container restart rules (1.34+). */
export const ContainerRestartRuleSchema = def(
  "ContainerRestartRule",
  { action: opt(str), exitCodes: opt(ContainerRestartRuleOnExitCodesSchema) },
  { required: ["action"] },
);

/** Fields common to Container and EphemeralContainer (upstream's EphemeralContainerCommon). */
export const containerShape = {
  args: atomicList(str).describe("Arguments to the entrypoint; the image's CMD if absent."),
  command: atomicList(str).describe("Entrypoint array; the image's ENTRYPOINT if absent. Not run in a shell."),
  env: mapList(EnvVarSchema, ["name"]).describe("Environment variables to set in the container."),
  envFrom: atomicList(EnvFromSourceSchema),
  image: opt(str).describe("Container image name."),
  imagePullPolicy: opt(str).describe("Always, Never or IfNotPresent; defaults to Always for :latest or no tag."),
  lifecycle: opt(LifecycleSchema),
  livenessProbe: opt(ProbeSchema),
  name: opt(str).describe("DNS label, unique among all containers of the pod."),
  ports: listOf(ContainerPortSchema, {
    "x-kubernetes-patch-merge-key": "containerPort",
    "x-kubernetes-patch-strategy": "merge",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
  }).describe("Ports to expose from the container."),
  readinessProbe: opt(ProbeSchema),
  resizePolicy: atomicList(ContainerResizePolicySchema),
  resources: opt(ResourceRequirementsSchema).describe("Compute resources required by this container."),
  restartPolicy: opt(str).describe("Only Always, only for init containers (sidecars)."),
  restartPolicyRules: atomicList(ContainerRestartRuleSchema),
  securityContext: opt(SecurityContextSchema),
  startupProbe: opt(ProbeSchema),
  stdin: opt(bool),
  stdinOnce: opt(bool),
  terminationMessagePath: opt(str),
  terminationMessagePolicy: opt(str),
  tty: opt(bool),
  volumeDevices: mapList(VolumeDeviceSchema, ["devicePath"]),
  volumeMounts: mapList(VolumeMountSchema, ["mountPath"]).describe("Pod volumes to mount into the container."),
  workingDir: opt(str),
};

export const ContainerSchema = def("Container", containerShape, {
  required: ["name"],
  description: "A single application container to run within a pod.",
});

export const EphemeralContainerSchema = def(
  "EphemeralContainer",
  { ...containerShape, targetContainerName: opt(str) },
  { required: ["name"], description: "A temporary debugging container added through the ephemeralcontainers subresource." },
);

export type Container = z.infer<typeof ContainerSchema>;
export type Probe = z.infer<typeof ProbeSchema>;
