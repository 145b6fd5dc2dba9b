// Lint: the rules that catch this code base's real hazards (floating promises, promises where a callback
// is expected, non-null assertions, import cycles) and its layering (STYLE.md, "Shape of the house").
import importX, {createNodeResolver} from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` patterns: what a layer may not import, and why. */
const forbid = (message, ...group) => ({group, message});

const uiAndReact = [
	forbid('The engine and the steps never import the console (STYLE.md: engine → events → store → ui).', '**/ui/**', '**/store/**', '**/commands/**'),
	forbid('The engine and the steps never import React or Ink.', 'ink', 'ink-*', 'react', 'react/*'),
];

const adapters = forbid(
	'The engine, the steps, discovery and the dry run see ports only (source/ports); the adapters are wired in by source/app (and, for now, the commands).',
	'**/adapters/**',
);

export default tseslint.config(
	{ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/**', 'scripts/**', 'bin/**', 'source/lab/image/**', 'eslint.config.js']},
	{
		files: ['source/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		plugins: {'@typescript-eslint': tseslint.plugin, 'import-x': importX},
		settings: {
			'import-x/extensions': ['.ts', '.tsx', '.js'],
			'import-x/parsers': {'@typescript-eslint/parser': ['.ts', '.tsx']},
			'import-x/resolver-next': [createNodeResolver({extensions: ['.ts', '.tsx', '.js'], extensionAlias: {'.js': ['.ts', '.tsx', '.js']}})],
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-non-null-assertion': 'error',
			'@typescript-eslint/consistent-type-definitions': ['error', 'type'],
			'@typescript-eslint/only-throw-error': 'error',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_'}],
			'import-x/no-cycle': ['error', {ignoreExternal: true}],
			'import-x/no-self-import': 'error',
			'no-restricted-syntax': ['error', {selector: 'TSEnumDeclaration', message: 'Use a union of string literals, not an enum (STYLE.md).'}],
			// Lines fit 120 columns (prettier's printWidth, tabs as 2): code and comments alike. Only a string, a
			// template or a regular expression too long to break (a message, an expected screen line) may run past it.
			'max-len': [
				'error',
				{code: 120, tabWidth: 2, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true},
			],
		},
	},
	{
		files: ['source/engine/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [...uiAndReact, adapters]}]},
	},
	{
		files: ['source/steps/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{patterns: [...uiAndReact, adapters, forbid('Steps never import the engine: the engine runs the steps, and steps see ports and domain/ only.', '**/engine/**')]},
			],
		},
	},
	{
		files: ['source/adapters/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						forbid(
							'Adapters implement ports: they never import the engine, the steps or the console.',
							'**/engine/**',
							'**/steps/**',
							'**/commands/**',
							'**/ui/**',
							'**/store/**',
						),
					],
				},
			],
		},
	},
	{
		files: ['source/ports/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{patterns: [forbid('Ports are small typed interfaces over domain/ types: they import domain/ and other ports only.', '../*/**', '!../domain/**')]},
			],
		},
	},
	{
		// Discovery and the plan read the cluster through ports (source/ports/discovery-port).
		files: ['source/config/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [...uiAndReact, adapters]}]},
	},
	{
		files: ['source/dry-run/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [adapters]}]},
	},
	{
		files: ['source/ui/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [forbid('The console never touches Docker, MySQL or files: it gets data from the store and acts through the controller.', '**/adapters/**')]}]},
	},
	{
		files: ['source/domain/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [forbid('domain/ is pure: it imports only other domain modules.', '../*', '../**')]}]},
	},
	{
		files: ['test/**'],
		rules: {'@typescript-eslint/no-non-null-assertion': 'off'},
	},
);
