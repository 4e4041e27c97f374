import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS } from '../../src/cli/completion.js';
import { OBJECTS } from '../../src/registry/registry.js';
import { VERBS } from '../../src/registry/verbs.js';
import { ROOT } from '../support/cli.js';

/** A page's text without roff's font escapes, with "\-" as "-". */
function pageText(name: string): string {
  return readFileSync(path.join(ROOT, 'man', `${name}.8`), 'utf8')
    .replace(/\\f[BIRP]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\&/g, '');
}

/** The text of one section (".SH NAME" up to the next .SH). */
function section(text: string, name: string): string {
  const at = text.indexOf(`\n.SH ${name}\n`);
  if (at < 0) return '';
  const end = text.indexOf('\n.SH ', at + 1);
  return text.slice(at, end < 0 ? undefined : end);
}

const wordRe = (w: string) =>
  new RegExp(`(^|[^\\w-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`, 'm');

const main = pageText('nlts');
const provided = OBJECTS.filter((o) => o.usage && (o as { provided?: false }).provided !== false);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { man: string[] };

describe('man pages are current (checked against the registry)', () => {
  it('package.json "man" installs every page, and every page it names exists', () => {
    for (const page of pkg.man) expect(existsSync(path.join(ROOT, page)), page).toBe(true);
    for (const o of OBJECTS) if (o.man) expect(pkg.man, o.name).toContain(`./man/${o.man}.8`);
    expect(pkg.man).toContain('./man/nlts.8');
  });

  it('nlts.8 lists every object in OBJECT := { … } and in OBJECTS', () => {
    const synopsis = section(main, 'SYNOPSIS');
    const objects = section(main, 'OBJECTS');
    const names = [...provided.map((p) => p.words[0]!), 'completion'].filter((o) => o !== 'help');
    expect(names.filter((o) => !wordRe(o).test(synopsis))).toEqual([]);
    expect(names.filter((o) => !wordRe(o).test(objects))).toEqual([]);
  });

  it('nlts.8 describes every global option', () => {
    // ip's pages write an option with its optional part in brackets (-t [ imestamp ],
    // -j[son]): without brackets, quotes and spaces each is spelled out in full.
    const flat = section(main, 'OPTIONS')
      .replace(/^\.[A-Z]+ /gm, '')
      .replace(/[[\]" ]/g, '');
    const missing = GLOBAL_OPTIONS.filter((opt) => !new RegExp(`(^|[^\\w-])${opt}`, 'm').test(flat));
    expect(missing).toEqual([]);
  });

  it("every verb is in nlts.8 or the object's own page", () => {
    const missing = provided.flatMap((o) => {
      const text = main + (o.man ? pageText(o.man) : '');
      return (VERBS[o.name] ?? []).flatMap((v) =>
        wordRe(v.words[0]!).test(text) ? [] : [`${o.name} ${v.words[0]}`],
      );
    });
    expect(missing).toEqual([]);
  });

  it('the pages say what is real: no "show-only" object that has change verbs', () => {
    const changing = ['add', 'delete', 'del', 'change', 'replace', 'set', 'flush'];
    for (const o of provided) {
      const verbs = (VERBS[o.name] ?? []).map((v) => v.words[0]!);
      if (!verbs.some((v) => changing.includes(v))) continue;
      for (const w of o.words)
        expect(main, `${w} called show-only`).not.toMatch(new RegExp(`${w}[^\\n]{0,40}show-only`));
    }
  });
});
