/**
 * Group commit: calls that arrive while a batch is running wait for the next batch and share it, so N
 * concurrent callers cost two round trips instead of N — and every caller's batch starts after it called
 * (it never takes an answer computed before it asked).
 */
export function groupCommit<T, R>(run: (items: T[]) => Promise<R>): (item: T) => Promise<R> {
  let running = false;
  let waiting: { items: T[]; resolve: (r: R) => void; reject: (e: unknown) => void; result: Promise<R> } | undefined;

  const launch = (items: T[]): Promise<R> => {
    running = true;
    const result = run(items);
    const next = () => {
      running = false;
      const batch = waiting;
      waiting = undefined;
      if (batch) launch(batch.items).then(batch.resolve, batch.reject);
    };
    result.then(next, next);
    return result;
  };

  return (item) => {
    if (waiting) {
      waiting.items.push(item);
      return waiting.result;
    }
    if (!running) return launch([item]);
    let resolve!: (r: R) => void;
    let reject!: (e: unknown) => void;
    const result = new Promise<R>((res, rej) => ((resolve = res), (reject = rej)));
    waiting = { items: [item], resolve, reject, result };
    return result;
  };
}

/**
 * groupCommit for calls that each want their own answer: `runMany` gets the batch's items and answers each in
 * the same order.
 */
export function groupCommitEach<T, R>(runMany: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  const shared = groupCommit<{ item: T }, Map<{ item: T }, R>>(async (boxes) => {
    const results = await runMany(boxes.map((b) => b.item));
    return new Map(boxes.map((b, i) => [b, results[i]]));
  });
  return async (item) => {
    const box = { item };
    return (await shared(box)).get(box) as R;
  };
}
