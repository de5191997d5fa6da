import type { Progress } from '@medsets/loaders';
import { consoleProgress, formatBytes, formatEta } from '@medsets/loaders';
import cliProgress from 'cli-progress';

/** A byte-progress listener: a cli-progress bar (bytes, rate, ETA) on a TTY, plain lines elsewhere. */
export function byteProgress(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { update: consoleProgress(stream), stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  let file = '';
  return {
    update(p) {
      if (!bar || p.file !== file) {
        bar?.stop();
        file = p.file;
        bar = new cliProgress.SingleBar(
          { stream, format: '{file} [{bar}] {percentage}% {done}/{size} {speed}/s ETA {left}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total ?? 0, p.received, { file, done: '', size: '', speed: '', left: '' });
      }
      bar.setTotal(p.total ?? p.received);
      bar.update(p.received, {
        done: formatBytes(p.received),
        size: p.total ? formatBytes(p.total) : '?',
        speed: formatBytes(p.rate),
        left: formatEta(p.eta),
      });
    },
    stop: () => bar?.stop(),
  };
}

/** A count-progress bar for long loops (tiles, stats); silent when not on a TTY or when asked. */
export function countProgress(label: string, quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
  if (quiet || !stream.isTTY) return { update: (_done: number, _total: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {value}/{total} ETA {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}
