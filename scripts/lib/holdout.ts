// Which catalogue items the learned head never trains on: leave-one-out queries come only from these.

/** About one item in ten, by a hash of its id, so the split is the same on every machine. */
export function isHeldOut(id: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 10 === 0;
}
