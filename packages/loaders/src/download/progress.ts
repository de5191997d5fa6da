/** Progress of one transfer; `total` is undefined when the server sends no length. */
export interface Progress {
  file: string;
  received: number;
  total?: number;
  /** Bytes per second since the transfer (or its resumption) started. */
  rate: number;
  /** Seconds left at the current rate, when the total is known. */
  eta?: number;
}

export type ProgressListener = (progress: Progress) => void;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${UNITS[i]}`;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line: bar, bytes, rate, ETA. */
export function progressLine(p: Progress, width = 24): string {
  const fraction = p.total ? Math.min(1, p.received / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = p.total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}%` : '';
  const size = p.total ? `${formatBytes(p.received)}/${formatBytes(p.total)}` : formatBytes(p.received);
  return `${p.file} ${bar} ${size} ${formatBytes(p.rate)}/s ETA ${formatEta(p.eta)}`.replace(/\s+/g, ' ');
}

/**
 * A listener that draws a bar on a TTY (redrawn in place, at most ~10 times a second) and, on a
 * pipe or in CI, logs a plain line every 10% so logs stay readable.
 */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): ProgressListener {
  let lastDraw = 0;
  let lastDecile = -1;
  return (p) => {
    const done = p.total !== undefined && p.received >= p.total;
    if (stream.isTTY) {
      const now = Date.now();
      if (!done && now - lastDraw < 100) return;
      lastDraw = now;
      stream.write(`\r\x1b[2K${progressLine(p)}${done ? '\n' : ''}`);
      return;
    }
    const decile = p.total ? Math.floor((10 * p.received) / p.total) : -1;
    if (decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${progressLine(p)}\n`);
    }
  };
}
