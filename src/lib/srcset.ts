// srcset parsing (HTML's "parse a srcset attribute", reduced to what picking the largest needs).

export interface SrcsetCandidate {
  url: string;
  /** Width descriptor (w), if given. */
  width?: number;
  /** Pixel density descriptor (x); 1 when neither is given. */
  density?: number;
}

export function parseSrcset(srcset: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i])) i++;
    const urlStart = i;
    while (i < srcset.length && !/\s/.test(srcset[i])) i++;
    let url = srcset.slice(urlStart, i);
    let descriptors = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const descStart = i;
      while (i < srcset.length && srcset[i] !== ',') i++;
      descriptors = srcset.slice(descStart, i).trim();
    }
    if (url) out.push(candidate(url, descriptors));
  }
  return out;
}

function candidate(url: string, descriptors: string): SrcsetCandidate {
  const w = /^(\d+)w$/.exec(descriptors);
  if (w) return { url, width: Number(w[1]) };
  const x = /^(\d*\.?\d+)x$/.exec(descriptors);
  return { url, density: x ? Number(x[1]) : 1 };
}

/** The candidate with most pixels: largest width descriptor, else largest density. */
export function largestCandidate(candidates: SrcsetCandidate[]): SrcsetCandidate | undefined {
  const rank = (c: SrcsetCandidate) => c.width ?? (c.density ?? 1) * 1e-6;
  return candidates.reduce<SrcsetCandidate | undefined>(
    (best, c) => (!best || rank(c) > rank(best) ? c : best),
    undefined,
  );
}
