/** batch/v1: Job and CronJob accept corpus, defaults (incl. the generated selector), rejects and update rules. */
import { describe, expect, it } from "vitest";
import { batchV1, cronScheduleError } from "../../../../schema/batch-v1";
import { admit, clone, kindOf, load, stored, update } from "../group-helpers";

const job = kindOf(batchV1, "Job");
const cronJob = kindOf(batchV1, "CronJob");
const UID = "0b9a6a4c-6e4f-4a8e-9c1e-1f2d3c4b5a69";

const PI_JOB = `
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  template:
    metadata: {labels: {app: pi}}
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
`;

/** `kubectl create job hello --image=busybox -- echo hi --dry-run=client -o yaml`. */
const KUBECTL_CREATE_JOB = `
apiVersion: batch/v1
kind: Job
metadata: {creationTimestamp: null, name: hello}
spec:
  template:
    metadata: {creationTimestamp: null}
    spec:
      containers:
      - command: [echo, hi]
        image: busybox
        name: hello
        resources: {}
      restartPolicy: Never
status: {}
`;

const INDEXED_JOB = `
apiVersion: batch/v1
kind: Job
metadata: {name: indexed}
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  backoffLimitPerIndex: 1
  maxFailedIndexes: 2
  ttlSecondsAfterFinished: 100
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}
    - action: Ignore
      onPodConditions: [{type: DisruptionTarget}]
  successPolicy:
    rules: [{succeededIndexes: "0-2", succeededCount: 2}]
  template:
    spec:
      containers: [{name: main, image: "docker.io/library/bash:5", command: ["bash", "-c", "exit 0"]}]
      restartPolicy: Never
`;

const CRON_JOB = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/1 * * * *"
  timeZone: Europe/Paris
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command: [/bin/sh, -c, date; echo Hello from the Kubernetes cluster]
          restartPolicy: OnFailure
`;

describe("batch/v1 accept corpus", () => {
  it.each([
    ["pi job", job, PI_JOB],
    ["kubectl create job", job, KUBECTL_CREATE_JOB],
    ["indexed job with policies", job, INDEXED_JOB],
    ["cron job", cronJob, CRON_JOB],
  ] as const)("%s decodes, defaults and validates cleanly", (_n, def, yaml) => {
    const { issues, errors } = admit(def, load(yaml));
    expect(issues).toEqual([]);
    expect(errors).toEqual([]);
  });

  // Not for a Job whose template had no labels: the second pass (an update, upstream too) copies the now
  // generated template labels onto the Job.
  it("Job defaulting is idempotent", () => {
    const first = admit(job, load(PI_JOB)).obj;
    expect(admit(job, clone(first)).obj).toEqual(first);
  });
});

describe("Job defaults", () => {
  it("completions/parallelism 1, backoffLimit 6, NonIndexed, suspend false, TerminatingOrFailed", () => {
    const { obj } = admit(job, load(KUBECTL_CREATE_JOB));
    expect(obj.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
    });
    expect(obj.spec.manualSelector).toBeUndefined();
  });

  it("generates the selector and pod labels; a Job whose template had labels shows them too", () => {
    const { obj } = admit(job, load(PI_JOB));
    const generated = {
      "batch.kubernetes.io/controller-uid": UID,
      "batch.kubernetes.io/job-name": "pi",
      "controller-uid": UID,
      "job-name": "pi",
    };
    expect(obj.spec.selector).toEqual({ matchLabels: { "batch.kubernetes.io/controller-uid": UID } });
    expect(obj.spec.template.metadata.labels).toEqual({ app: "pi", ...generated });
    expect(obj.metadata.labels).toEqual({ app: "pi", ...generated });
  });

  it("a Job whose template had no labels keeps no labels of its own", () => {
    const { obj } = admit(job, load(KUBECTL_CREATE_JOB));
    expect(obj.metadata.labels).toBeUndefined();
    expect(Object.keys(obj.spec.template.metadata.labels)).toHaveLength(4);
  });

  it("parallelism alone leaves completions unset; backoffLimitPerIndex makes backoffLimit MaxInt32", () => {
    const j = load(INDEXED_JOB);
    delete j.spec.completions;
    delete j.spec.backoffLimit;
    delete j.spec.podFailurePolicy;
    const { obj } = admit(job, j);
    expect(obj.spec.completions).toBeUndefined();
    expect(obj.spec.backoffLimit).toBe(2147483647);
    expect(obj.spec.podFailurePolicy).toBeUndefined();
  });

  it("podFailurePolicy makes podReplacementPolicy Failed and pattern status True", () => {
    const { obj } = admit(job, load(INDEXED_JOB));
    expect(obj.spec.podReplacementPolicy).toBe("Failed");
    expect(obj.spec.podFailurePolicy.rules[1].onPodConditions[0].status).toBe("True");
  });

  it("manualSelector keeps the user's selector and labels", () => {
    const j = load(PI_JOB);
    j.spec.manualSelector = true;
    j.spec.selector = { matchLabels: { app: "pi" } };
    const { obj, errors } = admit(job, j);
    expect(errors).toEqual([]);
    expect(obj.spec.template.metadata.labels).toEqual({ app: "pi" });
  });
});

describe("Job rejects", () => {
  const withSpec = (edit: (spec: Record<string, any>) => void) => {
    const j = load(PI_JOB);
    edit(j.spec);
    return j;
  };
  it.each<[string, Record<string, any>, string[]]>([
    ["restartPolicy Always", withSpec((s) => (s.template.spec.restartPolicy = "Always")), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ["negative backoffLimit", withSpec((s) => (s.backoffLimit = -1)), ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"]],
    ["Indexed without completions", withSpec((s) => ((s.completionMode = "Indexed"), (s.parallelism = 2))), ["spec.completions: Required value: when completion mode is Indexed"]],
    ["unknown completionMode", withSpec((s) => (s.completionMode = "Sometimes")), ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']],
    [
      "rule with neither onExitCodes nor onPodConditions",
      withSpec((s) => (s.podFailurePolicy = { rules: [{ action: "FailJob" }] })),
      ["spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"],
    ],
    [
      "unordered exit codes",
      withSpec((s) => (s.podFailurePolicy = { rules: [{ action: "Count", onExitCodes: { operator: "NotIn", values: [3, 1] } }] })),
      ["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: must be ordered"],
    ],
    [
      "manual selector that does not match",
      withSpec((s) => ((s.manualSelector = true), (s.selector = { matchLabels: { app: "other" } }))),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"pi"}: `selector` does not match template `labels`'],
    ],
  ])("%s", (_n, obj, expected) => {
    expect(admit(job, obj).errors).toEqual(expected);
  });

  it("a user-set job-name label that disagrees is reported", () => {
    const j = load(PI_JOB);
    j.spec.template.metadata.labels["job-name"] = "other";
    expect(admit(job, j).errors).toEqual([
      `spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"${UID}", "batch.kubernetes.io/job-name":"pi", "controller-uid":"${UID}", "job-name":"other"}: must be 'pi'`,
    ]);
  });
});

describe("Job updates", () => {
  it("template and selector are immutable; parallelism is not", () => {
    const old = stored(job, PI_JOB);
    expect(update(job, old, (o) => (o.spec.parallelism = 3)).errors).toEqual([]);
    const t = update(job, old, (o) => (o.spec.template.spec.containers[0].image = "perl:5.36"));
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
    const s = update(job, old, (o) => (o.spec.selector.matchLabels.extra = "x"));
    expect(s.errors).toContain(
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"${UID}", "extra":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`,
    );
  });

  it("a suspended job that never started may change scheduling directives", () => {
    const j = load(PI_JOB);
    j.spec.suspend = true;
    const old = stored(job, JSON.stringify(j));
    const { errors } = update(job, old, (o) => {
      o.spec.template.spec.nodeSelector = { disk: "ssd" };
      o.spec.template.metadata.labels.team = "a";
    });
    expect(errors).toEqual([]);
  });

  it("completions of an Indexed job change only in tandem with parallelism", () => {
    const old = stored(job, INDEXED_JOB);
    expect(update(job, old, (o) => ((o.spec.completions = 4), (o.spec.parallelism = 4))).errors).toEqual([]);
    expect(update(job, old, (o) => (o.spec.completions = 4)).errors).toEqual([
      "spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism",
    ]);
  });
});

describe("CronJob", () => {
  it("defaults: Allow, suspend false, history 3/1, pod template defaults", () => {
    const { obj } = admit(cronJob, load(CRON_JOB));
    expect(obj.spec).toMatchObject({ concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(obj.spec.jobTemplate.spec.template.spec.dnsPolicy).toBe("ClusterFirst");
    expect(obj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
  });

  const withSpec = (edit: (spec: Record<string, any>) => void, name = "hello") => {
    const c = load(CRON_JOB);
    c.metadata.name = name;
    edit(c.spec);
    return c;
  };
  it.each<[string, Record<string, any>, string[]]>([
    ["empty schedule", withSpec((s) => (s.schedule = "")), ["spec.schedule: Required value"]],
    ["six fields", withSpec((s) => (s.schedule = "0 * * * * *")), ['spec.schedule: Invalid value: "0 * * * * *": expected exactly 5 fields, found 6: [0 * * * * *]']],
    ["TZ in schedule", withSpec((s) => ((s.schedule = "TZ=UTC 0 * * * *"), delete s.timeZone)), ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
    ["unknown time zone", withSpec((s) => (s.timeZone = "Mars/Olympus")), ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    ["concurrency policy", withSpec((s) => (s.concurrencyPolicy = "Sometimes")), ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    [
      "selector in job template",
      withSpec((s) => (s.jobTemplate.spec.selector = { matchLabels: { a: "b" } })),
      ['spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated'],
    ],
    ["name longer than 52", withSpec(() => {}, "a".repeat(53)), [`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`]],
  ])("rejects %s", (_n, obj, expected) => {
    expect(admit(cronJob, obj).errors).toEqual(expected);
  });

  it.each([
    ["@hourly", undefined],
    ["@every 1h30m", undefined],
    ["CRON_TZ=UTC 0 3 * * *", undefined],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["* * *", "expected exactly 5 fields, found 3: [* * *]"],
  ])("cronScheduleError(%j)", (schedule, expected) => {
    expect(cronScheduleError(schedule)).toBe(expected);
  });
});

describe("batch/v1 KindDefs", () => {
  it("jobs and cronjobs are in `all`; cronjobs are `cj`; jobs select on status.successful", () => {
    expect([job.resource, job.shortNames, job.categories, job.fieldSelectors]).toEqual(["jobs", undefined, ["all"], ["status.successful"]]);
    expect([cronJob.resource, cronJob.shortNames, cronJob.categories]).toEqual(["cronjobs", ["cj"], ["all"]]);
    expect([job.status, job.generation, cronJob.status, cronJob.generation]).toEqual([true, true, true, true]);
  });
});
