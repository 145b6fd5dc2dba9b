// The staging bench's figures: rows in the bench contract's shape and a readable table.
const MiB = 1_048_576;
const median = values => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const round = (value, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));


/** The most progress events a node got in any one second (by the engine's own timestamps), and their mean rate. */
function eventRates(progress) {
	let most = 0;
	const means = [];
	for (const events of progress.values()) {
		// The last report (done = total) always goes out: it is not counted against the ~10 a second.
		const times = events.filter(event => event.done < event.total).map(event => event.at);
		for (let start = 0, end = 0; start < times.length; start += 1) {
			while (end < times.length && times[end] - times[start] < 1000) end += 1;
			most = Math.max(most, end - start);
		}
		const span = (times.at(-1) - times[0]) / 1000;
		if (span > 0) means.push((times.length - 1) / span);
	}
	return {most, mean: Math.max(...means)};
}

/** How the nodes' sends lined up: seconds between the first node's first bytes and the last node's, and the share of the load every node was sending. */
function overlap(progress) {
	const spans = [...progress.values()].map(events => [events[0].at, events.at(-1).at]);
	const together = Math.min(...spans.map(span => span[1])) - Math.max(...spans.map(span => span[0]));
	const whole = Math.max(...spans.map(span => span[1])) - Math.min(...spans.map(span => span[0]));
	const starts = spans.map(span => span[0]);
	return {startSpread: (Math.max(...starts) - Math.min(...starts)) / 1000, together: whole > 0 ? Math.max(0, together) / whole : 1};
}

export function summarize({bytes, small, smallBytes, tool, baseline, load}) {
	const throughput = runs => median(runs.map(run => (3 * bytes) / MiB / run.seconds));
	const toolRate = throughput(tool);
	const cliRate = throughput(baseline);
	const rates = tool.map(run => eventRates(run.progress));
	const rss = runs => median(runs.map(run => run.rssKiB / 1024));
	const connections = runs => Math.max(...runs.flatMap(run => run.connections));
	const row = (measure, toolValue, baselineValue, unit, ratio, goal, note) => ({measure, tool: round(toolValue), baseline: round(baselineValue), unit, ratio: round(ratio, 2), goal, note});
	const rows = [
		row('throughput, 3 nodes at once', toolRate, cliRate, 'MiB/s', toolRate / cliRate, '≥ 0.9', `${(bytes / MiB).toFixed(0)} MiB package into 3 nodes over ssh; median of ${tool.length}; tool = stage-image step, CLI = docker load -i`),
		row('time to stage 3 nodes', median(tool.map(run => run.seconds)), median(baseline.map(run => run.seconds)), 's', null, null, 'tool: stage-image started → finished; CLI: 3 docker load processes, ssh connect included'),
		row('stage-image start to the first byte sent', median(tool.map(run => run.firstByteSec)), null, 's', null, null, 'inspecting the node and reading the package\'s manifest before the load'),
		row('progress events per node, most in any second', Math.max(...rates.map(rate => rate.most)), null, 'events/s', null, '≤ 10', `by the events' own times, the always-sent last one (done = total) left out; mean ${round(Math.max(...rates.map(rate => rate.mean)))} events/s per node`),
		row('nodes\' first bytes, first to last', Math.max(...tool.map(run => overlap(run.progress).startSpread)), null, 's', null, '≈ 0 (in parallel)', `by each node's first progress event; every node was sending during ${Math.round(100 * Math.min(...tool.map(run => overlap(run.progress).together)))}% of the load (the rest: nodes finishing at different times)`),
		row('client CPU per GiB sent', median(tool.map(run => run.cpuSec)) / ((3 * bytes) / 1024 / MiB), median(baseline.map(run => run.cpuSec)) / ((3 * bytes) / 1024 / MiB), 'CPU s', median(tool.map(run => run.cpuSec)) / median(baseline.map(run => run.cpuSec)), null, 'user + system of the client\'s processes on this machine, sampled from /proc: tool = node and its 3 ssh (the whole run: start, discovery, preflight included), CLI = 3 docker processes and their ssh'),
		row('peak RSS of the client', rss(tool), rss(baseline), 'MiB', rss(tool) / rss(baseline), null, 'tool: node + its ssh; CLI: the largest docker load process (+ its ssh)'),
		row('peak RSS of the tool, big package vs the lab\'s small one', rss(tool), small.rssKiB / 1024, 'MiB', rss(tool) / (small.rssKiB / 1024), '≈ 1 (streamed)', `the lab's own package is ${(smallBytes / MiB).toFixed(1)} MiB`),
		row('SSH connections per node per load', connections(tool), connections(baseline), 'connections', null, '1', 'accepted by each node\'s sshd during the load (tool: the whole run)'),
	];
	const width = Math.max(...rows.map(r => r.measure.length));
	const cell = value => (value === null ? '—' : String(value)).padStart(9);
	const lines = [
		`staging bench: ${(bytes / MiB).toFixed(0)} MiB package, 3 ssh lab nodes, load average ${load.toFixed(1)}`,
		`${'measure'.padEnd(width)}  ${'tool'.padStart(9)}  ${'docker CLI'.padStart(9)}  ${'ratio'.padStart(9)}  unit           goal`,
		...rows.map(r => `${r.measure.padEnd(width)}  ${cell(r.tool)}  ${cell(r.baseline)}  ${cell(r.ratio)}  ${r.unit.padEnd(13)}  ${r.goal ?? ''}`),
		'',
		...rows.map(r => `${r.measure}: ${r.note}`),
	];
	return {rows, table: `${lines.join('\n')}\n`};
}
