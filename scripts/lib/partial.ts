// Append-only progress of an indexing run, so an interrupted run resumes where it stopped.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PackRecipe } from '../../src/lib/pack.ts';

export class PartialRun {
  readonly done = new Map<string, Float32Array>();
  private readonly vectorsFd: number;
  private readonly idsFd: number;

  constructor(
    private readonly dir: string,
    private readonly recipe: PackRecipe,
  ) {
    const recipeFile = join(dir, 'recipe.json');
    const same = existsSync(recipeFile) && readFileSync(recipeFile, 'utf8') === JSON.stringify(recipe);
    if (!same) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(recipeFile, JSON.stringify(recipe));
    this.load();
    this.vectorsFd = openSync(join(dir, 'vectors.f32'), 'a');
    this.idsFd = openSync(join(dir, 'ids.txt'), 'a');
  }

  /** Reads what earlier runs finished; a row cut short by a kill is dropped from both files. */
  private load(): void {
    const vectorsFile = join(this.dir, 'vectors.f32');
    const idsFile = join(this.dir, 'ids.txt');
    if (!existsSync(vectorsFile) || !existsSync(idsFile)) {
      writeFileSync(vectorsFile, '');
      writeFileSync(idsFile, '');
      return;
    }
    const ids = readFileSync(idsFile, 'utf8').split('\n');
    const complete = ids.pop() === '' ? ids : ids.slice(0, -1);
    const rowBytes = this.recipe.dims * 4;
    const rows = Math.min(complete.length, Math.floor(statSync(vectorsFile).size / rowBytes));
    truncateSync(vectorsFile, rows * rowBytes);
    writeFileSync(idsFile, complete.slice(0, rows).map((id) => `${id}\n`).join(''));
    const bytes = readFileSync(vectorsFile);
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, rows * this.recipe.dims);
    for (let r = 0; r < rows; r++) {
      this.done.set(complete[r], all.slice(r * this.recipe.dims, (r + 1) * this.recipe.dims));
    }
  }

  /** Vector first, id second: an id line only exists for a fully written vector. */
  add(id: string, vector: Float32Array): void {
    writeSync(this.vectorsFd, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
    writeSync(this.idsFd, `${id}\n`);
    this.done.set(id, vector);
  }

  finish(): void {
    closeSync(this.vectorsFd);
    closeSync(this.idsFd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
