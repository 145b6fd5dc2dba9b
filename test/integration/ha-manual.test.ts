import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {startCli} from '../helpers/cli.js';
import {startLab, type Lab} from '../helpers/lab-fixture.js';

/** ha.mode manual: the operator flips ha.config in the OMS console; the tool asks, then verifies. */
let lab: Lab;
let planFile: string;

beforeAll(async () => {
	lab = await startLab({nodes: 1, regions: 1});
	planFile = join(lab.directory, 'manual-ha.yaml');
	await writeFile(planFile, (await readFile(lab.state.planFile, 'utf8')).replace('mode: metadb', 'mode: manual'));
});

afterAll(async () => {
	await lab?.down();
});

const ha = async () =>
	JSON.parse(
		String(
			(
				await lab.sql<{v: string}>("SELECT cfg_value AS v FROM oms_rm.oms_normal_config WHERE cfg_name = 'ha.config'")
			)[0]!.v,
		),
	) as Record<string, unknown>;
/** What the operator does in the OMS console's System Parameters page. */
const operatorSets = (changes: Record<string, unknown>) =>
	lab.sql(
		`UPDATE oms_rm.oms_normal_config SET cfg_value = JSON_SET(cfg_value, ${Object.entries(changes)
			.map(([key, value]) => `'$.${key}', ${value === true ? 'true' : 'false'}`)
			.join(', ')}) WHERE cfg_name = 'ha.config'`,
	);

describe('ha.mode manual', () => {
	it('refuses to go on when the operator confirms without changing ha.config', async () => {
		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		expect(run.stderr()).toContain('stop-old: docker stop oms_428@127.0.0.2');
		run.answer('y\n');
		await run.waitForPrompt(2);
		expect(run.stderr()).toContain(
			'disable HA: set {"enable":false} in ha.config in the OMS console (System Management > System Parameters), then confirm',
		);
		run.answer('y\n');
		expect(await run.exit).toBe(1);
		expect(run.stderr()).toMatch(
			/failed at disable-ha: disable HA: ha\.config reads \{"enable":true,[^}]*\} after the change, without \{"enable":false\}\./,
		);
		expect(run.stderr()).not.toContain('HA is still OFF');
		expect((await ha()).enable).toBe(true);
	});

	it('verifies each change the operator makes and completes the upgrade', async () => {
		const run = startCli(['run', '-c', planFile]);
		await run.waitForPrompt(1);
		run.answer('y\n');
		await run.waitForPrompt(2);
		await operatorSets({enable: false});
		run.answer('y\n');
		for (const [count, step] of [
			[3, 'start-new'],
			[4, 'init'],
		] as const) {
			await run.waitForPrompt(count);
			expect(run.stderr().split('Proceed? [y/N]').at(-2)).toContain(`${step}: `);
			run.answer('y\n');
		}
		await run.waitForPrompt(5);
		expect(run.stderr()).toContain(
			'enable HA: set enable=true and perceiveStoreClientCheckpoint=true in ha.config in the OMS console',
		);
		await operatorSets({enable: true, perceiveStoreClientCheckpoint: true});
		run.answer('y\n');
		expect(await run.exit).toBe(0);
		expect(await ha()).toMatchObject({enable: true, perceiveStoreClientCheckpoint: true, refetchStoreIntervalMin: 30});
	});
});
