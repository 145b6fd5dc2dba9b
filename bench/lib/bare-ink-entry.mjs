// The bare Ink app (bare-ink.mjs) as the single executable starts: bundled by scripts/release/bundle.mjs,
// Yoga loaded before Ink's modules are evaluated (sea-main.js), run from a code cache made from its first
// frame (scripts/release/code-cache.cjs). bench/startup.bench.mjs times it as the release file's floor.
import {initYoga} from '../../scripts/release/yoga-preloaded.js';

initYoga().then(() => import('./bare-ink.mjs'));
