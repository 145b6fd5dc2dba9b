// Where a panel process's CPU went, from a V8 .cpuprofile (node --cpu-prof): each sample's time goes to
// the first frame, from the sampled one up its callers, whose script belongs to a known part (so a
// builtin like String.prototype.slice counts for whoever called it). Used by key-latency's BENCH_PROFILE.
import {readFileSync} from 'node:fs';

/** Parts of a frame of the panel, matched on the script's path, first match wins. */
const parts = [
	['log buffer and store updates', /\/dist\/store\/|\/zustand\//],
	['panel components (React render)', /\/dist\/ui\//],
	['React render and commit', /\/react-reconciler\/|\/node_modules\/react\/|\/scheduler\//],
	['Ink layout (Yoga)', /\/yoga-layout\/|\/ink\/build\/dom\.js|\/ink\/build\/measure-text\.js/],
	['terminal write (log-update, stream)', /\/ink\/build\/log-update\.js|\/ansi-escapes\/|node:internal\/streams|node:net|node:internal\/stream_base/],
	[
		'Ink output (screen to text)',
		/\/ink\/build\/|\/string-width\/|\/slice-ansi\/|\/wrap-ansi\/|\/cli-truncate\/|\/@alcalzone\/ansi-tokenize\/|\/widest-line\/|\/chalk\/|\/strip-ansi\/|\/get-east-asian-width\/|\/emoji-regex\/|\/ansi-styles\/|\/es-toolkit\//,
	],
	['the bench feeding lines', /\/bench\//],
];

/** {part: ms} over the whole profile, plus garbage collection and other; idle time is left out. */
export function cpuBreakdown(file) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const partOf = new Map();
	const classify = id => {
		if (partOf.has(id)) return partOf.get(id);
		const node = byId.get(id);
		const {url, functionName} = node.callFrame;
		let part = null;
		if (functionName === '(garbage collector)') part = 'garbage collection';
		else if (functionName === '(idle)') part = 'idle';
		else part = parts.find(([, pattern]) => pattern.test(url))?.[0] ?? null;
		if (part === null) part = parent.has(id) ? classify(parent.get(id)) : 'other';
		partOf.set(id, part);
		return part;
	};
	const ms = {};
	profile.samples.forEach((id, index) => {
		const part = classify(id);
		ms[part] = (ms[part] ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000;
	});
	delete ms.idle;
	return ms;
}
