// Worker entry for the decode pool. The package ships TypeScript source (no build step), so the
// worker registers tsx's loader before importing the decoders.
import threads from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// geotiff loads the `web-worker` package, which takes any worker thread without workerData for
// one of its own and crashes; an empty object makes it behave as on the main thread.
if (!threads.workerData) threads.workerData = {};
register();
const { runTask } = await import('./decode-task.ts');

export default runTask;
