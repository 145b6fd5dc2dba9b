import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';
import {openTerminal, type Terminal} from '../helpers/tmux.js';

/**
 * Five nodes in two regions at 80×24, as an operator on a small SSH window sees them: every node, every key, colour,
 * the ending.
 */
let lab: Lab;
const terminals: Terminal[] = [];

beforeAll(async () => {
	lab = await startLab({nodes: 5, regions: 2});
});

afterAll(async () => {
	await Promise.all(terminals.map(opened => opened.kill()));
	await lab?.down();
});

async function openConsole(
	name: string,
	columns: number,
	rows: number,
	environment = '',
	flags = '',
): Promise<Terminal> {
	const terminal = await openTerminal(
		name,
		`${environment} node ${cliPath} console -c ${lab.state.planFile} ${flags}; echo "console exited $?"; sleep 120`,
		columns,
		rows,
	);
	terminals.push(terminal);
	await terminal.waitForScreen(/ONLINE · (hb|heartbeat) \d+s/);
	return terminal;
}

/** An SGR sequence that sets a foreground colour (basic, bright, 256 or true colour). */
const colourCode = /\u001B\[(3[0-7]|9[0-7]|38;[25];)[0-9;]*m/;

const hosts = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
const flat = (screen: string) => screen.replaceAll(/[║\s]+/g, ' ');

describe('the console with five nodes at 80×24 in tmux', () => {
	it('reaches every node by keys, counts keys that arrive together, and shows colour', async () => {
		const term = await openConsole('omsu-nodes', 80, 24);
		// Every node answered a poll (on a loaded machine one may first say its engine is not answering).
		const first = await term.waitForScreen(
			/(old running new absent {2}img ○ init (○ +|peer )ONLINE · hb \d+s ssh ✓\n[\s\S]*){5}/,
		);
		const lines = first.split('\n');
		expect(Math.max(...lines.map(line => [...line].length))).toBeLessThanOrEqual(80);
		expect(first).toContain('Nodes all 5 · [ ] pick · n opens the picked node');
		for (const host of hosts)
			expect(first).toMatch(
				new RegExp(
					`${host.replaceAll('.', '\\.')} (hangzhou|shanghai) old running new absent  img ○ init (○ +|peer )ONLINE · hb \\d+s ssh ✓`,
				),
			);
		expect(lines.filter(line => line.trim() !== '').at(-1)).toMatch(
			/^enter next · a all · R retry · X rollback · n node · \? help · q quit/,
		);

		// Several keys in one write: all count.
		await term.keys('jjj');
		await term.waitForScreen('▸ ○ stop-old');
		await term.keys('kk');
		await term.waitForScreen('▸ ○ stage-image');

		// Every node, by keys: n opens the picked node, ] goes to the next, each read through its own engine.
		await term.keys('n');
		for (const [index, host] of hosts.entries()) {
			const screen = flat(await term.waitForScreen(`Node ${host} · `));
			expect(screen).toContain(`${index + 1} of 5 · [ ] other nodes · esc closes`);
			expect(screen).toContain('engine answering · ssh connected');
			const old = flat(await term.waitForScreen('image oms:feature_4.2.8-ce'));
			expect(old).toContain('old oms_428 running · image oms:feature_4.2.8-ce');
			expect(old).toContain('new oms_428_429 absent');
			await term.keys('G');
			expect(flat(await term.waitForScreen('docker_init.sh output'))).toContain(
				'oms_428_429 does not exist yet (start-new creates it)',
			);
			await term.keys(']');
		}
		expect(flat(await term.waitForScreen('Node 127.0.0.2 · '))).toContain('1 of 5');
		await term.keys(']]');
		await term.waitForScreen('Node 127.0.0.4 · hangzhou · 3 of 5');
		await term.keys('Escape');
		const grid = await term.waitForScreen('Upgrade steps');
		expect(grid).toContain('▸127.0.0.4 hangzhou');
		// Colour in tmux (TERM=tmux-256color): the picked node in inverse video, the marker ▸ there too.
		const colored = await term.screen({escapes: true});
		expect(colored).toMatch(/\u001B\[7m[^\n]*▸127\.0\.0\.4/);
		await term.keys('q');
		await term.waitForScreen('console exited 0');
		await term.kill();
	});

	it('colours on screen (TERM=screen) and not with FORCE_COLOR=0 or --no-color; words carry every state', async () => {
		const screen = await openConsole('omsu-screen', 120, 40, 'TERM=screen');
		// Five cards fit at 120×40: a node up as it says is green, and says ONLINE.
		expect(await screen.screen({escapes: true})).toMatch(/\u001B\[32mONLINE · heartbeat \d+s/);
		await screen.kill();
		for (const [name, environment, flags] of [
			['omsu-force0', 'FORCE_COLOR=0', ''],
			['omsu-nocolorflag', '', '--no-color'],
		] as const) {
			const plain = await openConsole(name, 120, 40, `TERM=screen ${environment}`, flags);
			const text = await plain.screen({escapes: true});
			expect(text).not.toMatch(colourCode);
			expect(await plain.screen()).toMatch(/ONLINE · heartbeat \d+s/);
			await plain.kill();
		}
	});

	it('q during a step stops after its call and exits 130, as run does after Ctrl-C', async () => {
		const term = await openConsole('omsu-interrupt', 80, 24);
		await term.pressUntil('a', /[◜◠◝◞◡◟] stage-image +running/);
		await term.keys('q');
		await term.waitForScreen('A step is running (stage-image);');
		await term.keys('y');
		await term.waitForScreen('console exited 130', 120_000);
		await term.kill();
	});

	it('resumes, runs the upgrade at 80×24 and ends with the summary: downtime split, backups, report and log, what next', async () => {
		const term = await openConsole('omsu-summary', 80, 24);
		// The interrupted call (loading the image) finished: the run stopped inside stage-image or right after it.
		expect(flat(await term.waitForScreen(/Continue from (stage-image|disable-ha)\?/))).toMatch(
			/stopped at (stage-image \(interrupted[^)]*\)|disable-ha \(not started\)); last run \d{8}T\d{6}-run, interrupted/,
		);
		await term.keys('y');
		await term.waitForScreen('stop-old: docker stop', 180_000);
		for (const question of ['start-new: create and start', 'init: run /root/docker_init.sh']) {
			await term.keys('y');
			await term.waitForScreen(question, 180_000);
		}
		await term.keys('y');
		const ended = await term.waitForScreen(/Run ended: succeeded · attempt \d{8}T\d{6}/, 300_000);
		expect(ended).toMatch(/Downtime {2}\d+:\d\d/);
		for (const step of ['stop-old', 'clean-heartbeat', 'backup', 'start-new', 'init', 'verify', 'enable-ha'])
			expect(ended).toMatch(new RegExp(`║ +${step} +\\d+\\.\\ds`));
		expect(ended).toMatch(/between steps +\d+\.\ds {2}\(no step running: questions, waits\)/);
		await term.keys('G');
		const end = flat(await term.waitForScreen('Next'));
		const workdir = `${lab.directory}/oms-upgrade-lab`;
		expect(end.replaceAll(' ', '')).toContain(`report${workdir}/report.json`);
		expect(end.replaceAll(' ', '')).toMatch(new RegExp(`log${workdir}/logs/\\d{8}T\\d{6}/\\d{8}T\\d{6}-run\\.log`));
		expect(end).toContain('X rolls this attempt back while it is the current one.');
		await term.keys('g');
		for (let page = 0; page < 3; page += 1) await term.keys('PageDown');
		await term.keys('g');
		await term.keys('j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
		const backups = flat(await term.waitForScreen(/Backups \(4\)/));
		expect(backups.replaceAll(' ', '')).toMatch(
			new RegExp(`oms_rm\\d+\\.\\dKiB${workdir}/backups/\\d{8}T\\d{6}/oms_rm\\.sql`),
		);
		await term.keys('Escape');
		const panel = await term.waitForScreen('Upgrade steps');
		expect(await term.screen({escapes: true})).toMatch(/\u001B\[32m[^\n]*✓ stop-old +done/);
		for (const host of hosts)
			expect(panel).toMatch(
				new RegExp(`${host.replaceAll('.', '\\.')} +\\w+ +old exited  new running img ✓ init (✓|peer)`),
			);
		// The node that ran init shows its docker_init.sh output; a peer shows its new container's own log.
		await term.keys('n');
		await term.waitForScreen('Node 127.0.0.2 · hangzhou · 1 of 5');
		await term.keys('G');
		await term.waitForScreen('[Completed] All initialization steps are executed');
		await term.keys(']');
		await term.waitForScreen('Node 127.0.0.3 · hangzhou · 2 of 5');
		await term.keys('G');
		expect(flat(await term.waitForScreen(/Logs of oms_428_429 \(last 200 lines, read \d\d:\d\d:\d\d\)/))).toMatch(
			/\[oms 4\.2\.9-CE\] services started/,
		);
		await term.keys('Escape');
		await term.keys('q');
		await term.waitForScreen('console exited 0');
		await term.kill();
	});
});
