// Builds a ≥ 1 GiB image package for the staging bench: the lab's target image plus one layer holding
// `sizeMiB` of random bytes (incompressible, like the jars and binaries of a real OMS image), saved
// with `docker save` as an uncompressed tar under the target's tag. Built on one lab engine, which
// keeps nothing of it afterwards.
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {Readable} from 'node:stream';
import {promisify} from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);
const MiB = 1_048_576;

/** A ustar header for one regular file (the layer holds just it). */
function tarHeader(name, size) {
	const header = Buffer.alloc(512);
	const field = (text, offset, length) => header.write(text, offset, length, 'ascii');
	field(name, 0, 100);
	field('0000644\0', 100, 8);
	field('0000000\0', 108, 8);
	field('0000000\0', 116, 8);
	field(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
	field(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136, 12);
	field('        ', 148, 8);
	field('0', 156, 1);
	field('ustar\0', 257, 6);
	field('00', 263, 2);
	let sum = 0;
	for (const byte of header) sum += byte;
	field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
	return header;
}

/** A tar stream of one file of `sizeMiB` random MiB. */
function randomLayer(sizeMiB) {
	return Readable.from(
		(function* () {
			yield tarHeader('opt/oms-bench/payload.bin', sizeMiB * MiB);
			for (let index = 0; index < sizeMiB; index += 1) yield randomBytes(MiB);
			yield Buffer.alloc(1024);
		})(),
	);
}

/**
 * Loads the lab's package into the engine at `socket`, adds the random layer (docker commit under the
 * same tag), saves it to `output` and removes what it made. Returns the package's bytes.
 */
export async function buildBigPackage({socket, labPackage, image, sizeMiB, output}) {
	const docker = ['-H', `unix://${socket}`];
	await run('docker', [...docker, 'load', '-q', '-i', labPackage]);
	const api = new Docker({socketPath: socket});
	const container = await api.createContainer({Image: image, Cmd: ['true']});
	try {
		await container.putArchive(randomLayer(sizeMiB), {path: '/'});
		const [repo, tag] = image.split(':');
		await container.commit({repo, tag, comment: `staging bench: ${sizeMiB} MiB random layer`});
	} finally {
		await container.remove({force: true});
	}
	await run('docker', [...docker, 'save', '-o', output, image]);
	await run('docker', [...docker, 'rmi', '-f', image]);
	await run('docker', [...docker, 'image', 'prune', '-f']);
}
