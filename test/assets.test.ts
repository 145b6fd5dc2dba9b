import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {assetNames, isSingleExecutable, MissingAssetError, packageDirectory, readAsset} from '../source/assets.js';
import {packageVersion, versionText} from '../source/version.js';

const packageJson = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
	version: string;
	files: string[];
};

describe('assets from a checkout', () => {
	it('reads files under the package directory and lists the lab image scripts', () => {
		expect(isSingleExecutable()).toBe(false);
		expect(readAsset('source/lab/image/supervisorctl').toString('utf8')).toMatch(
			/^#!\/bin\/bash\n# Emulated supervisorctl/,
		);
		expect(assetNames('source/lab/image')).toEqual([
			'docker_init.sh',
			'oms-entrypoint.sh',
			'oms-lab-lib.sh',
			'supervisorctl',
		]);
		expect(assetNames('source/lab/image/')).toEqual(assetNames('source/lab/image'));
	});

	it('names a missing file and says how to get it back', () => {
		let caught: unknown;
		try {
			readAsset('source/lab/image/no-such-script');
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MissingAssetError);
		expect((caught as MissingAssetError).message).toBe(
			`the program file source/lab/image/no-such-script is missing: it is not in ${packageDirectory}.`,
		);
		expect((caught as MissingAssetError).hint).toBe(
			'Reinstall the package, or run `npm ci && npm run build` in the checkout.',
		);
		expect(() => assetNames('source/no-such-directory')).toThrow(MissingAssetError);
	});
});

describe('the npm package', () => {
	it('ships every file the program reads at run time', () => {
		const listed = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: packageDirectory,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}),
		) as Array<{files: Array<{path: string}>}>;
		const shipped = new Set(listed[0]!.files.map(file => file.path));
		for (const name of assetNames('source/lab/image')) expect(shipped).toContain(`source/lab/image/${name}`);
		expect(shipped).toContain('package.json');
		expect(shipped).toContain('bin/oms-upgrade.js');
	});
});

describe('--version', () => {
	it('prints the package version and, in a checkout, the commit git reports', () => {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: packageDirectory,
			encoding: 'utf8',
		}).trim();
		expect(packageVersion()).toBe(packageJson.version);
		expect(versionText()).toBe(`oms-upgrade ${packageJson.version} (source checkout, commit ${commit})`);
	});
});
