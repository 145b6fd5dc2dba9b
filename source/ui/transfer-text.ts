import {formatDuration} from '../domain/format.js';
import type {NodeTransfer} from '../store/panel-state.js';

const MiB = 1_048_576;
const mib = (bytes: number) => Math.floor(bytes / MiB).toLocaleString('en-US');

/** 94 MiB/s; 2.5 MiB/s and 300 KiB/s when slower. */
function rateText(rate: number | null, unit: string): string {
	if (rate === null) return `…${unit}/s`;
	if (rate >= 10 * MiB) return `${Math.round(rate / MiB)}${unit}/s`;
	if (rate >= MiB) return `${(rate / MiB).toFixed(1)}${unit}/s`;
	return `${Math.round(rate / 1024)}${unit === ' MiB' ? ' KiB' : 'K'}/s`;
}

/**
 * A node card's line while its image is sent: `image 812/2,310 MiB · 94 MiB/s · ETA 16s`, or the
 * longest shorter form that fits `width` (down to `35% ETA 16s` in the narrowest card).
 */
export function transferText(transfer: NodeTransfer, width: number): string {
	const eta = transfer.etaSec === null ? '…' : formatDuration(transfer.etaSec);
	const percent = `${transfer.total > 0 ? Math.floor((transfer.done / transfer.total) * 100) : 100}%`;
	const bytes = `${mib(transfer.done)}/${mib(transfer.total)}`;
	const forms = [
		`image ${bytes} MiB · ${rateText(transfer.rate, ' MiB')} · ETA ${eta}`,
		`image ${bytes} MiB ${rateText(transfer.rate, ' MiB')} ETA ${eta}`,
		`${bytes} MiB ${rateText(transfer.rate, ' MiB')} ETA ${eta}`,
		`${bytes.replaceAll(',', '')}M ${rateText(transfer.rate, 'M')} ETA ${eta}`,
		`${percent} ${rateText(transfer.rate, 'M')} ${eta}`,
		`${percent} ETA ${eta}`,
	];
	return forms.find(form => form.length <= width) ?? `${percent} ETA ${eta}`;
}
