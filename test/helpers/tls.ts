import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {execa} from 'execa';

/** A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
export async function makeTlsFiles(directory: string) {
	if ((await execa('openssl', ['version'], {reject: false})).exitCode !== 0) {
		if (process.getuid?.() !== 0) throw new Error('openssl is missing: apt-get install openssl');
		await execa('apt-get', ['install', '-y', '-qq', 'openssl'], {env: {DEBIAN_FRONTEND: 'noninteractive'}});
	}
	const file = (name: string) => join(directory, name);
	const openssl = (...args: string[]) => execa('openssl', args, {cwd: directory});
	await openssl(
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		'ca-key.pem',
		'-out',
		'ca.pem',
		'-days',
		'1',
		'-subj',
		'/CN=oms-upgrade test CA',
	);
	await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
	for (const [name, subject] of [
		['server', '/CN=127.0.0.1'],
		['client', '/CN=operator'],
	] as const) {
		await openssl(
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			`${name}-key.pem`,
			'-out',
			`${name}.csr`,
			'-subj',
			subject,
		);
		await openssl(
			'x509',
			'-req',
			'-in',
			`${name}.csr`,
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca-key.pem',
			'-CAcreateserial',
			'-out',
			`${name}-cert.pem`,
			'-days',
			'1',
			'-extfile',
			`${name}.ext`,
		);
	}
	return {
		ca: file('ca.pem'),
		server: {cert: file('server-cert.pem'), key: file('server-key.pem')},
		client: {cert: file('client-cert.pem'), key: file('client-key.pem')},
	};
}
