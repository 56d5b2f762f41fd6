// Converts the generated Keras ResNet50 (tfjs layers model) to ONNX for onnxruntime-node, the
// fast engine of the offline indexer. Same weights (float16-rounded, as the extension loads
// them), batch norm folded into the convolutions, NHWC input transposed to NCHW once and the last
// map back to NHWC, as tfjs outputs it (the embedders pool it: src/lib/pooling.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeFloat16 } from '../../src/lib/float16.ts';
import { CHANNELS, MAP_SIZE } from '../../src/lib/pooling.ts';
import { ProtoWriter } from './protobuf.ts';

interface Layer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, unknown][][];
}

interface Node {
  op: string;
  inputs: string[];
  output: string;
  attributes?: Record<string, number | number[] | string>;
}

const ONNX = { FLOAT: 1, ATTR_INT: 2, ATTR_STRING: 3, ATTR_INTS: 7 } as const;
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'map';

/** Reads model.json and its shards into named float32 arrays (dequantizing float16). */
function readWeights(modelJson: string) {
  const json = JSON.parse(readFileSync(modelJson, 'utf8'));
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const group of json.weightsManifest) {
    const bytes = Buffer.concat(group.paths.map((p: string) => readFileSync(join(dirname(modelJson), p))));
    let offset = 0;
    for (const spec of group.weights) {
      const n = spec.shape.reduce((a: number, b: number) => a * b, 1);
      const half = spec.quantization?.dtype === 'float16';
      const width = half ? 2 : 4;
      const slice = bytes.subarray(offset, offset + n * width);
      const copy = new Uint8Array(slice);
      const data = half ? decodeFloat16(new Uint16Array(copy.buffer)) : new Float32Array(copy.buffer);
      weights.set(spec.name, { shape: spec.shape, data });
      offset += n * width;
    }
  }
  const config = json.modelTopology.model_config.config;
  return { layers: config.layers as Layer[], output: config.output_layers[0][0] as string, weights };
}

/** Builds ONNX bytes for the feature model (no classification top) in `modelDir`. */
export function exportOnnx(modelDir: string): Uint8Array {
  const { layers, output, weights } = readWeights(join(modelDir, 'model.json'));
  const nodes: Node[] = [];
  const initializers = new Map<string, { dims: number[]; data: Float32Array }>();
  const alias = new Map<string, string>();
  const pending = new Map<string, number[]>();
  const name = (layer: string) => alias.get(layer) ?? layer;
  const input = (layer: Layer, i = 0) => name(layer.inbound_nodes[0][i][0]);

  for (const layer of layers) {
    const c = layer.config;
    switch (layer.class_name) {
      case 'InputLayer':
        nodes.push({ op: 'Transpose', inputs: [ONNX_INPUT], output: layer.name, attributes: { perm: [0, 3, 1, 2] } });
        break;
      case 'ZeroPadding2D': {
        // Folded into the next convolution or pooling as its pads.
        const p = c.padding as [[number, number], [number, number]];
        pending.set(layer.name, [p[0][0], p[1][0], p[0][1], p[1][1]]);
        alias.set(layer.name, input(layer));
        break;
      }
      case 'Conv2D': {
        const kernel = weights.get(`${layer.name}/kernel`);
        const bias = weights.get(`${layer.name}/bias`);
        if (!kernel) throw new Error(`no kernel for ${layer.name}`);
        const [kh, kw, cin, cout] = kernel.shape;
        initializers.set(`${layer.name}/W`, { dims: [cout, cin, kh, kw], data: hwioToOihw(kernel.data, kh, kw, cin, cout) });
        initializers.set(`${layer.name}/B`, { dims: [cout], data: bias?.data ?? new Float32Array(cout) });
        const attributes: Node['attributes'] = { kernel_shape: [kh, kw], strides: c.strides as number[] };
        const pads = pending.get(layer.inbound_nodes[0][0][0]);
        if (pads) attributes.pads = pads;
        else if (c.padding === 'same') attributes.auto_pad = 'SAME_UPPER';
        // A fused activation (a model with its batch norms folded, scripts/model.ts) becomes a Relu node.
        const fused = c.activation === 'relu';
        if (!fused && c.activation !== 'linear') throw new Error(`unsupported conv activation ${c.activation}`);
        const convOut = fused ? `${layer.name}/conv` : layer.name;
        nodes.push({ op: 'Conv', inputs: [input(layer), `${layer.name}/W`, `${layer.name}/B`], output: convOut, attributes });
        if (fused) nodes.push({ op: 'Relu', inputs: [convOut], output: layer.name });
        break;
      }
      case 'BatchNormalization': {
        foldBatchNorm(layer, input(layer), weights, initializers);
        alias.set(layer.name, input(layer));
        break;
      }
      case 'Activation':
        if (c.activation !== 'relu') throw new Error(`unsupported activation ${c.activation}`);
        nodes.push({ op: 'Relu', inputs: [input(layer)], output: layer.name });
        break;
      case 'Add':
        nodes.push({ op: 'Add', inputs: layer.inbound_nodes[0].map((n) => name(n[0])), output: layer.name });
        break;
      case 'MaxPooling2D': {
        const pads = pending.get(layer.inbound_nodes[0][0][0]) ?? [0, 0, 0, 0];
        // Zero padding before a max pool of ReLU outputs (all >= 0) equals ONNX's -inf padding.
        nodes.push({ op: 'MaxPool', inputs: [input(layer)], output: layer.name, attributes: { kernel_shape: c.pool_size as number[], strides: c.strides as number[], pads } });
        break;
      }
      default:
        throw new Error(`cannot export layer ${layer.name} (${layer.class_name}); export the model without its top`);
    }
  }
  nodes.push({ op: 'Transpose', inputs: [name(output)], output: ONNX_OUTPUT, attributes: { perm: [0, 2, 3, 1] } });
  return encodeModel(nodes, initializers);
}

/** Keras kernels are [h, w, in, out]; ONNX wants [out, in, h, w]. */
function hwioToOihw(data: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + h) * kw + w] = data[((h * kw + w) * cin + i) * cout + o];
  return out;
}

/** y = gamma * (conv + b - mean) / sqrt(var + eps) + beta, folded into the conv's W and B. */
function foldBatchNorm(
  layer: Layer,
  conv: string,
  weights: Map<string, { data: Float32Array }>,
  initializers: Map<string, { dims: number[]; data: Float32Array }>,
): void {
  const get = (w: string) => weights.get(`${layer.name}/${w}`)?.data as Float32Array;
  const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(get);
  const eps = layer.config.epsilon as number;
  const W = initializers.get(`${conv}/W`);
  const B = initializers.get(`${conv}/B`);
  if (!W || !B) throw new Error(`batch norm ${layer.name} does not follow a convolution`);
  const perOut = W.data.length / B.data.length;
  for (let o = 0; o < B.data.length; o++) {
    const scale = gamma[o] / Math.sqrt(variance[o] + eps);
    for (let j = 0; j < perOut; j++) W.data[o * perOut + j] *= scale;
    B.data[o] = (B.data[o] - mean[o]) * scale + beta[o];
  }
}

function encodeModel(nodes: Node[], initializers: Map<string, { dims: number[]; data: Float32Array }>): Uint8Array {
  const valueInfo = (w: ProtoWriter, valueName: string, dims: (number | string)[]) =>
    w.string(1, valueName).message(2, (type) =>
      type.message(1, (tensor) =>
        tensor.varint(1, ONNX.FLOAT).message(2, (shape) => {
          for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
        }),
      ),
    );
  return new ProtoWriter()
    .varint(1, 8) // ir_version
    .string(2, 'lookalike')
    .message(8, (opset) => opset.string(1, '').varint(2, 13))
    .message(7, (graph) => {
      for (const node of nodes) {
        graph.message(1, (n) => {
          for (const i of node.inputs) n.string(1, i);
          n.string(2, node.output).string(3, node.output).string(4, node.op);
          for (const [key, value] of Object.entries(node.attributes ?? {})) {
            n.message(5, (a) => {
              a.string(1, key);
              if (typeof value === 'string') a.bytes(4, new TextEncoder().encode(value)).varint(20, ONNX.ATTR_STRING);
              else if (Array.isArray(value)) {
                for (const v of value) a.varint(8, v);
                a.varint(20, ONNX.ATTR_INTS);
              } else a.varint(3, value).varint(20, ONNX.ATTR_INT);
            });
          }
        });
      }
      graph.string(2, 'resnet50-features');
      for (const [initName, { dims, data }] of initializers) {
        graph.message(5, (t) => {
          for (const d of dims) t.varint(1, d);
          t.varint(2, ONNX.FLOAT).string(8, initName).bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        });
      }
      graph.message(11, (w) => valueInfo(w, ONNX_INPUT, ['batch', 224, 224, 3]));
      graph.message(12, (w) => valueInfo(w, ONNX_OUTPUT, ['batch', MAP_SIZE, MAP_SIZE, CHANNELS]));
    })
    .finish();
}
