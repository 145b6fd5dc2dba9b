import {spawn, type ChildProcess} from 'node:child_process';
import {connect} from 'node:net';
import type {SshFiles} from '../config/plan-types.js';
import {describeError, ExternalError} from '../domain/errors.js';
import {delay} from '../domain/wait.js';
import {lastLines, sshFailure} from './ssh-errors.js';
import {tunnelArguments, type SshTarget} from './ssh-options.js';

/** How a node's SSH connection stands, as the node card shows it. */
export type SshState = 'connected' | 'reconnecting' | 'lost';

export type TunnelSpec = {
	/** The node's host (OMS_HOST_IP), for messages. */
	readonly node: string;
	readonly target: SshTarget;
	readonly files: SshFiles | undefined;
	/** Where the node's Docker socket appears on this machine, in a private 0700 directory. */
	readonly socketPath: string;
	readonly connectTimeoutSec: number;
	/** Runs before ssh, e.g. `setpriv --pdeathsig TERM --` so the ssh dies with this process. */
	readonly launcher: readonly string[];
};

/**
 * One SSH connection to a node, held by the system `ssh` for a whole command or console session, with
 * the node's Docker socket forwarded to a local socket. When it drops it is re-established once; after
 * that it is `lost` and requests fail at once.
 */
export class SshTunnel {
	private child: ChildProcess | undefined;
	private stderr = '';
	private closing = false;
	private readonly listeners = new Set<(state: SshState) => void>();
	private current: SshState = 'connected';
	/** What ssh said when the connection dropped, or why reconnecting failed. */
	private problem: string | undefined;

	private constructor(readonly spec: TunnelSpec) {}

	static async open(spec: TunnelSpec): Promise<SshTunnel> {
		const tunnel = new SshTunnel(spec);
		await tunnel.start();
		return tunnel;
	}

	get socketPath(): string {
		return this.spec.socketPath;
	}

	get state(): SshState {
		return this.current;
	}

	onState(listener: (state: SshState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** For an error a request over this tunnel got: what the link says about it, or undefined when the link is not the cause. */
	explain(error: unknown): string | undefined {
		const code = (error as {code?: string} | undefined)?.code;
		if (!['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE'].includes(code ?? '') && !/socket hang up/.test(String((error as Error | undefined)?.message))) return undefined;
		const host = this.spec.target.host;
		if (this.current === 'lost') return `the SSH connection to ${host} was lost (${this.problem ?? 'ssh exited'}) and could not be re-established`;
		if (this.current === 'reconnecting') return `the SSH connection to ${host} dropped (${this.problem ?? 'ssh exited'}); reconnecting`;
		const said = lastLines(this.stderr);
		return `the request through SSH to ${host} broke${said ? ` (ssh: ${said})` : ` (${describeError(error)})`}`;
	}

	async close(): Promise<void> {
		this.closing = true;
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		if ((await Promise.race([exited.then(() => true), delay(3000).then(() => false)])) === false) child.kill('SIGKILL');
	}

	/** For process exit, where nothing can be awaited. */
	closeNow(): void {
		this.closing = true;
		if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
	}

	private setState(state: SshState): void {
		this.current = state;
		for (const listener of this.listeners) listener(state);
	}

	private async start(): Promise<void> {
		const {launcher, target, files, connectTimeoutSec, socketPath} = this.spec;
		const argv = [...launcher, 'ssh', ...tunnelArguments(target, files, connectTimeoutSec, socketPath)];
		// Its own session: Ctrl-C or a terminal hangup reaches the tool, which finishes the current call over this connection.
		const child = spawn(argv[0]!, argv.slice(1), {detached: true, stdio: ['ignore', 'ignore', 'pipe']});
		this.stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8192)));
		let exited = false;
		const exit = new Promise<void>(resolve => {
			child.once('exit', () => resolve());
			child.once('error', error => ((this.stderr += `\n${error.message}`), resolve()));
		}).then(() => (exited = true));
		const deadline = Date.now() + (connectTimeoutSec + 20) * 1000;
		let answer: Probe = 'not-yet';
		while (!exited && Date.now() < deadline) {
			answer = await Promise.race([probe(socketPath), exit.then(() => 'not-yet' as const)]);
			if (answer === 'answered' || answer === 'closed') break;
			await Promise.race([delay(50), exit]);
		}
		if (answer === 'answered' && !exited) {
			this.child = child;
			void exit.then(() => this.dropped(child));
			return;
		}
		if (!exited) child.kill('SIGTERM');
		if (answer === 'closed') await Promise.race([exit, delay(1000)]);
		if (!exited && answer === 'not-yet') this.stderr += `\nno connection within ${connectTimeoutSec + 20}s`;
		throw await sshFailure(this.spec.node, target, files, this.stderr);
	}

	private dropped(child: ChildProcess): void {
		if (this.closing || child !== this.child) return;
		this.problem = lastLines(this.stderr) || `ssh ended (${child.signalCode ?? `exit ${child.exitCode}`})`;
		this.setState('reconnecting');
		this.start().then(
			() => this.setState('connected'),
			(error: unknown) => {
				this.problem = `${this.problem}; reconnecting: ${error instanceof ExternalError ? error.message.replace(/^node \S+: /, '') : describeError(error)}`;
				this.setState('lost');
			},
		);
	}
}

type Probe = 'answered' | 'closed' | 'not-yet';

/**
 * One `GET /_ping` through the forwarded socket. `not-yet`: no listener yet (ssh still connecting);
 * `closed`: the node closed the channel without a word (ssh says why on stderr); an engine that
 * accepts but does not answer in time counts as reached: the link works, the engine is another matter.
 */
function probe(socketPath: string): Promise<Probe> {
	return new Promise(resolve => {
		const socket = connect(socketPath);
		let received = '';
		let connected = false;
		const done = (result: Probe) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => done('answered'), 5000);
		socket.on('connect', () => (connected = true) && socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'));
		socket.on('data', chunk => {
			received += chunk.toString('latin1');
			if (received.startsWith('HTTP/')) done('answered');
		});
		socket.on('error', () => done(received ? 'answered' : connected ? 'closed' : 'not-yet'));
		socket.on('end', () => done(received ? 'answered' : 'closed'));
	});
}
