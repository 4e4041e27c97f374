/**
 * Text tables for nlts's own live views (dropwatch's top-like table), drawn
 * by cli-table3 and written through the Printer like every other output.
 * Tables are text only: a command's JSON has no tables (print() writes
 * nothing in JSON mode), its records carry the same data field by field.
 */
import Table from 'cli-table3';
import type { Printer } from './printer.js';

export type Align = 'left' | 'center' | 'right';

export interface Column {
  title: string;
  align?: Align;
}

export interface TableOptions {
  /** Styles a heading (e.g. bold from color.ts's chalkFor); plain when absent. */
  head?: (title: string) => string;
}

export class TextTable {
  private readonly table: InstanceType<typeof Table>;

  constructor(columns: readonly Column[], opts: TableOptions = {}) {
    const head = opts.head ?? ((s: string): string => s);
    this.table = new Table({
      head: columns.map((c) => head(c.title)),
      style: { head: [], border: [], compact: true },
      colAligns: columns.map((c) => c.align ?? 'left'),
    });
  }

  /** One row: one (already styled) cell per column. */
  row(cells: string[]): void {
    this.table.push(cells);
  }

  /** The table's lines, without a final newline. */
  toString(): string {
    return this.table.toString();
  }

  /** Write the table and end its last line (text only). */
  print(p: Printer): void {
    p.fp(this.toString() + '\n');
  }
}
