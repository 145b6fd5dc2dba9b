import {describe, expect, it} from 'vitest';
import {rollbackStepIds, upgradeStepIds} from '../source/domain/journal-types.js';
import {runCli} from './helpers/cli.js';

/** `oms-upgrade --help` says everything; `oms-upgrade COMMAND --help` says that command (source/command-help.ts). */
describe('help', () => {
	it('--help alone lists every command and option', async () => {
		const {exitCode, stdout} = await runCli(['--help']);
		expect(exitCode).toBe(0);
		expect(stdout).toMatch(/^oms-upgrade: upgrade OMS Community Edition/);
		for (const command of ['console', 'plan', 'check', 'run', 'rollback', 'status', 'history', 'lab up|down|status'])
			expect(stdout).toMatch(new RegExp(`^  ${command.replace('|', '\\|')} `, 'm'));
		for (const option of [
			'--config',
			'--yes',
			'--dry-run',
			'--plain',
			'--json',
			'--no-color',
			'--from STEP',
			'--version',
			'--nodes',
		])
			expect(stdout).toContain(option);
	});

	it('run --help names the upgrade steps --from and --only take, and no rollback step', async () => {
		const {exitCode, stdout} = await runCli(['run', '--help']);
		expect(exitCode).toBe(0);
		expect(stdout).toMatch(/^usage: oms-upgrade run /);
		expect(stdout).toContain(upgradeStepIds.join(' · '));
		expect(stdout).not.toContain('rb-');
		expect(stdout).toContain('--dry-run');
		expect(stdout).not.toContain('--plain');
		expect(stdout).toContain('Every command and option: oms-upgrade --help');
	});

	it('rollback --help names the rollback steps', async () => {
		const {stdout} = await runCli(['rollback', '-h']);
		expect(stdout).toMatch(/^usage: oms-upgrade rollback /);
		expect(stdout).toContain(rollbackStepIds.join(' · '));
		expect(stdout).not.toContain('stop-old ·');
	});

	it('each other command says its own usage and only the options it takes', async () => {
		const plan = await runCli(['plan', '--help']);
		expect(plan.stdout).toMatch(/^usage: oms-upgrade plan /);
		expect(plan.stdout).not.toMatch(/--yes|--dry-run|--from/);
		const history = await runCli(['history', '--help']);
		expect(history.stdout).toMatch(/^usage: oms-upgrade history /);
		expect(history.stdout).toContain('history --prune --keep N');
		const console = await runCli(['console', '--help']);
		expect(console.stdout).toMatch(/^usage: oms-upgrade \[console\] /);
		expect(console.stdout).toContain('--plain');
		expect(console.stdout).toContain('--only STEP runs STEP alone (with --plain)');
	});

	it('lab --help shows the lab options, with or without up, down or status', async () => {
		for (const args of [
			['lab', '--help'],
			['lab', 'up', '--help'],
		]) {
			const {exitCode, stdout} = await runCli(args);
			expect(exitCode).toBe(0);
			expect(stdout).toMatch(/^usage: oms-upgrade lab up\|down\|status/);
			expect(stdout).toContain('--regions R');
		}
	});
});
