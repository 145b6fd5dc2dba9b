#!/usr/bin/env node
// Thin launcher: set what libraries read when they load (colour, React's production build), then run the
// built CLI. The single executable (npm run release) starts from scripts/release/sea-main.js instead.
const argv = process.argv.slice(2);
const {prepareProcess} = await import('../dist/process-setup.js');
prepareProcess(argv);
const {main} = await import('../dist/cli.js');
process.exitCode = await main(argv);
