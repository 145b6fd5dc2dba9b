#!/usr/bin/env node
// Import cycles in source/, type-only imports included (eslint's import-x/no-cycle skips those; a type-only
// cycle still means two modules that cannot be understood, moved or tested apart). Exit 1 when any exists.
// Usage: node scripts/import-cycles.mjs [directory]   (default: the project's source/)
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import ts from 'typescript';

const project = resolve(dirname(new URL(import.meta.url).pathname), '..');
const top = resolve(process.argv[2] ?? join(project, 'source'));
const root = dirname(top);
const files = (directory) =>
	readdirSync(directory, {withFileTypes: true}).flatMap(entry =>
		entry.isDirectory() ? files(join(directory, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(directory, entry.name)] : [],
	);

/** The modules of ours that `file` imports or re-exports (relative specifiers; `.js` names its `.ts`/`.tsx`). */
function imports(file) {
	const {importedFiles} = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
	return importedFiles
		.map(({fileName}) => fileName)
		.filter(name => name.startsWith('.'))
		.map(name => join(dirname(file), name).replace(/\.js$/, ''))
		.flatMap(base => ['.ts', '.tsx'].map(extension => base + extension).filter(candidate => existsSync(candidate)).slice(0, 1));
}

const graph = new Map(files(top).map(file => [file, imports(file)]));

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function visit(file) {
	state.set(file, {index, low: index, onStack: true});
	index += 1;
	stack.push(file);
	for (const next of graph.get(file) ?? []) {
		if (!state.has(next)) {
			visit(next);
			state.get(file).low = Math.min(state.get(file).low, state.get(next).low);
		} else if (state.get(next).onStack) state.get(file).low = Math.min(state.get(file).low, state.get(next).index);
	}
	if (state.get(file).low !== state.get(file).index) return;
	const component = [];
	for (let member = stack.pop(); ; member = stack.pop()) {
		state.get(member).onStack = false;
		component.push(member);
		if (member === file) break;
	}
	if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component);
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

for (const component of cycles) console.error(`import cycle: ${component.map(file => relative(root, file)).sort().join(' ↔ ')}`);
if (cycles.length > 0) process.exit(1);
console.log(`no import cycle among ${graph.size} modules of ${relative(root, top)}/ (type-only imports included)`);
