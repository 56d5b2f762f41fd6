// Which catalogue items the learned head never trains on: leave-one-out queries come only from these.

/** About one item in ten, by a hash of its id, so the split is the same on every machine. */
export function isHeldOut(id: string): boolean {
  return fnv1a(id) % 10 === 0;
}

/**
 * Half a or b of a query set, by a hash of the file name: `train-head --domain-half a` fits the
 * domain direction on half a, and `eval --half b` measures on the photos it never saw.
 */
export function queryHalf(file: string): 'a' | 'b' {
  return fnv1a(file) % 2 === 0 ? 'a' : 'b';
}

/** Which labels file a head learnt from, so that eval can tell when it measures on the same photos. */
export function labelsDigest(csvText: string): string {
  return fnv1a(csvText).toString(16).padStart(8, '0');
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a stable, machine-independent hash. */
export function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
