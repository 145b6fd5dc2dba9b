// Yoga's WebAssembly loader (Emscripten, in yoga-layout) fetches its own embedded data: URL when a global
// fetch exists. In Node.js the first read of `fetch` loads undici, about 40 ms before the console's first
// frame (bench/startup.bench.mjs); without fetch the loader decodes the same base64 itself. It looks for
// fetch only while loadYoga() runs synchronously, so fetch is hidden for that call alone and put back as it
// was: nothing else can run in between.
export function loadYogaWithoutFetch(loadYoga) {
	const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return loadYoga();
	} finally {
		if (fetchProperty) Object.defineProperty(globalThis, 'fetch', fetchProperty);
		else delete globalThis.fetch;
	}
}
