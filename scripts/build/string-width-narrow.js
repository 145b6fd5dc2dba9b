// Stands in for `string-width` in the bundles (dist/vendor and the single executable; first-frame.mjs): the
// same function, answered at once for narrow text (narrow-text.js: one cell per character) and by the real
// string-width for any other text (a Chinese region, an emoji, a combining mark, a control character),
// loaded the first time such text is measured. The real one builds an Intl.Segmenter as it loads and, the
// first time it measures a character beyond ASCII (the panel's ✓, ·, →, box lines), compiles its
// \p{RGI_Emoji} expression: about 34 ms before the console's first frame, for text as wide as it is long.
import stripAnsi from 'strip-ansi';
import {narrowText} from './narrow-text.js';

/** The real string-width, once some text needed it. */
let anyTextWidth;

export default function stringWidth(text, options) {
	if (typeof text === 'string' && options === undefined) {
		const visible = text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text;
		if (narrowText.test(visible)) return visible.length;
	}
	// Bundled (first-frame.mjs resolves this one require to the package), evaluated at the first call.
	anyTextWidth ??= require('string-width').default;
	return anyTextWidth(text, options);
}
