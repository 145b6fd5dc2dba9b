#!/usr/bin/env node
// Benchmark: downtime (T1, the first old container stopped → T2, HA back on) of the tool against the
// upgrade guide done by hand in its order, on the same lab in one run: the tool upgrades (`run --yes
// --json`), rolls back (`rollback --yes --json`), then the guide's steps run as plain ssh/docker/mysql/
// mysqldump commands (bench/lib/guide-by-hand.mjs). The share of each step in the downtime comes from the
// tool's report.json (each step's span) and from the clock around each hand-run step.
// Usage: node bench/downtime.bench.mjs [--json] after npm run build; needs root (it starts a lab and stops it).
// BENCH_NODES (2) nodes.
import {readFileSync} from 'node:fs';
import {guideByHand} from './lib/guide-by-hand.mjs';
import {startLab} from './lib/lab.mjs';
import {progress, report, row} from './lib/table.mjs';

const nodes = Number(process.env.BENCH_NODES ?? 2);
const say = text => progress('downtime', text);
const order = ['stop-old', 'clean-heartbeat', 'backup', 'load-image', 'start-new', 'init', 'verify', 'enable-ha'];

/** Each step's part of [t1, t2] in ms, and what no step covered ("between steps"). */
function shares(spans, t1, t2) {
	const inside = new Map();
	for (const span of spans) {
		const part = Math.max(0, Math.min(span.finishedAt, t2) - Math.max(span.startedAt, t1));
		inside.set(span.id, (inside.get(span.id) ?? 0) + part);
	}
	const covered = [...inside.values()].reduce((sum, part) => sum + part, 0);
	inside.set('between steps', Math.max(0, t2 - t1 - covered));
	return inside;
}

const lab = startLab('downtime', {nodes});
try {
	const minWaitSec = Number(/minWaitSec:\s*(\d+)/.exec(readFileSync(lab.plan, 'utf8'))?.[1] ?? 300);
	say(`the tool: run --yes --json on a ${nodes}-node lab`);
	await lab.tool(['run']);
	const upgrade = lab.report();
	if (upgrade.outcome !== 'succeeded') throw new Error(`the tool's upgrade ended ${upgrade.outcome}: ${upgrade.detail}`);
	const toolT1 = Date.parse(upgrade.t1);
	const toolT2 = Date.parse(upgrade.t2);
	const toolSpans = upgrade.steps.filter(step => step.node === null).map(step => ({id: step.id, startedAt: Date.parse(step.startedAt), finishedAt: Date.parse(step.finishedAt)}));
	say('the tool: rollback --yes --json, back to the old containers and metadata');
	await lab.tool(['rollback']);
	const back = lab.report();
	if (back.outcome !== 'rolled-back') throw new Error(`the tool's rollback ended ${back.outcome}: ${back.detail}`);
	say('the guide by hand: its steps in its order, one node after another');
	const guide = await guideByHand(lab, {minWaitSec, say});
	const tool = shares(toolSpans, toolT1, toolT2);
	const hand = shares(guide.spans, guide.t1, guide.t2);
	const toolMs = toolT2 - toolT1;
	const handMs = guide.t2 - guide.t1;
	const note = `${nodes}-node lab over ssh, the same lab in one run (tool upgrade, tool rollback, then the guide); downtime = T1 (first old container stopped) → T2 (HA on); init waits ${minWaitSec} s first on both sides (the guide's sleep 300, shortened as the lab's plan does); the tool loads the image before T1 (stage-image), the guide after the dumps`;
	const rows = [row({measure: 'downtime: tool vs the guide by hand', tool: toolMs / 1000, baseline: handMs / 1000, unit: 's', note})];
	for (const id of [...order, 'between steps']) {
		if (!tool.has(id) && !hand.has(id)) continue;
		rows.push(row({measure: `downtime share: ${id}`, tool: (100 * (tool.get(id) ?? 0)) / toolMs, baseline: (100 * (hand.get(id) ?? 0)) / handMs, unit: '%', ratio: null, note: id === order[0] ? 'each step\'s part of its side\'s downtime (tool: report.json step spans; guide: the clock around each hand-run step)' : null}));
	}
	report('downtime', rows);
} finally {
	lab.down();
}
