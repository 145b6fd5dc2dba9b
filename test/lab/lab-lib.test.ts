import {mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {findProgram} from '../../source/lab/prerequisites.js';
import {ensureLabPrerequisites} from '../helpers/system-deps.js';

/**
 * The emulated OMS reads config.yaml with busybox tools, as inside the lab's containers; every password must survive
 * it.
 */
const library = fileURLToPath(new URL('../../source/lab/image/oms-lab-lib.sh', import.meta.url));
let directory: string;

beforeAll(async () => {
	await ensureLabPrerequisites();
	directory = await mkdtemp(join(tmpdir(), 'omsb-'));
	const busybox = (await findProgram('busybox'))!;
	for (const tool of ['awk', 'sed']) await symlink(busybox, join(directory, tool));
});

afterAll(async () => {
	if (directory) await rm(directory, {recursive: true, force: true});
});

const values = [
	'plain',
	'p#ss',
	'#leading',
	'x #comment-like',
	'a=b',
	';semi',
	'dq"in',
	"sq'in",
	'"wrapped"',
	"'wrapped'",
	'back\\slash',
	'trailing\\',
	'two words',
	' lead',
	'trail ',
	`all #=;"' \\ of them`,
	'oms_meta@oms_tenant#obcluster',
];

async function readBack(value: string, options: {lineWidth?: number} = {}) {
	const config = join(directory, 'config.yaml');
	await writeFile(
		config,
		`# lab\n${stringify({oms_meta_host: '127.0.0.1', oms_meta_port: 2883, oms_meta_user: value, oms_meta_password: value, drc_rm_db: 'oms_rm'}, options)}`,
	);
	const script = `. ${library}; CONF=${config}; META_CNF=${join(directory, 'meta.cnf')}; printf '%s' "$(conf oms_meta_password)"; write_meta_cnf`;
	const {stdout} = await execa('bash', ['-c', script], {
		env: {PATH: `${directory}:${process.env.PATH}`, OMS_IMAGE_VERSION: '4.2.8-CE'},
	});
	return {conf: stdout, cnf: await readFile(join(directory, 'meta.cnf'), 'utf8')};
}

describe('conf and write_meta_cnf (busybox awk and sed)', () => {
	it.each(values)('%j', async value => {
		const {conf, cnf} = await readBack(value);
		expect(conf).toBe(value);
		const quoted = `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
		expect(cnf).toBe(`[client]\nhost="127.0.0.1"\nport=2883\nuser=${quoted}\npassword=${quoted}\n`);
	});

	it('reads the single-quoted style too', async () => {
		const {conf} = await readBack("it's #1", {lineWidth: 0});
		expect(conf).toBe("it's #1");
		await writeFile(join(directory, 'config.yaml'), "oms_meta_password: 'it''s #1'  # a comment\n");
		const {stdout} = await execa(
			'bash',
			['-c', `. ${library}; CONF=${join(directory, 'config.yaml')}; conf oms_meta_password`],
			{
				env: {PATH: `${directory}:${process.env.PATH}`, OMS_IMAGE_VERSION: '4.2.8-CE'},
			},
		);
		expect(stdout).toBe("it's #1");
	});
});
