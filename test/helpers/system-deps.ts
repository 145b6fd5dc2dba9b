import {ensureLabPrerequisites as ensure} from '../../source/lab/prerequisites.js';

/**
 * The integration tests need the lab's Debian packages: the product's own decision and install (as
 * `lab up` does: root + apt-get), otherwise a failure naming them. These tests are never skipped.
 */
export async function ensureLabPrerequisites(): Promise<void> {
	await ensure('ssh');
}
