// Ranking the catalogue for one query, the same way in the service worker and the eval harness:
// k-NN by cosine over every row, plus (when the head has a type classifier) the weighted
// log-probability of each row's article type, with optional gender/type filters in the scan.
import { type Head, typeLogProbs } from './head.ts';
import type { Match, SearchIndex } from './search-index.ts';

/** Per-row labels shipped with a pack (labels.json): what filters and the type prior read. */
export interface PackLabels {
  articleTypes: string[];
  genders: string[];
  colours: string[];
  /** Index into articleTypes / genders / colours, one per pack row. */
  typeOf: number[];
  genderOf: number[];
  colourOf: number[];
  /**
   * The build's catalogue files (a digest of details.bin): thumbnail places stored with history
   * results are trusted only under the same id (another build packs its shards differently).
   */
  catalogueId?: string;
}

/**
 * What a search ranks by: the projected unit vector, and log p(type | query) for each of the
 * head's types when the query's features gave them (else the ranker asks the head's classifier
 * on the projected vector).
 */
export interface Query {
  vector: Float32Array;
  typeLogProbs?: Float32Array;
}

/** Rows kept by a search; an empty or missing list keeps every value. */
export interface Filter {
  articleTypes?: string[];
  genders?: string[];
  colours?: string[];
}

/** Unseen types get this probability: present in the pack, never predicted by the head. */
const FLOOR = 1e-6;

export class Ranker {
  private readonly typeOf: Uint16Array;
  private readonly headType: Int32Array;
  private readonly masks = new Map<string, Uint8Array>();

  constructor(
    readonly index: SearchIndex,
    readonly labels: PackLabels,
    readonly head?: Head,
  ) {
    if (labels.typeOf.length !== index.count) throw new Error(`labels cover ${labels.typeOf.length} rows, the pack has ${index.count}`);
    this.typeOf = Uint16Array.from(labels.typeOf);
    const types = head?.info.types ?? [];
    this.headType = Int32Array.from(labels.articleTypes, (t) => types.indexOf(t));
  }

  /** The k best rows for the query, best first. */
  search(query: Query, k: number, filter?: Filter): Match[] {
    return this.index.search(query.vector, k, { mask: this.mask(filter), typeBonus: this.typeBonus(query) });
  }

  private typeBonus(query: Query) {
    const logProbs = this.head && (query.typeLogProbs ?? typeLogProbs(this.head, query.vector));
    const weight = this.head?.info.typeWeight ?? 0;
    if (!logProbs || weight === 0) return undefined;
    const bonus = Float32Array.from(this.headType, (t) => weight * (t < 0 ? Math.log(FLOOR) : logProbs[t]));
    return { typeOf: this.typeOf, bonus };
  }

  /** Row `row`'s own vector, as a query ("more like this"): its type prior comes from the projected vector. */
  query(row: number): Query {
    return { vector: this.index.vector(row) };
  }

  /** One byte per row, built once per distinct filter (the last few are kept). */
  private mask(filter?: Filter): Uint8Array | undefined {
    if (isEmptyFilter(filter)) return undefined;
    const key = JSON.stringify([filter?.articleTypes?.toSorted(), filter?.genders?.toSorted(), filter?.colours?.toSorted()]);
    let mask = this.masks.get(key);
    if (!mask) {
      const { labels } = this;
      const keep = (values: string[] | undefined, names: string[]) => {
        const wanted = new Set(values ?? []);
        return wanted.size === 0 ? undefined : names.map((name) => wanted.has(name));
      };
      const types = keep(filter?.articleTypes, labels.articleTypes);
      const genders = keep(filter?.genders, labels.genders);
      const colours = keep(filter?.colours, labels.colours);
      mask = Uint8Array.from(labels.typeOf, (t, row) =>
        (!types || types[t]) && (!genders || genders[labels.genderOf[row]]) && (!colours || colours[labels.colourOf[row]]) ? 1 : 0,
      );
      if (this.masks.size >= 8) this.masks.clear();
      this.masks.set(key, mask);
    }
    return mask;
  }
}

export function isEmptyFilter(filter?: Filter): boolean {
  return !filter?.articleTypes?.length && !filter?.genders?.length && !filter?.colours?.length;
}

/** Builds labels.json for the pack's rows from item details. */
export function packLabels(
  ids: string[],
  detailsOf: (id: string) => { articleType: string; gender: string; colour?: string } | undefined,
): PackLabels {
  const articleTypes: string[] = [];
  const genders: string[] = [];
  const colours: string[] = [];
  const slot = (list: string[], value: string) => {
    let i = list.indexOf(value);
    if (i < 0) i = list.push(value) - 1;
    return i;
  };
  const typeOf: number[] = [];
  const genderOf: number[] = [];
  const colourOf: number[] = [];
  for (const id of ids) {
    const item = detailsOf(id);
    typeOf.push(slot(articleTypes, item?.articleType ?? ''));
    genderOf.push(slot(genders, item?.gender ?? ''));
    colourOf.push(slot(colours, item?.colour ?? ''));
  }
  return { articleTypes, genders, colours, typeOf, genderOf, colourOf };
}
