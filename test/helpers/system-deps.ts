import {execa} from 'execa';
import {OmsError} from '../../source/domain/errors.js';
import {checkLabPrerequisites} from '../../source/lab/prerequisites.js';

/**
 * The integration tests need the lab's Debian packages. Install them when we can (root + apt-get);
 * otherwise fail naming them: these tests are never skipped.
 */
export async function ensureLabPrerequisites(): Promise<void> {
	try {
		await checkLabPrerequisites();
		return;
	} catch (error) {
		const packages = /apt-get install -y (.+)$/.exec((error as OmsError).hint ?? '')?.[1];
		if (!packages || process.getuid?.() !== 0) throw error;
		await execa('apt-get', ['update', '-qq'], {env: {DEBIAN_FRONTEND: 'noninteractive'}});
		await execa('apt-get', ['install', '-y', '-qq', ...packages.split(' ')], {env: {DEBIAN_FRONTEND: 'noninteractive'}});
		await checkLabPrerequisites();
	}
}
