import {Text} from 'ink';
import {fit} from './glyphs.js';

type FooterProps = {
	/** A message for the operator (last outcome, a refusal), shown before the hints. */
	readonly message: string | null;
	/** The keys that work now; the panel's own by default. */
	readonly hints?: string;
	readonly width: number;
};

/** Most used first: what is cut at 80 columns is the least needed, and `? help` is never cut. */
export const keyHints = 'enter next · a all · R retry · X rollback · n node · ? help · q quit · w wrap · s summary · b binds · h HA · tab · j/k · f · /';

/** After a message the hints shrink to these; `m` opens the message whole when it is cut. */
const messageHints = 'm whole · ? help · q quit';

/** Inside a view over the panel (help, binds, a line, a node, the summary). */
export const viewHints = 'j/k ↑/↓ scroll · PgUp/PgDn · g/G top/end · esc close · q close';
export const summaryHints = 'j/k ↑/↓ scroll · PgUp/PgDn · g/G top/end · esc close · q quit';
export const nodeViewHints = '[ ] other node · j/k ↑/↓ scroll · PgUp/PgDn · g/G · esc close';

export function Footer({message, hints = keyHints, width}: FooterProps) {
	const text = !message
		? fit(hints, width)
		: `${message} · ${hints}`.length <= width
			? `${message} · ${hints}`
			: `${fit(message, Math.max(1, width - messageHints.length - 3))} · ${messageHints}`;
	return (
		<Text inverse wrap="truncate">
			{text.padEnd(width)}
		</Text>
	);
}
