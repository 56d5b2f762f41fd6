// The extension built over the synthetic demo catalogue (drawn garments, made-up names), for
// screenshots that may be committed: no catalogue or fixture image ever appears in them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { drawGarment, writeDemoCatalogue } from '../demo-catalogue.ts';

/** Writes the demo catalogue, indexes it and builds the extension over it, all under `work`; returns the dist. */
export async function buildDemoExtension(work: string): Promise<string> {
  const source = join(work, 'catalogue');
  const pack = join(work, 'pack');
  const dist = join(work, 'dist');
  await writeDemoCatalogue(source);
  const run = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('npx', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  run(['tsx', 'scripts/catalogue.ts', '--source', source, '--out', pack]);
  run(['vite', 'build', '--outDir', dist, '--logLevel', 'warn'], { LOOKALIKE_CATALOGUE: source, LOOKALIKE_PACK: pack });
  return dist;
}

/** A drawn outfit: a red T-shirt above navy trousers on a beige wall, the kind of photo one crops. */
export async function drawOutfit(): Promise<Buffer> {
  const [top, bottom] = await Promise.all([drawGarment('T-shirt', 'Red', 360, 400, '#e8dcc8'), drawGarment('Trousers', 'Navy', 360, 400, '#e8dcc8')]);
  return sharp({ create: { width: 360, height: 760, channels: 3, background: '#e8dcc8' } })
    .composite([
      { input: top, top: 0, left: 0 },
      { input: bottom, top: 360, left: 0 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}
