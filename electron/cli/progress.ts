// Progress of a long `weft` command: a one-line bar on stderr when stderr is a
// terminal, nothing at all otherwise (pipes, log files, CI, --quiet), so
// scripts that read stderr see only warnings and errors.

/** What the bar needs of a stream: process.stderr, or a fake one in the tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** no bar whatever the stream (the --quiet flag) */
  quiet?: boolean;
  /** the environment to read CI from */
  env?: Record<string, string | undefined>;
  /** the clock, in milliseconds */
  now?: () => number;
  /** the least time between two drawings of the bar */
  intervalMs?: number;
}

/** An onProgress callback that draws the bar; `clear` rubs it out (before other output, or on an error). */
export interface ProgressLine {
  (done: number, total: number, message?: string): void;
  clear(): void;
}

const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

let quietFlag = false;
const active = new Set<ProgressLine>();

/** `--quiet` on the command line: no progress bars for the rest of the run. */
export function setQuietProgress(quiet: boolean): void {
  quietFlag = quiet;
}

/** Rub out any bar still drawn, so an error message starts on a clean line. */
export function clearProgress(): void {
  for (const line of active) line.clear();
}

/** CI=true (or any value but "" / "0" / "false") marks a run without a person watching. */
function isCi(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** `label [#####.....] 42/100 (message)`, cut to the terminal's width so `\r` can redraw it. */
export function progressText(label: string, done: number, total: number, message?: string, columns = 80): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * BAR_WIDTH);
  const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}${message ? ` (${message})` : ''}`;
  const chars = [...text];
  const max = Math.max(10, columns - 1);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/**
 * A bar for one operation on `stream`, or undefined when no bar should be drawn (not a terminal, CI, --quiet):
 * pass the result straight as a service's onProgress. At most one drawing per `intervalMs` (100 ms); the bar is
 * rubbed out when done reaches total.
 */
export function cliProgress(label: string, stream: ProgressStream = process.stderr, options: ProgressOptions = {}): ProgressLine | undefined {
  if (!stream.isTTY || options.quiet || quietFlag || isCi(options.env ?? process.env)) return undefined;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  let drawn = false;
  let lastDraw = -Infinity;
  const line = ((done: number, total: number, message?: string) => {
    if (done >= total) {
      line.clear();
      return;
    }
    const t = now();
    if (drawn && t - lastDraw < interval) return;
    stream.write(CLEAR_LINE + progressText(label, done, total, message, stream.columns || 80));
    drawn = true;
    lastDraw = t;
    active.add(line);
  }) as ProgressLine;
  line.clear = () => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
    lastDraw = -Infinity;
    active.delete(line);
  };
  return line;
}
