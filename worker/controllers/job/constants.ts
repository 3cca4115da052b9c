/**
 * The Job controller's names and limits as upstream defines them (k8s.io/api/batch/v1 well-known labels and
 * annotations, pkg/controller/job job_controller.go variables), and the condition reasons and messages it writes.
 */

/** batchv1.JobTrackingFinalizer: a finished pod is counted into the Job's status before this is removed. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
/** batchv1.JobCompletionIndexAnnotation, also the pod label of the same name (PodIndexLabel). */
export const JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
/** batchv1.JobIndexFailureCountAnnotation / JobIndexIgnoredFailureCountAnnotation (backoffLimitPerIndex). */
export const JOB_INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
export const JOB_INDEX_IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";
/** The environment variable an Indexed Job's containers read their index from. */
export const COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff: the delay before replacing failed pods. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;
/** syncJobBatchPeriod: the shortest delayed re-sync. */
export const SYNC_BATCH_PERIOD_MS = 1_000;
/** MaxUncountedPods and MaxPodCreateDeletePerSync. */
export const MAX_UNCOUNTED_PODS = 500;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** controller.SlowStartInitialBatchSize: pod creations go 1, 2, 4, ... and stop after a batch with errors. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** names.MaxGeneratedNameLength: 63 minus the 5 random characters generateName appends. */
export const MAX_GENERATED_NAME_LENGTH = 58;

export const REASON = {
  backoffLimitExceeded: "BackoffLimitExceeded",
  deadlineExceeded: "DeadlineExceeded",
  podFailurePolicy: "PodFailurePolicy",
  maxFailedIndexesExceeded: "MaxFailedIndexesExceeded",
  failedIndexes: "FailedIndexes",
  successPolicy: "SuccessPolicy",
  completionsReached: "CompletionsReached",
} as const;

export const MESSAGE = {
  backoffLimitExceeded: "Job has reached the specified backoff limit",
  deadlineExceeded: "Job was active longer than specified deadline",
  maxFailedIndexesExceeded: "Job has exceeded the specified maximal number of failed indexes",
  failedIndexes: "Job has failed indexes",
  completionsReached: "Reached expected number of succeeded pods",
} as const;
