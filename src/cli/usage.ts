/**
 * `nlts help`: the usage summary. Its OBJECT list and See-also line come
 * from the object registry, so an object added there is listed here.
 */
import type { CommandHandler } from '../commands/env.js';
import { OBJECTS, type ObjectEntry } from '../registry/registry.js';

/** Lines of at most `width` characters: `first` then `rest`-indented continuations. */
function wrap(items: string[], sep: string, first: string, rest: string, width = 80): string[] {
  const lines: string[] = [];
  let line = first;
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? sep : '');
    if (line !== first && line !== rest && (line + piece).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += piece;
  });
  lines.push(line.trimEnd());
  return lines;
}

const entries: readonly ObjectEntry[] = OBJECTS;

/**
 * Usage's OBJECT words: each listed object's first word, and `completion`
 * (run by src/cli/main.ts itself: it needs no kernel), sorted as ip's usage sorts them.
 */
export function usageObjects(): string[] {
  return [...entries.filter((o) => o.usage).map((o) => o.words[0]!), 'completion'].sort();
}

function buildUsage(): string {
  const objects = wrap(usageObjects(), ' | ', 'where  OBJECT := { ', '                  ');
  objects[objects.length - 1] += ' }';
  const pages = ['nlts(8)', ...entries.flatMap((o) => (o.man ? [`${o.man}(8)`] : [])).sort()];
  const see = wrap(pages, ', ', 'See ', '    ');
  see[see.length - 1] += '.';
  return `Usage: nlts [ OPTIONS ] OBJECT { COMMAND | help }
       nlts [ --record FILE | --replay FILE ] OBJECT ...
       nlts [ -force ] -batch FILENAME
${objects.join('\n')}
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -j[son] | -p[retty] |
                    -br[ief] | -o[neline] | -n[etns] NAME | -c[olor][={always|auto|never}] |
                    -4 | -6 | -0 | -t[imestamp] | -ts[hort] | -rc[vbuf] SIZE |
                    -b[atch] FILE | -force | -a[ll] }
Examples:
       nlts link show
       nlts -br link
       nlts -j link show dev eth0 | jq -r '.[0].address'
       nlts -s -s link show lo
       nlts raw send --proto route --type RTM_GETLINK --flags request,dump --header-hex 00000000000000000000000000000000
       nlts genl family nlctrl
       nlts -j dropwatch --mode packet --count 10
       nlts -j monitor all
${see.join('\n')}
`;
}

export const USAGE = buildUsage();

export const helpCommand: CommandHandler = (_args, env) => {
  env.out.write(USAGE);
  return 0;
};
