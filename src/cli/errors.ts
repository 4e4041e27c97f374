/** The class lives in src/iproute/errors.ts (below cli/ and commands/); re-exported for the CLI. */
export { CliError } from '../iproute/errors.js';
