import {Text} from 'ink';
import {fit} from './glyphs.js';

export type FooterProps = {
	/** A message for the operator (last outcome, a refusal), shown before the hints. */
	readonly message: string | null;
	readonly width: number;
};

export const keyHints = 'enter next · a all · R retry · X rollback · b binds · h HA · ? help · tab · j/k · f · / · q quit';

export function Footer({message, width}: FooterProps) {
	return (
		<Text inverse wrap="truncate">
			{fit(message ? `${message} · ${keyHints}` : keyHints, width).padEnd(width)}
		</Text>
	);
}
