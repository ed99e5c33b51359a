// Terminal styling: ANSI colours when stdout is a terminal (NO_COLOR and --no-color turn them off).

export interface Style {
  readonly color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

export function terminalStyle(color: boolean): Style {
  const paint = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { color, bold: paint(1, 22), dim: paint(2, 22), green: paint(32, 39), red: paint(31, 39), cyan: paint(36, 39) };
}

export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Indented lines of `label  value` pairs, the labels padded to one width. */
export function table(rows: ReadonlyArray<readonly [string, string]>, style: Style): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${style.dim(label.padEnd(width))}  ${value}`).join('\n');
}

/** Word-wraps `text` to `width` columns; lines after the first start with `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines.join(`\n${indent}`);
}
