import type { TensorContainer } from '@tensorflow/tfjs-core';
import * as tfd from '@tensorflow/tfjs-data';
import type { Dataset } from './dataset.ts';

/**
 * A `tf.data.Dataset` over a medsets Dataset, for `model.fitDataset` and the rest of tfjs-data.
 * Elements must be what tfjs expects (tensors, or `{ xs, ys }` for fitDataset); tfjs-data disposes
 * them after each step. Every iteration (epoch) restarts the medsets Dataset.
 */
export function toTfDataset<T extends TensorContainer>(dataset: Dataset<T>): tfd.Dataset<T> {
  return tfd.generator(async function* () {
    for await (const value of dataset) yield value;
  } as unknown as () => Generator<T>);
}
