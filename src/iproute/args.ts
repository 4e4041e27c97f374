/**
 * The argument cursor of ip's command parsers: the current word, and
 * NEXT_ARG() (ip/utils.h) stepping to its value or failing with
 * incomplete_command()'s message and status.
 */
import { incomplete } from './parse.js';

export class Args {
  i = 0;
  constructor(readonly words: readonly string[]) {}
  get more(): boolean {
    return this.i < this.words.length;
  }
  get cur(): string {
    return this.words[this.i]!;
  }
  /** NEXT_ARG(): step to the value, or "Command line is not complete". */
  next(): string {
    if (this.i + 1 >= this.words.length) incomplete();
    return this.words[++this.i]!;
  }
  /** The following word without consuming it. */
  peek(): string | undefined {
    return this.words[this.i + 1];
  }
}
