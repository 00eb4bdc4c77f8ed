/**
 * Colour for human output: only on a TTY, never when NO_COLOR is set (https://no-color.org) or
 * the terminal is dumb, so logs and pipes get plain text.
 */
export interface Style {
  add(text: string): string;
  remove(text: string): string;
  change(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const PLAIN: Style = { add: (t) => t, remove: (t) => t, change: (t) => t, dim: (t) => t, bold: (t) => t };
const COLOUR: Style = {
  add: wrap(32, 39),
  remove: wrap(31, 39),
  change: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function styleFor(colour: boolean): Style {
  return colour ? COLOUR : PLAIN;
}
