// Image URLs in computed CSS values: url(...), image-set(...) and -webkit-image-set(...).

interface CssCandidate {
  url: string;
  resolution: number;
}

/**
 * The best image URL in a computed `background-image` value: the highest-resolution option of
 * an image-set(), else the first url(). Gradients and `none` give null.
 */
export function cssImageUrl(value: string): string | null {
  const sets = [...value.matchAll(/(?:-webkit-)?image-set\(((?:[^()]|\([^()]*\))*)\)/g)];
  for (const set of sets) {
    const best = imageSetCandidates(set[1]).sort((a, b) => b.resolution - a.resolution)[0];
    if (best) return best.url;
  }
  const plain = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(value);
  return plain?.[2] || null;
}

function imageSetCandidates(body: string): CssCandidate[] {
  const out: CssCandidate[] = [];
  for (const part of body.split(/,(?![^(]*\))/)) {
    const url = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(part)?.[2] ?? /^\s*(['"])(.*?)\1/.exec(part)?.[2];
    if (!url) continue;
    const x = /(\d*\.?\d+)(x|dppx)\b/.exec(part.replace(/url\([^)]*\)|(['"]).*?\1/, ''));
    out.push({ url, resolution: x ? Number(x[1]) : 1 });
  }
  return out;
}
