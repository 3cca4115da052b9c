/**
 * A run-to-completion container: `run` is the whole process, and what it resolves to is the exit code
 * (nothing = 0). The first argument (the container's `args`) picks the task:
 *
 *   work     sums the squares of 1..ITEMS, as one work item of a Job
 *   report   prints a one-line report, as a CronJob's run
 */
const TASKS = {
  work(env) {
    const items = Number(env.ITEMS ?? "1000");
    let sum = 0;
    for (let i = 1; i <= items; i++) sum += i * i;
    console.log(`${env.KUBE.podName}: processed ${items} items, sum of squares ${sum}`);
  },
  report(env) {
    console.log(`${env.KUBE.podName}: report at ${new Date().toISOString()}: all quiet`);
  },
};

export default {
  async run(env) {
    const [task = "work"] = env.KUBE.args;
    if (!(task in TASKS)) {
      console.error(`unknown task ${JSON.stringify(task)}; expected one of ${Object.keys(TASKS).join(", ")}`);
      return 2;
    }
    TASKS[task](env);
  },
};
