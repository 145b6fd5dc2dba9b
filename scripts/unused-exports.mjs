#!/usr/bin/env node
// Exports of source/ that nothing imports. A module's export is used when another module of source/ or
// test/ imports it (by name, `import * as`, or a re-export that is itself used), or when a JavaScript
// entry outside the TypeScript program (bin/, scripts/, bench/) imports the module from source/ or dist/
// and names it. A test importing a symbol counts as a use: the tests are the modules' other client, and a
// function tested on its own is a seam worth its name. Exit 1, naming each, when any export is unused.
// Usage: node scripts/unused-exports.mjs [project directory]   (default: this project)
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import ts from 'typescript';

const project = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const sourceDir = join(project, 'source');
const config = ts.getParsedCommandLineOfConfigFile(join(project, 'test', 'tsconfig.json'), {}, {...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined});
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const ours = file => !file.isDeclarationFile && file.fileName.startsWith(project + '/') && !file.fileName.includes('/node_modules/');
const files = program.getSourceFiles().filter(ours);

/** The declaration symbol an alias (import, re-export) stands for. */
const target = symbol => (symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const used = new Set();
const wholeModules = new Set();

for (const file of files) {
	const visit = node => {
		if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node) || ts.isImportClause(node)) {
			// `export {x}` of a local name is the declaration's own export, not a use.
			const local = ts.isExportSpecifier(node) && !node.parent.parent.moduleSpecifier;
			const name = node.name;
			if (name && !local) used.add(target(checker.getSymbolAtLocation(name)));
		} else if (ts.isNamespaceImport(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.exportClause)) {
			const specifier = ts.isNamespaceImport(node) ? node.parent.parent.moduleSpecifier : node.moduleSpecifier;
			const module = checker.getSymbolAtLocation(specifier);
			if (module) wholeModules.add(module);
		} else if (ts.isImportTypeNode(node) && node.qualifier) {
			used.add(target(checker.getSymbolAtLocation(node.qualifier)));
		} else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
			// await import('./x.js'): what the result is destructured into, or the whole module.
			const module = node.arguments[0] && checker.getSymbolAtLocation(node.arguments[0]);
			let parent = node.parent;
			while (parent && (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent))) parent = parent.parent;
			if (module && parent && ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
				for (const element of parent.name.elements) {
					const name = (element.propertyName ?? element.name).getText();
					const exported = checker.getExportsOfModule(module).find(symbol => symbol.name === name);
					if (exported) used.add(target(exported));
				}
			} else if (module) wholeModules.add(module);
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
}

// JavaScript entries outside the program: a module of source/ (or its build in dist/) they import, and
// the names they mention.
const scripts = directory =>
	readdirSync(join(project, directory), {withFileTypes: true, recursive: true})
		.filter(entry => entry.isFile() && /\.(m?js|sh)$/.test(entry.name))
		.map(entry => join(entry.parentPath, entry.name));
for (const script of ['bin', 'scripts', 'bench', 'test/release'].filter(directory => existsSync(join(project, directory))).flatMap(scripts)) {
	const text = readFileSync(script, 'utf8');
	const words = new Set(text.match(/[A-Za-z_$][\w$]*/g));
	for (const [, path] of text.matchAll(/(?:dist|source)\/([\w/.-]+)\.js/g)) {
		const file = files.find(candidate => candidate.fileName === join(sourceDir, `${path}.ts`) || candidate.fileName === join(sourceDir, `${path}.tsx`));
		const module = file && checker.getSymbolAtLocation(file);
		if (module) for (const symbol of checker.getExportsOfModule(module)) if (words.has(symbol.name)) used.add(target(symbol));
	}
}

const unused = [];
for (const file of files.filter(candidate => candidate.fileName.startsWith(sourceDir + '/'))) {
	const module = checker.getSymbolAtLocation(file);
	if (!module || wholeModules.has(module)) continue;
	for (const symbol of checker.getExportsOfModule(module)) {
		if (used.has(target(symbol)) || used.has(symbol)) continue;
		const declaration = symbol.declarations?.[0];
		const line = declaration ? file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1 : 0;
		unused.push(`${relative(project, file.fileName)}:${line} ${symbol.name}`);
	}
}
for (const entry of unused) console.error(`unused export: ${entry}`);
if (unused.length > 0) {
	console.error(`${unused.length} exports of source/ that nothing imports: remove them or drop their export keyword.`);
	process.exit(1);
}
console.log(`no unused export among ${files.filter(candidate => candidate.fileName.startsWith(sourceDir + '/')).length} modules of source/`);
