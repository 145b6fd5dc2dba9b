// Stands in for `yoga-layout` in dist/vendor (scripts/build/vendor.mjs): the same exports and the same
// top-level await as the real module, with its WebAssembly loaded without fetch (yoga-without-fetch.js).
import {loadYoga} from 'yoga-layout/load';
import {loadYogaWithoutFetch} from './yoga-without-fetch.js';

const Yoga = await loadYogaWithoutFetch(loadYoga);

export default Yoga;
export * from 'yoga-layout/load';
