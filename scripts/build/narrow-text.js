// Text of characters that each take one terminal cell and are a whole character (grapheme) on their own: no
// character of the set combines with its neighbour, so such text is as wide as it is long and splits into
// graphemes one UTF-16 unit at a time, without Intl.Segmenter or string-width's Unicode expressions.
// test/build/first-frame.test.ts checks every character of the set against string-width and Intl.Segmenter.

/**
 * Printable ASCII, Latin-1 and the Latin extensions without the soft hyphen, the general punctuation (dashes,
 * quotes, •, …, ‰), arrows and mathematical operators, box drawing, blocks and geometric shapes (without
 * ◽ ◾, which are emoji), ✓ ✔ ✕ ✖ ✗, and braille (the spinners).
 */
const narrow = '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u02FF\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u22FF\\u2500-\\u25FC\\u2713-\\u2717\\u2800-\\u28FF';

/** Text whose width in cells is its length. */
export const narrowText = new RegExp(`^[${narrow}]*$`);

/**
 * Narrow text that may hold escape sequences (ESC and BEL are control characters, graphemes of their own):
 * its graphemes are its UTF-16 units.
 */
export const narrowTextWithEscapes = new RegExp(`^[\\u0007\\u001B${narrow}]*$`);
