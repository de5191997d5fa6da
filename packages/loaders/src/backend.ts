import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { z } from 'zod';
import { parseOptions } from './options.ts';

export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** What tfjs runs on now: 'tensorflow' (tfjs-node or -gpu), 'wasm' or 'cpu'. */
  backend: string;
  choice: BackendChoice;
  /** The package that provides it. */
  package: string;
  /** Why this one: the earlier candidates and why each was passed over. */
  tried: { choice: BackendChoice; reason: string }[];
  cudaVisible: boolean;
}

const PACKAGES: Record<BackendChoice, string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

const AUTO_ORDER: BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];

const backendOptionsSchema = z
  .object({
    /** 'auto' tries tfjs-node-gpu (when a CUDA GPU is visible), tfjs-node, wasm, then cpu. */
    backend: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']).default('auto'),
    /** Candidate order for 'auto' (default node-gpu, node, wasm, cpu). */
    order: z
      .array(z.enum(['node-gpu', 'node', 'wasm', 'cpu']))
      .min(1)
      .optional(),
    /** Print the one-line report (default true); or a function to receive it. */
    log: z.union([z.boolean(), z.custom<(line: string) => void>((v) => typeof v === 'function')]).default(true),
  })
  .strict();

export type BackendOptions = z.input<typeof backendOptionsSchema>;

let current: BackendInfo | undefined;

/** Whether an NVIDIA GPU is visible to this process (driver loaded, device not hidden). */
export function cudaVisible(): boolean {
  if (process.env.CUDA_VISIBLE_DEVICES === '' || process.env.CUDA_VISIBLE_DEVICES === '-1') return false;
  try {
    return existsSync('/proc/driver/nvidia/gpus') && readdirSync('/proc/driver/nvidia/gpus').length > 0;
  } catch {
    return false;
  }
}

// A variable specifier keeps TypeScript and bundlers from resolving optional packages that may be absent.
const importOptional = (name: string): Promise<unknown> => import(name);

async function activate(choice: BackendChoice): Promise<string> {
  switch (choice) {
    case 'node-gpu':
    case 'node': {
      if (choice === 'node-gpu' && !cudaVisible()) throw new Error('no CUDA GPU visible');
      // Resolve first, so "absent" is told apart from "present but broken" (a failed libtensorflow download).
      try {
        createRequire(import.meta.url).resolve(PACKAGES[choice]);
      } catch {
        throw new Error('not installed');
      }
      try {
        await importOptional(PACKAGES[choice]);
      } catch (err) {
        throw new Error(`failed to load: ${(err as Error).message.split('\n')[0]}`);
      }
      // tfjs-node registers 'tensorflow' in the tfjs-core it was installed with: it must be ours.
      if (!tf.findBackendFactory('tensorflow'))
        throw new Error('installed against another @tensorflow/tfjs-core version');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('backend failed to initialise');
      return 'tensorflow';
    }
    case 'wasm': {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm binaries are read from the package folder, not fetched.
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
      if (!(await tf.setBackend('wasm'))) throw new Error('backend failed to initialise');
      return 'wasm';
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) throw new Error('backend failed to initialise');
      return 'cpu';
    }
  }
}

/**
 * Choose and activate the tfjs backend, once per process (later calls return the first choice
 * unless `backend` names another). tfjs-node and tfjs-node-gpu are optional: when they are missing
 * or their native library failed to download, the next candidate is used and the reason recorded.
 */
export async function initBackend(options?: BackendOptions): Promise<BackendInfo> {
  const opts = parseOptions(backendOptionsSchema, options, 'backend');
  const order = opts.backend === 'auto' ? (opts.order ?? AUTO_ORDER) : [opts.backend];
  if (current && (opts.backend === 'auto' ? !opts.order : current.choice === opts.backend)) return current;
  const tried: BackendInfo['tried'] = [];
  for (const choice of order) {
    try {
      const backend = await activate(choice);
      current = { backend, choice, package: PACKAGES[choice], tried, cudaVisible: cudaVisible() };
      const line = `medsets: tfjs backend ${backend} (${PACKAGES[choice]})${tried.length ? `; skipped ${tried.map((t) => `${t.choice}: ${t.reason}`).join(', ')}` : ''}`;
      if (opts.log === true) console.info(line);
      else if (typeof opts.log === 'function') opts.log(line);
      return current;
    } catch (err) {
      tried.push({ choice, reason: (err as Error).message });
    }
  }
  throw new Error(`no tfjs backend could start: ${tried.map((t) => `${t.choice}: ${t.reason}`).join('; ')}`);
}

/** The backend chosen by `initBackend`, or undefined before it ran. */
export function getBackendInfo(): BackendInfo | undefined {
  return current;
}

export { tf };
