// Gender, type and colour filters. Each option shows how many catalogue items it leaves (given
// the other filters); choosing one re-runs k-NN over the whole catalogue with the filter.
import { useMemo } from 'preact/hooks';
import { type FacetKey, type FacetRow, facetCounts } from '../lib/facets.ts';
import type { Filter } from '../lib/rank.ts';

const FACETS: { key: FacetKey; label: string; any: string }[] = [
  { key: 'genders', label: 'Gender', any: 'Any' },
  { key: 'articleTypes', label: 'Type', any: 'Any' },
  { key: 'colours', label: 'Colour', any: 'Any' },
];

interface Props {
  rows: FacetRow[];
  filter: Filter;
  disabled?: boolean;
  onChange: (filter: Filter) => void;
}

export function FilterBar({ rows, filter, disabled = false, onChange }: Props) {
  const facets = useMemo(() => facetCounts(rows, filter), [rows, filter]);
  const anyCount = (key: FacetKey) => facets[key].reduce((sum, [, n]) => sum + n, 0);
  return (
    <fieldset class="filters">
      <legend class="sr-only">Filter the whole catalogue</legend>
      {FACETS.map(({ key, label, any }) => {
        const chosen = filter[key]?.[0] ?? '';
        // A chosen value stays listed even when the other filters leave none of it.
        const options = chosen && !facets[key].some(([v]) => v === chosen) ? [[chosen, 0] as [string, number], ...facets[key]] : facets[key];
        return (
          <label key={key}>
            {label}
            <select
              value={chosen}
              disabled={disabled}
              data-filter={key}
              onChange={(e) => onChange({ ...filter, [key]: e.currentTarget.value ? [e.currentTarget.value] : [] })}
            >
              <option value="">
                {any} ({anyCount(key).toLocaleString('en')})
              </option>
              {options.map(([value, count]) => (
                <option key={value} value={value}>
                  {value} ({count.toLocaleString('en')})
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
