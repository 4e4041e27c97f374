#!/usr/bin/env node
// Thin entry: everything lives in dist/ (built from src/ by `npm install`).
import { main } from '../dist/cli/main.js';

await main();
