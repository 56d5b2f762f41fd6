// Retrieval metrics for the evaluation harness: a retrieved item is relevant when its article type
// is in the query's relevant set.

export interface QueryOutcome {
  /** Relevance of each retrieved item, best first. */
  relevant: boolean[];
  /** How many items in the searched catalogue are relevant to this query. */
  relevantInCatalogue: number;
  label?: string;
  retrievedIds: string[];
}

export interface Metrics {
  n: number;
  p1: number;
  p5: number;
  p10: number;
  hit5: number;
  map10: number;
  /** The item found in most top-10 lists, and in what share of them: hubness. */
  mostRetrieved?: { id: string; count: number; share: number };
  perLabel?: Record<string, { n: number; p5: number; hit5: number }>;
}

export function precisionAt(relevant: boolean[], k: number): number {
  return relevant.slice(0, k).filter(Boolean).length / k;
}

/** AP@k = (1 / min(k, relevant in catalogue)) * sum over relevant ranks i <= k of P@i. */
export function averagePrecisionAt(relevant: boolean[], k: number, relevantInCatalogue: number): number {
  const denominator = Math.min(k, relevantInCatalogue);
  if (denominator === 0) return 0;
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(k, relevant.length); i++) {
    if (relevant[i]) sum += ++hits / (i + 1);
  }
  return sum / denominator;
}

export function summarise(outcomes: QueryOutcome[]): Metrics {
  const mean = (f: (o: QueryOutcome) => number, of = outcomes) => of.reduce((s, o) => s + f(o), 0) / Math.max(1, of.length);
  const hit5 = (o: QueryOutcome) => (o.relevant.slice(0, 5).some(Boolean) ? 1 : 0);
  const metrics: Metrics = {
    n: outcomes.length,
    p1: round(mean((o) => precisionAt(o.relevant, 1))),
    p5: round(mean((o) => precisionAt(o.relevant, 5))),
    p10: round(mean((o) => precisionAt(o.relevant, 10))),
    hit5: round(mean(hit5)),
    map10: round(mean((o) => averagePrecisionAt(o.relevant, 10, o.relevantInCatalogue))),
  };
  const counts = new Map<string, number>();
  for (const o of outcomes) for (const id of o.retrievedIds.slice(0, 10)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const [topId, topCount] = [...counts].reduce((best, c) => (c[1] > best[1] ? c : best), ['', 0]);
  if (topId) metrics.mostRetrieved = { id: topId, count: topCount, share: round(topCount / outcomes.length) };
  const labels = [...new Set(outcomes.map((o) => o.label).filter((l): l is string => Boolean(l)))].sort();
  if (labels.length) {
    metrics.perLabel = Object.fromEntries(
      labels.map((label) => {
        const of = outcomes.filter((o) => o.label === label);
        return [label, { n: of.length, p5: round(mean((o) => precisionAt(o.relevant, 5), of)), hit5: round(mean(hit5, of)) }];
      }),
    );
  }
  return metrics;
}

function round(x: number): number {
  return Number(x.toFixed(4));
}

/** Small seeded PRNG (mulberry32), so leave-one-out samples are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
