import {createServer} from 'node:net';

/** True when `port` on `address` can be bound now (nobody listens there). */
export function portIsFree(address: string, port: number): Promise<boolean> {
	return new Promise(resolve => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, address, () => server.close(() => resolve(true)));
	});
}

/** A port the kernel calls free on `address` (a loopback address of a lab node). */
export function freePortOn(address: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, address, () => {
			const bound = server.address();
			server.close(() =>
				typeof bound === 'object' && bound ? resolve(bound.port) : reject(new Error(`no free port on ${address}`)),
			);
		});
	});
}
