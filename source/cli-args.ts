import {parseArgs} from 'node:util';
import {metadbOptionSpecs, readMetadbArgs, type LabMetadbArgs} from './cli-metadb-args.js';
import {ConfigError} from './domain/errors.js';

const commands = ['console', 'plan', 'check', 'run', 'rollback', 'status', 'history', 'lab'] as const;
type Command = (typeof commands)[number];

export type CliArgs = {
	readonly command: Command;
	/** `lab up|down|status`. */
	readonly subcommand: string | undefined;
	readonly config: string;
	readonly yes: boolean;
	/** run/rollback --dry-run: the real steps with every write recorded and shown, nothing changed. */
	readonly dryRun: boolean;
	readonly plain: boolean;
	readonly json: boolean;
	readonly noColor: boolean;
	readonly from: string | undefined;
	readonly only: string | undefined;
	readonly help: boolean;
	readonly version: boolean;
	/** `history [ATTEMPT] [--markdown] [--prune --keep N]`. */
	readonly history: {
		readonly attempt: string | undefined;
		readonly markdown: boolean;
		/** --console: the attempt in the full-screen panel, read-only. */
		readonly console: boolean;
		/** --prune --keep N: the newest N closed attempts keep their dumps. */
		readonly prune: {readonly keep: number} | undefined;
	};
	readonly lab: {
		readonly dir: string;
		readonly nodes: number;
		readonly regions: number;
		/** `lab up --source-version VERSION`: the OMS version the lab's cluster runs. */
		readonly sourceVersion: string | undefined;
		/** The flag that gave it: `--from` is its old name, still taken with a deprecation note. */
		readonly sourceVersionFlag: '--source-version' | '--from' | undefined;
		readonly versionRow: boolean;
		/** `lab down --keep-reports`: the rehearsal's reports, run logs and journals are kept. */
		readonly keepReports: boolean;
		readonly transport: 'ssh' | 'tcp';
		readonly metadb: LabMetadbArgs;
	};
};

export function parseCli(argv: readonly string[]): CliArgs {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: {
				config: {type: 'string', short: 'c', default: 'oms-upgrade.yaml'},
				yes: {type: 'boolean', short: 'y', default: false},
				'dry-run': {type: 'boolean', default: false},
				plain: {type: 'boolean', default: false},
				json: {type: 'boolean', default: false},
				'no-color': {type: 'boolean', default: false},
				from: {type: 'string'},
				only: {type: 'string'},
				help: {type: 'boolean', short: 'h', default: false},
				version: {type: 'boolean', short: 'v', default: false},
				dir: {type: 'string', default: 'lab'},
				nodes: {type: 'string', default: '2'},
				regions: {type: 'string', default: '1'},
				'source-version': {type: 'string'},
				'no-version-row': {type: 'boolean', default: false},
				'keep-reports': {type: 'boolean', default: false},
				transport: {type: 'string', default: 'ssh'},
				markdown: {type: 'boolean', default: false},
				console: {type: 'boolean', default: false},
				prune: {type: 'boolean', default: false},
				keep: {type: 'string'},
				...metadbOptionSpecs,
			},
		});
	} catch (error) {
		throw new ConfigError(`${(error as Error).message}.`, {hint: 'See `oms-upgrade --help`.'});
	}
	const [first, second, ...rest] = parsed.positionals;
	const command = (first ?? 'console') as Command;
	if (!commands.includes(command)) {
		throw new ConfigError(`unknown command "${first}"; expected one of ${commands.join(', ')}.`, {
			hint: 'See `oms-upgrade --help`.',
		});
	}
	const extra = command === 'lab' || command === 'history' ? rest : [second, ...rest].filter(Boolean);
	if (extra.length > 0)
		throw new ConfigError(`unexpected argument "${extra[0]}" after ${command}.`, {hint: 'See `oms-upgrade --help`.'});
	if (command === 'lab' && !parsed.values.help && !['up', 'down', 'status'].includes(second ?? '')) {
		throw new ConfigError(`lab needs one of up, down, status${second ? `, not "${second}"` : ''}.`, {
			hint: 'e.g. `oms-upgrade lab up --nodes 3 --regions 2`.',
		});
	}
	const values = parsed.values;
	const nodes = wholeNumber(
		'--nodes',
		values.nodes,
		1,
		maxLabNodes,
		' (the lab puts node N on 127.0.0.N+1, up to 127.0.0.254)',
	);
	const regions = wholeNumber('--regions', values.regions, 1, maxLabNodes, ' (every region needs a node)');
	const transport = values.transport;
	if (transport !== 'ssh' && transport !== 'tcp')
		throw new ConfigError(
			`--transport ${JSON.stringify(transport)} is not allowed; expected ssh (an sshd per lab node, as production) or tcp.`,
		);
	if (values['dry-run'] && command !== 'run' && command !== 'rollback')
		throw new ConfigError(`--dry-run is for run and rollback; \`plan\` is always one.`, {
			hint: 'See `oms-upgrade --help`.',
		});
	if (values['source-version'] !== undefined && (command !== 'lab' || second !== 'up'))
		throw new ConfigError('--source-version is for lab up (the OMS version the lab runs).', {
			hint: 'See `oms-upgrade --help`.',
		});
	if (command === 'lab' && values['source-version'] !== undefined && values.from !== undefined)
		throw new ConfigError('lab up takes --source-version; --from is its old name: give one of them.', {
			hint: 'e.g. `oms-upgrade lab up --source-version 4.2.5`.',
		});
	if (values['keep-reports'] && (command !== 'lab' || second !== 'down'))
		throw new ConfigError('--keep-reports is for lab down (it keeps the rehearsal reports of the lab it removes).', {
			hint: 'See `oms-upgrade --help`.',
		});
	// A step selection given where no step runs would be silently ignored: the operator would believe it applied.
	const selection = values.only !== undefined ? '--only' : values.from !== undefined ? '--from' : undefined;
	if (selection && ['plan', 'check', 'status', 'history'].includes(command))
		throw new ConfigError(`${selection} chooses the steps of run and rollback; ${command} runs no step.`, {
			hint: 'See `oms-upgrade --help`.',
		});
	if (selection && command === 'console' && !values.plain)
		throw new ConfigError(
			`${selection} is for run and rollback (and console --plain); the console chooses steps with its keys.`,
			{
				hint: 'In the console, select a step and press enter to run it alone, or a to run the rest.',
			},
		);
	if (command === 'history' && values.markdown && values.json)
		throw new ConfigError('history ATTEMPT writes either --markdown or --json: give one of them.', {
			hint: 'e.g. `oms-upgrade history ATTEMPT --markdown > report.md`.',
		});
	const sourceVersion = command === 'lab' ? (values['source-version'] ?? values.from) : undefined;
	const history = historyArgs(command, second, parsed.values);
	if (regions > nodes)
		throw new ConfigError(`--regions ${regions} is more than --nodes ${nodes}; every region needs a node.`);
	return {
		command,
		subcommand: command === 'lab' ? second : undefined,
		config: values.config,
		yes: values.yes,
		dryRun: values['dry-run'],
		plain: values.plain,
		json: values.json,
		noColor: values['no-color'] || process.env.NO_COLOR !== undefined,
		from: command === 'lab' ? undefined : values.from,
		only: values.only,
		help: values.help,
		version: values.version,
		history,
		lab: {
			dir: values.dir,
			nodes,
			regions,
			sourceVersion,
			sourceVersionFlag:
				sourceVersion === undefined
					? undefined
					: values['source-version'] !== undefined
						? '--source-version'
						: '--from',
			versionRow: !values['no-version-row'],
			keepReports: values['keep-reports'],
			transport,
			metadb: readMetadbArgs(values),
		},
	};
}

function historyArgs(
	command: Command,
	attempt: string | undefined,
	values: {markdown: boolean; console: boolean; prune: boolean; keep?: string | undefined; json?: boolean},
): CliArgs['history'] {
	const usage = {
		hint: 'e.g. `oms-upgrade history`, `oms-upgrade history ATTEMPT --markdown`, `oms-upgrade history --prune --keep 2`.',
	};
	if (command !== 'history') {
		const stray = values.markdown
			? '--markdown'
			: values.console
				? '--console'
				: values.prune
					? '--prune'
					: values.keep === undefined
						? undefined
						: '--keep';
		if (stray) throw new ConfigError(`${stray} is for history.`, usage);
		return {attempt: undefined, markdown: false, console: false, prune: undefined};
	}
	if (values.console && !attempt)
		throw new ConfigError('history --console needs the attempt to show: `history ATTEMPT --console`.', usage);
	if (values.console && (values.markdown || values.json))
		throw new ConfigError(
			`history --console draws the panel; it does not go with ${values.markdown ? '--markdown' : '--json'}.`,
			usage,
		);
	if (values.markdown && !attempt)
		throw new ConfigError('history --markdown needs the attempt to write up: `history ATTEMPT --markdown`.', usage);
	if (values.prune && attempt)
		throw new ConfigError(
			`history --prune takes no attempt ("${attempt}"): it keeps the newest --keep N closed attempts' dumps.`,
			usage,
		);
	if (values.prune !== (values.keep !== undefined))
		throw new ConfigError('history --prune and --keep N go together.', usage);
	const prune = values.prune
		? {keep: wholeNumber('--keep', values.keep ?? '', 0, 10_000, ' (closed attempts whose dumps stay)')}
		: undefined;
	return {attempt, markdown: values.markdown, console: values.console, prune};
}

/** Lab node N listens on 127.0.0.N+1: 127.0.0.2 … 127.0.0.254 is the whole address range. */
const maxLabNodes = 253;

function wholeNumber(flag: string, text: string, min: number, max: number, why: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new ConfigError(
			`${flag} ${JSON.stringify(text)} is not allowed; expected a whole number from ${min} to ${max}${why}.`,
		);
	}
	return value;
}
