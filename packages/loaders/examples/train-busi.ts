/**
 * Train a small tfjs segmentation network on BUSI through `fitDataset`.
 *
 *   npx tsx packages/loaders/examples/train-busi.ts                 # on a generated BUSI fixture
 *   npx tsx packages/loaders/examples/train-busi.ts --root ~/data/Dataset_BUSI_with_GT --epochs 20 --size 128
 *
 * Without --root it writes the recipe's fixture (9 tiny images in BUSI's real layout) to a temp
 * folder, so the whole pipeline runs anywhere in a few seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend, tf } from '../src/backend.ts';
import { loadDataset } from '../src/load-dataset.ts';
import busi from '../src/recipes/busi/recipe.ts';

export interface TrainOptions {
  root: string;
  epochs?: number;
  size?: number;
  batchSize?: number;
  /** Batches per epoch (default: the whole training split). */
  steps?: number;
  log?: (line: string) => void;
}

/** A small encoder-decoder: two convolutions down, one up, a sigmoid lesion map. */
export function buildModel(size: number): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 1] });
  const c1 = tfl.layers
    .conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(input) as tfl.SymbolicTensor;
  const p1 = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(c1) as tfl.SymbolicTensor;
  const c2 = tfl.layers
    .conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(p1) as tfl.SymbolicTensor;
  const u1 = tfl.layers.upSampling2d({ size: [2, 2] }).apply(c2) as tfl.SymbolicTensor;
  const merged = tfl.layers.concatenate().apply([u1, c1]) as tfl.SymbolicTensor;
  const c3 = tfl.layers
    .conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(merged) as tfl.SymbolicTensor;
  const out = tfl.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid' }).apply(c3) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  return model;
}

export async function trainBusi(
  options: TrainOptions,
): Promise<{ loss: number[]; info: { train: number; val: number; test: number } }> {
  const size = options.size ?? 32;
  const log = options.log ?? console.log;
  const train = await loadDataset('BUSI', {
    root: options.root,
    split: 'train',
    size: [size, size],
    channels: 1,
    batchSize: options.batchSize ?? 4,
    seed: 42,
  });
  log(`BUSI: ${train.info.counts.train} train / ${train.info.counts.val} val / ${train.info.counts.test} test images`);
  const model = buildModel(size);
  const history = await model.fitDataset(train.tf(), {
    epochs: options.epochs ?? 5,
    ...(options.steps ? { batchesPerEpoch: options.steps } : {}),
    verbose: 0,
    callbacks: { onEpochEnd: async (epoch, logs) => log(`epoch ${epoch + 1}: loss ${logs?.loss?.toFixed(4)}`) },
  });
  // The optimizer's moment estimates are its own variables: dispose them with the model.
  model.optimizer.dispose();
  model.dispose();
  return { loss: (history.history.loss ?? []).map(Number), info: train.info.counts };
}

async function cli() {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      epochs: { type: 'string', default: '5' },
      size: { type: 'string', default: '32' },
      'batch-size': { type: 'string', default: '4' },
    },
  });
  // The wasm backend has no convolution gradients (Conv2DBackpropFilter): train on a native
  // backend when one is installed, else on cpu.
  const chosen = await initBackend();
  if (chosen.backend === 'wasm') await initBackend({ backend: 'cpu' });
  let root = values.root;
  let temp: string | undefined;
  if (!root) {
    temp = await mkdtemp(join(tmpdir(), 'busi-fixture-'));
    await busi.writeFixture(temp);
    root = temp;
    console.log(`no --root: training on the BUSI fixture in ${temp}`);
  }
  try {
    const { loss } = await trainBusi({
      root,
      epochs: Number(values.epochs),
      size: Number(values.size),
      batchSize: Number(values['batch-size']),
    });
    console.log(`loss ${loss[0]?.toFixed(4)} → ${loss.at(-1)?.toFixed(4)}`);
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await cli();
