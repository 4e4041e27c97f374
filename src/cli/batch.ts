import { CliError } from './errors.js';

export interface BatchCommand {
  /** 1-based number of the (last physical) line the command came from, as ip counts it. */
  line: number;
  words: string[];
}

/**
 * Split a batch file the way iproute2 reads one (getcmdline + makeargs in
 * lib/utils.c): "#" to the end of a line is a comment, a backslash before
 * the newline joins the next line, words are separated by blanks, and a
 * word that starts with ' or " runs to the matching quote.
 */
export function parseBatch(text: string): BatchCommand[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: BatchCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = stripComment(lines[i]!);
    while (line.endsWith('\\')) {
      if (i + 1 >= lines.length) throw new CliError('Missing continuation line');
      line = line.slice(0, -1) + stripComment(lines[++i]!);
    }
    const words = splitWords(line);
    if (words.length) out.push({ line: i + 1, words });
  }
  return out;
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return (hash < 0 ? line : line.slice(0, hash)).replace(/\r$/, '');
}

function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';
  while (i < line.length) {
    while (blank(line[i])) i++;
    if (i >= line.length) break;
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CliError('Unterminated quoted string');
      words.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < line.length && !blank(line[end])) end++;
      words.push(line.slice(i, end));
      i = end;
    }
  }
  return words;
}
