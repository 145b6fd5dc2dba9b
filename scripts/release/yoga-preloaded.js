// Stands in for `yoga-layout` in the single executable. The real module initialises its WebAssembly
// with a top-level await, which a CommonJS bundle (what Node 20 runs as a single executable) cannot
// hold. This one exports the same names and loads the WebAssembly without fetch
// (../build/yoga-without-fetch.js); sea-main.js awaits initYoga() before the first module that uses Yoga
// is evaluated, so every use sees the loaded instance.
import {loadYoga} from 'yoga-layout/load';
import {loadYogaWithoutFetch} from '../build/yoga-without-fetch.js';

let Yoga;
let loading;

/** Loads Yoga once; every call waits for the same load. */
export function initYoga() {
	loading ??= loadYogaWithoutFetch(loadYoga).then(loaded => {
		Yoga = loaded;
	});
	return loading;
}

export {Yoga as default};
export * from 'yoga-layout/load';
