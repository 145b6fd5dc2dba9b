import {connect, createServer, type Server, type Socket} from 'node:net';
import {parseArgs} from 'node:util';

/**
 * The lab's stand-in for OBProxy in front of an OceanBase tenant, put in front of mariadbd: a MySQL
 * protocol pass-through that does the two things an upgrade tool meets there. It refuses the lock
 * functions as OceanBase does (error 1235 "Not supported feature or function"), and it takes OBProxy
 * user names (`user@tenant#cluster`), handing the server the plain user name, as OBProxy does once it has
 * routed to the tenant. It also hides the server's TLS capability, since a TLS session could not be read.
 */
type ObProxyOptions = {
	readonly port: number;
	readonly upstreamPort: number;
	readonly host?: string;
	/** Client user name → the server's account name. */
	readonly users: Readonly<Record<string, string>>;
};

type ObProxy = {readonly port: number; readonly close: () => Promise<void>};

const lockFunctions = /\b(GET_LOCK|RELEASE_LOCK|IS_USED_LOCK|IS_FREE_LOCK|RELEASE_ALL_LOCKS)\s*\(/i;

const comQuery = 0x03;
const comStmtPrepare = 0x16;
const clientSsl = 0x0800;

async function startObProxy(options: ObProxyOptions): Promise<ObProxy> {
	const host = options.host ?? '127.0.0.1';
	const sockets = new Set<Socket>();
	const server: Server = createServer(client => {
		const upstream = connect(options.upstreamPort, host);
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		}
		relay(client, upstream, options.users);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, host, () => resolve());
	});
	const address = server.address();
	return {
		port: typeof address === 'object' && address ? address.port : options.port,
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

function relay(client: Socket, upstream: Socket, users: Readonly<Record<string, string>>): void {
	const end = () => {
		client.destroy();
		upstream.destroy();
	};
	client.on('error', end).on('close', end);
	upstream.on('error', end).on('close', end);
	let greeting: Buffer | undefined = Buffer.alloc(0);
	upstream.on('data', (chunk: Buffer) => {
		if (!greeting) return void client.write(chunk);
		greeting = Buffer.concat([greeting, chunk]);
		const packet = nextPacket(greeting);
		if (!packet) return;
		client.write(Buffer.concat([withoutTls(packet), greeting.subarray(packet.length)]));
		greeting = undefined;
	});
	let pending = Buffer.alloc(0);
	let handshakeSeen = false;
	client.on('data', (chunk: Buffer) => {
		pending = Buffer.concat([pending, chunk]);
		for (let packet = nextPacket(pending); packet; packet = nextPacket(pending)) {
			pending = pending.subarray(packet.length);
			if (!handshakeSeen) {
				handshakeSeen = true;
				upstream.write(renameUser(packet, users));
			} else if (
				packet[3] === 0 &&
				(packet[4] === comQuery || packet[4] === comStmtPrepare) &&
				lockFunctions.test(packet.subarray(5).toString('utf8'))
			) {
				client.write(errorPacket(1, 1235, '0A000', 'Not supported feature or function'));
			} else {
				upstream.write(packet);
			}
		}
	});
}

/**
 * The lab runs the OBProxy stand-in as a daemon of its own (see obProxyCommand in metadb-server.ts), with
 * `--port P --upstream-port Q --user NAME --account ACCOUNT`; it runs until SIGTERM or SIGINT.
 */
export async function runObProxy(argv: readonly string[]): Promise<void> {
	const {values} = parseArgs({
		args: [...argv],
		options: {
			port: {type: 'string'},
			'upstream-port': {type: 'string'},
			user: {type: 'string'},
			account: {type: 'string'},
		},
		strict: true,
	});
	const proxy = await startObProxy({
		port: Number(values.port),
		upstreamPort: Number(values['upstream-port']),
		users: values.user && values.account ? {[values.user]: values.account} : {},
	});
	console.log(
		`${new Date().toISOString()} OBProxy stand-in on 127.0.0.1:${proxy.port} → mariadbd 127.0.0.1:${values['upstream-port']}; user ${values.user ?? '-'} → ${values.account ?? '-'}`,
	);
	for (const signal of ['SIGTERM', 'SIGINT'] as const)
		process.once(signal, () => void proxy.close().then(() => process.exit(0)));
}

/** The first whole packet (4-byte header: 3-byte length, sequence id) at the start of `buffer`. */
function nextPacket(buffer: Buffer): Buffer | undefined {
	if (buffer.length < 4) return undefined;
	const length = buffer.readUIntLE(0, 3);
	return buffer.length >= 4 + length ? buffer.subarray(0, 4 + length) : undefined;
}

function packet(sequence: number, payload: Buffer): Buffer {
	const header = Buffer.alloc(4);
	header.writeUIntLE(payload.length, 0, 3);
	header[3] = sequence;
	return Buffer.concat([header, payload]);
}

/**
 * Protocol 10 greeting: version string, thread id (4), scramble part 1 (8), filler (1), then the low capability flags.
 */
function withoutTls(greeting: Buffer): Buffer {
	const copy = Buffer.from(greeting);
	const versionEnd = copy.indexOf(0, 5);
	const flagsAt = versionEnd + 1 + 4 + 8 + 1;
	if (copy[4] !== 10 || versionEnd < 0 || flagsAt + 2 > copy.length) return copy;
	copy.writeUInt16LE(copy.readUInt16LE(flagsAt) & ~clientSsl, flagsAt);
	return copy;
}

/**
 * HandshakeResponse41: capabilities (4), max packet (4), charset (1), filler (23), then the user name, NUL-terminated.
 */
function renameUser(response: Buffer, users: Readonly<Record<string, string>>): Buffer {
	const payload = response.subarray(4);
	const nameEnd = payload.indexOf(0, 32);
	if (payload.length < 33 || nameEnd < 0) return response;
	const account = users[payload.subarray(32, nameEnd).toString('utf8')];
	if (account === undefined) return response;
	return packet(
		response.readUInt8(3),
		Buffer.concat([payload.subarray(0, 32), Buffer.from(account, 'utf8'), payload.subarray(nameEnd)]),
	);
}

function errorPacket(sequence: number, code: number, state: string, message: string): Buffer {
	const head = Buffer.alloc(3);
	head[0] = 0xff;
	head.writeUInt16LE(code, 1);
	return packet(sequence, Buffer.concat([head, Buffer.from(`#${state}${message}`, 'utf8')]));
}
