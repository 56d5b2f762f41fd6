// The catalogue indexer: skips and reports bad images, and resumes an interrupted run.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoCatalogue } from '../../scripts/demo-catalogue.ts';
import { PartialRun } from '../../scripts/lib/partial.ts';
import { centreCrop, flipHorizontal } from '../../src/lib/preprocess.ts';

const work = mkdtempSync(join(tmpdir(), 'lookalike-indexer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run catalogue', () => {
  it('indexes a catalogue, skipping a missing and a corrupt image with a clear report', async () => {
    const source = join(work, 'catalogue');
    const count = await writeDemoCatalogue(source);
    unlinkSync(join(source, 'images', '3.jpg'));
    writeFileSync(join(source, 'images', '5.jpg'), 'not a jpeg at all');
    const out = join(work, 'pack');
    const log = execFileSync('npx', ['tsx', 'scripts/catalogue.ts', '--source', source, '--out', out, '--workers', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(log).toMatch(new RegExp(`wrote ${count - 2} items .*; 2 skipped`));
    const ids: string[] = JSON.parse(readFileSync(join(out, 'ids.json'), 'utf8'));
    expect(ids).toHaveLength(count - 2);
    expect(ids).not.toContain('3');
    expect(ids).not.toContain('5');
  });
});

describe('PartialRun', () => {
  const recipe = { modelId: 'm', preprocessId: 'p', headId: 'none', dims: 2 };

  it('resumes with every fully written vector and drops one cut short by a kill', () => {
    const dir = join(work, 'partial');
    const first = new PartialRun(dir, recipe);
    first.add('a', new Float32Array([1, 0]));
    first.add('b', new Float32Array([0, 1]));
    // A kill between the vector and its id line leaves half a row behind.
    appendFileSync(join(dir, 'vectors.f32'), new Uint8Array(new Float32Array([0.5]).buffer));
    const again = new PartialRun(dir, recipe);
    expect([...again.done.keys()]).toEqual(['a', 'b']);
    expect(Array.from(again.done.get('b') ?? [])).toEqual([0, 1]);
    again.add('c', new Float32Array([0.6, 0.8]));
    expect([...new PartialRun(dir, recipe).done.keys()]).toEqual(['a', 'b', 'c']);
  });

  it('starts over when the recipe changed', () => {
    const dir = join(work, 'partial-recipe');
    new PartialRun(dir, recipe).add('a', new Float32Array([1, 0]));
    expect(new PartialRun(dir, { ...recipe, modelId: 'other' }).done.size).toBe(0);
  });
});

describe('query-side image variants', () => {
  const image = { width: 4, height: 2, data: Uint8ClampedArray.from({ length: 32 }, (_, i) => i) };

  it('crops the centre', () => {
    const crop = centreCrop(image, 0.5);
    expect([crop.width, crop.height]).toEqual([2, 1]);
    expect(Array.from(crop.data)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('mirrors left to right', () => {
    const flipped = flipHorizontal(image);
    expect(Array.from(flipped.data.subarray(0, 4))).toEqual([12, 13, 14, 15]);
    expect(Array.from(flipHorizontal(flipped).data)).toEqual(Array.from(image.data));
  });
});
