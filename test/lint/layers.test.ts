import {ESLint} from 'eslint';
import {describe, expect, it} from 'vitest';

/**
 * The layer rules of eslint.config.js, applied to code that breaks them. Type information is switched
 * off here (the snippets are not files of the project), so only the import rules run.
 */
const eslint = new ESLint({
	cwd: new URL('../..', import.meta.url).pathname,
	overrideConfig: {
		languageOptions: {parserOptions: {projectService: false}},
		rules: {
			'@typescript-eslint/no-floating-promises': 'off',
			'@typescript-eslint/no-misused-promises': 'off',
			'@typescript-eslint/only-throw-error': 'off',
			'import-x/no-cycle': 'off',
		},
	},
});

async function problems(file: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, {filePath: file});
	return (result?.messages ?? []).map(message => `${message.ruleId}: ${message.message}`);
}

describe('layer rules', {timeout: 30_000}, () => {
	it('keep React, Ink and the console out of the engine and the steps', async () => {
		expect(await problems('source/engine/x.ts', "import {render} from 'ink';\nexport const x = render;\n")).toEqual([
			"no-restricted-imports: 'ink' import is restricted from being used by a pattern. The engine and the steps never import React or Ink.",
		]);
		expect(
			await problems(
				'source/steps/x.ts',
				"import {createPanelStore} from '../store/panel-store.js';\nexport const x = createPanelStore;\n",
			),
		).toEqual([
			"no-restricted-imports: '../store/panel-store.js' import is restricted from being used by a pattern. The engine and the steps never import the console (STYLE.md: engine → events → store → ui).",
		]);
	});

	it('keep the adapters out of the engine, the steps, discovery and the dry run; source/app wires them in', async () => {
		const metadb = "import {Metadb} from '../adapters/metadb.js';\nexport const x = Metadb;\n";
		for (const file of ['source/engine/x.ts', 'source/steps/x.ts', 'source/dry-run/x.ts', 'source/config/x.ts'])
			expect(await problems(file, metadb)).toEqual([
				"no-restricted-imports: '../adapters/metadb.js' import is restricted from being used by a pattern. The engine, the steps, discovery and the dry run see ports only (source/ports); the adapters are wired in by source/app (and, for now, the commands).",
			]);
		expect(
			await problems(
				'source/steps/checks/x.ts',
				"import {findClient} from '../../adapters/clients.js';\nexport const x = findClient;\n",
			),
		).toHaveLength(1);
		expect(await problems('source/engine/runner.ts', metadb)).toHaveLength(1);
		expect(await problems('source/app/run.ts', metadb)).toEqual([]);
	});

	it('forbid the back-edges: steps → engine, adapters → engine, ports → anything but domain', async () => {
		const journal = "import {newJournal} from '../engine/run-context.js';\nexport const x = newJournal;\n";
		expect(await problems('source/steps/x.ts', journal)).toEqual([
			"no-restricted-imports: '../engine/run-context.js' import is restricted from being used by a pattern. Steps never import the engine: the engine runs the steps, and steps see ports and domain/ only.",
		]);
		expect(await problems('source/adapters/x.ts', journal)).toEqual([
			"no-restricted-imports: '../engine/run-context.js' import is restricted from being used by a pattern. Adapters implement ports: they never import the engine, the steps or the console.",
		]);
		expect(
			await problems(
				'source/ports/x.ts',
				"import type {Plan} from '../config/plan-types.js';\nexport type X = Plan;\n",
			),
		).toHaveLength(1);
		expect(
			await problems(
				'source/ports/x.ts',
				"import type {Journal} from '../domain/journal-types.js';\nexport type X = Journal;\n",
			),
		).toEqual([]);
		expect(
			await problems(
				'source/ports/x.ts',
				"import type {DockerPort} from './docker-port.js';\nexport type X = DockerPort;\n",
			),
		).toEqual([]);
	});

	it('keep the adapters out of the console', async () => {
		expect(
			await problems('source/ui/x.ts', "import {Metadb} from '../adapters/metadb.js';\nexport const x = Metadb;\n"),
		).toHaveLength(1);
	});

	it('keep domain/ pure, and allow domain to import domain', async () => {
		expect(
			await problems('source/domain/x.ts', "import {now} from '../domain/events.js';\nexport const x = now;\n"),
		).toHaveLength(1);
		expect(
			await problems('source/domain/x.ts', "import {redact} from './redact.js';\nexport const x = redact;\n"),
		).toEqual([]);
	});

	it('allow the engine its own imports and node built-ins', async () => {
		expect(
			await problems(
				'source/engine/x.ts',
				"import {join} from 'node:path';\nimport {redact} from '../domain/redact.js';\nexport const x = [join, redact];\n",
			),
		).toEqual([]);
	});
});
