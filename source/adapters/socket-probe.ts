import {connect} from 'node:net';

export type Probe = 'answered' | 'closed' | 'not-yet';

/**
 * One `GET /_ping` through the forwarded socket. `not-yet`: no listener yet (ssh still connecting);
 * `closed`: the node closed the channel without a word (ssh says why on stderr); an engine that
 * accepts but does not answer within 3 s counts as reached: the link works, the engine is another matter.
 */
export function probe(socketPath: string): Promise<Probe> {
	return new Promise(resolve => {
		const socket = connect(socketPath);
		let received = '';
		let connected = false;
		const done = (result: Probe) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => done('answered'), 3000);
		socket.on(
			'connect',
			() => (connected = true) && socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'),
		);
		socket.on('data', chunk => {
			received += chunk.toString('latin1');
			if (received.startsWith('HTTP/')) done('answered');
		});
		socket.on('error', () => done(received ? 'answered' : connected ? 'closed' : 'not-yet'));
		socket.on('end', () => done(received ? 'answered' : 'closed'));
	});
}
