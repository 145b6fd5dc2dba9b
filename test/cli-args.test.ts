import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {parseCli} from '../source/cli-args.js';
import {ConfigError} from '../source/domain/errors.js';
import {labCommand, selfCommand} from '../source/commands/lab-command.js';
import type {Output} from '../source/commands/output.js';

beforeEach(() => {
	vi.stubEnv('NO_COLOR', undefined);
});

afterEach(() => {
	vi.unstubAllEnvs();
});

function parseError(argv: readonly string[]): ConfigError {
	let caught: unknown;
	try {
		parseCli(argv);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(ConfigError);
	const error = caught as ConfigError;
	expect(error.exitCode).toBe(2);
	return error;
}

describe('parseCli', () => {
	it('takes --dry-run for run and rollback only', () => {
		expect(parseCli(['run', '--dry-run']).dryRun).toBe(true);
		expect(parseCli(['rollback', '--dry-run']).dryRun).toBe(true);
		expect(() => parseCli(['check', '--dry-run'])).toThrow('--dry-run is for run and rollback; `plan` is always one.');
	});

	it('refuses a step selection where no step runs, and takes it where steps run', () => {
		for (const command of ['plan', 'check', 'status', 'history'])
			for (const flag of ['--only', '--from'])
				expect(() => parseCli([command, flag, 'stop-old']), `${command} ${flag}`).toThrow(
					`${flag} chooses the steps of run and rollback; ${command} runs no step.`,
				);
		expect(parseCli(['run', '--only', 'stop-old']).only).toBe('stop-old');
		expect(parseCli(['rollback', '--from', 'rb-restore']).from).toBe('rb-restore');
		expect(parseCli(['console', '--plain', '--from', 'init']).from).toBe('init');
		expect(() => parseCli(['console', '--only', 'init'])).toThrow(
			'--only is for run and rollback (and console --plain); the console chooses steps with its keys.',
		);
	});

	it('refuses history --markdown with --json: one document, one form', () => {
		expect(() => parseCli(['history', '20261125', '--markdown', '--json'])).toThrow(
			'history ATTEMPT writes either --markdown or --json: give one of them.',
		);
		expect(parseCli(['history', '20261125', '--markdown']).history.markdown).toBe(true);
	});

	it('defaults to the console with oms-upgrade.yaml', () => {
		expect(parseCli([])).toEqual({
			command: 'console',
			subcommand: undefined,
			config: 'oms-upgrade.yaml',
			yes: false,
			dryRun: false,
			plain: false,
			json: false,
			noColor: false,
			from: undefined,
			only: undefined,
			help: false,
			version: false,
			history: {attempt: undefined, markdown: false, console: false, prune: undefined},
			lab: {
				dir: 'lab',
				nodes: 2,
				regions: 1,
				sourceVersion: undefined,
				sourceVersionFlag: undefined,
				versionRow: true,
				keepReports: false,
				transport: 'ssh',
				metadb: {flavour: 'mariadb', grants: 'pattern', user: undefined, passwordFile: undefined},
			},
		});
	});

	it('reads a command with its options', () => {
		const args = parseCli([
			'run',
			'-c',
			'plans/prod.yaml',
			'-y',
			'--plain',
			'--json',
			'--no-color',
			'--from',
			'stop-old',
			'--only',
			'10.0.0.2',
		]);
		expect(args).toMatchObject({
			command: 'run',
			subcommand: undefined,
			config: 'plans/prod.yaml',
			yes: true,
			plain: true,
			json: true,
			noColor: true,
			from: 'stop-old',
			only: '10.0.0.2',
		});
		expect(args.lab.sourceVersion).toBeUndefined();
	});

	it('takes NO_COLOR from the environment', () => {
		vi.stubEnv('NO_COLOR', '');
		expect(parseCli(['plan']).noColor).toBe(true);
	});

	it('reads lab up with its options', () => {
		const args = parseCli([
			'lab',
			'up',
			'--nodes',
			'3',
			'--regions',
			'2',
			'--source-version',
			'4.2.5',
			'--no-version-row',
			'--transport',
			'tcp',
		]);
		expect(args).toMatchObject({command: 'lab', subcommand: 'up', from: undefined});
		expect(args.lab).toEqual({
			dir: 'lab',
			nodes: 3,
			regions: 2,
			sourceVersion: '4.2.5',
			sourceVersionFlag: '--source-version',
			versionRow: false,
			keepReports: false,
			transport: 'tcp',
			metadb: {flavour: 'mariadb', grants: 'pattern', user: undefined, passwordFile: undefined},
		});
		expect(parseCli(['lab', 'up']).lab.transport).toBe('ssh');
	});

	it('takes lab up --from VERSION as the old name of --source-version, and says which flag gave it', () => {
		expect(parseCli(['lab', 'up', '--from', '4.2.5']).lab).toMatchObject({
			sourceVersion: '4.2.5',
			sourceVersionFlag: '--from',
		});
		expect(parseCli(['lab', 'up', '--from', '4.2.5']).from).toBeUndefined();
		expect(() => parseCli(['lab', 'up', '--from', '4.2.5', '--source-version', '4.2.6'])).toThrow(
			'lab up takes --source-version; --from is its old name: give one of them.',
		);
		expect(() => parseCli(['run', '--source-version', '4.2.5'])).toThrow(
			'--source-version is for lab up (the OMS version the lab runs).',
		);
		expect(() => parseCli(['lab', 'down', '--source-version', '4.2.5'])).toThrow('--source-version is for lab up');
	});

	it('takes --keep-reports for lab down only', () => {
		expect(parseCli(['lab', 'down', '--keep-reports']).lab.keepReports).toBe(true);
		expect(parseCli(['lab', 'down']).lab.keepReports).toBe(false);
		expect(() => parseCli(['lab', 'up', '--keep-reports'])).toThrow('--keep-reports is for lab down');
		expect(() => parseCli(['run', '--keep-reports'])).toThrow('--keep-reports is for lab down');
	});

	it('refuses a lab transport other than ssh or tcp', () => {
		expect(() => parseCli(['lab', 'up', '--transport', 'unix'])).toThrow(
			'--transport "unix" is not allowed; expected ssh (an sshd per lab node, as production) or tcp.',
		);
	});

	it('reads the lab MetaDB options', () => {
		const args = parseCli([
			'lab',
			'up',
			'--metadb',
			'ob',
			'--grants',
			'role',
			'--metadb-user',
			'oms_meta@oms_tenant#obcluster',
			'--metadb-password-file',
			'/tmp/pw',
		]);
		expect(args.lab.metadb).toEqual({
			flavour: 'ob',
			grants: 'role',
			user: 'oms_meta@oms_tenant#obcluster',
			passwordFile: '/tmp/pw',
		});
	});

	it.each([
		[['--metadb', 'mysql'], '--metadb "mysql" is not allowed; expected one of mariadb, ob.'],
		[['--grants', 'all'], '--grants "all" is not allowed; expected one of exact, pattern, role.'],
		[['--metadb-user', ''], '--metadb-user "" is not allowed; expected a user name.'],
	])('refuses lab up %j', (flags, message) => {
		expect(parseError(['lab', 'up', ...flags]).message).toBe(message);
	});

	it('reads lab down with a directory', () => {
		const args = parseCli(['lab', 'down', '--dir', '/tmp/lab2']);
		expect(args.subcommand).toBe('down');
		expect(args.lab.dir).toBe('/tmp/lab2');
	});

	it('reads -h and -v', () => {
		expect(parseCli(['-h']).help).toBe(true);
		expect(parseCli(['-v']).version).toBe(true);
	});

	it('refuses an unknown command', () => {
		const error = parseError(['upgrade']);
		expect(error.message).toBe(
			'unknown command "upgrade"; expected one of console, plan, check, run, rollback, status, history, lab.',
		);
		expect(error.hint).toBe('See `oms-upgrade --help`.');
	});

	it('refuses lab without a subcommand', () => {
		const error = parseError(['lab']);
		expect(error.message).toBe('lab needs one of up, down, status.');
		expect(error.hint).toBe('e.g. `oms-upgrade lab up --nodes 3 --regions 2`.');
	});

	it('refuses lab with an unknown subcommand', () => {
		expect(parseError(['lab', 'start']).message).toBe('lab needs one of up, down, status, not "start".');
	});

	it('refuses an extra argument', () => {
		expect(parseError(['plan', 'now']).message).toBe('unexpected argument "now" after plan.');
		expect(parseError(['lab', 'up', 'now']).message).toBe('unexpected argument "now" after lab.');
	});

	it('refuses --nodes 0', () => {
		expect(parseError(['lab', 'up', '--nodes', '0']).message).toBe(
			'--nodes "0" is not allowed; expected a whole number from 1 to 253 (the lab puts node N on 127.0.0.N+1, up to 127.0.0.254).',
		);
	});

	it('refuses --nodes that is not a whole number or too large', () => {
		expect(parseError(['lab', 'up', '--nodes', '2.5']).message).toBe(
			'--nodes "2.5" is not allowed; expected a whole number from 1 to 253 (the lab puts node N on 127.0.0.N+1, up to 127.0.0.254).',
		);
		expect(parseError(['lab', 'up', '--nodes', '254']).message).toBe(
			'--nodes "254" is not allowed; expected a whole number from 1 to 253 (the lab puts node N on 127.0.0.N+1, up to 127.0.0.254).',
		);
		expect(parseError(['lab', 'up', '--regions', 'two']).message).toBe(
			'--regions "two" is not allowed; expected a whole number from 1 to 253 (every region needs a node).',
		);
	});

	it('takes 9 nodes in 3 regions, and up to 253 nodes, one region each', () => {
		expect(parseCli(['lab', 'up', '--nodes', '9', '--regions', '3']).lab).toMatchObject({nodes: 9, regions: 3});
		expect(parseCli(['lab', 'up', '--nodes', '253', '--regions', '253']).lab).toMatchObject({nodes: 253, regions: 253});
	});

	it('refuses more regions than nodes', () => {
		expect(parseError(['lab', 'up', '--regions', '3', '--nodes', '2']).message).toBe(
			'--regions 3 is more than --nodes 2; every region needs a node.',
		);
	});

	it('refuses an unknown option', () => {
		const error = parseError(['plan', '--bogus']);
		expect(error.message).toBe(
			"Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bogus\".",
		);
		expect(error.hint).toBe('See `oms-upgrade --help`.');
	});

	it('refuses an option without its value', () => {
		expect(parseError(['plan', '--config']).message).toBe("Option '-c, --config <value>' argument missing.");
	});
});

describe('the command lab up prints to go on', () => {
	const shown = (path: string) => path.replace('/work/checkout/', '');
	it('is node and the script from a checkout, the bare name on PATH, the path otherwise', () => {
		expect(selfCommand(shown, '/work/checkout/bin/oms-upgrade.js', '/usr/bin')).toBe('node bin/oms-upgrade.js');
		expect(selfCommand(shown, '/usr/local/bin/oms-upgrade', '/usr/bin:/usr/local/bin')).toBe('oms-upgrade');
		expect(selfCommand(shown, '/work/checkout/release/oms-upgrade', '/usr/bin')).toBe('release/oms-upgrade');
	});
});

describe('lab up --from VERSION (the old name of --source-version)', () => {
	const recording = () => {
		const out = {lines: [] as string[], errors: [] as string[]};
		return {out, output: {line: (text = '') => out.lines.push(text), error: (text: string) => out.errors.push(text)}};
	};

	it('notes on stderr that it is deprecated, then reads the version as --source-version does', async () => {
		const {out, output} = recording();
		await expect(labCommand(parseCli(['lab', 'up', '--from', 'four']), output as unknown as Output)).rejects.toThrow(
			'--from "four" is not allowed; expected a version such as 4.2.8 or 4.2.8-CE.',
		);
		expect(out.errors).toEqual([
			'oms-upgrade: `lab up --from VERSION` is deprecated (--from names a step of run); use --source-version VERSION.',
		]);
		expect(out.lines).toEqual([]);
	});

	it('says nothing of the sort for --source-version', async () => {
		const {out, output} = recording();
		await expect(
			labCommand(parseCli(['lab', 'up', '--source-version', 'four']), output as unknown as Output),
		).rejects.toThrow('--source-version "four" is not allowed; expected a version such as 4.2.8 or 4.2.8-CE.');
		expect(out.errors).toEqual([]);
	});
});
