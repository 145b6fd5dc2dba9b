import {spawn, type ChildProcess} from 'node:child_process';
import type {SshFiles} from '../config/plan-types.js';
import {describeError, ExternalError} from '../domain/errors.js';
import {delay} from '../domain/wait.js';
import {probe, type Probe} from './socket-probe.js';
import {lastLines, sshFailure} from './ssh-errors.js';
import {describeLink, explainLinkError, type LinkExplanation, type LinkView, type SshState} from './ssh-link-text.js';
import {tunnelArguments, type SshTarget} from './ssh-options.js';
import {childEnvironment} from './child-process.js';

export type {SshState} from './ssh-link-text.js';

type TunnelSpec = {
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
	/** What ssh said when the connection dropped. */
	private problem: string | undefined;
	/** Why reconnecting failed, once the tunnel is lost. */
	private failure: ExternalError | undefined;
	private reopening: Promise<void> | undefined;
	/** The one reconnect after a drop, while it runs. */
	private reconnecting: Promise<void> | undefined;

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

	/** The state as a sentence for the log: which node, which connection, what happened. */
	describeState(): string {
		return describeLink(this.view());
	}

	onState(listener: (state: SshState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** For an error a request over this tunnel got: what the link says about it (see explainLinkError). */
	explain(error: unknown): LinkExplanation | undefined {
		return explainLinkError(this.view(), error);
	}

	private view(): LinkView {
		return {
			node: this.spec.node,
			host: this.spec.target.host,
			state: this.current,
			problem: this.problem,
			failure: this.failure,
			said: lastLines(this.stderr),
		};
	}

	/**
	 * For a new discovery of the node (the operator retries): waits out a reconnect under way, and
	 * opens a lost connection again on the same local socket, so every engine holding it works again.
	 */
	async ready(): Promise<void> {
		await this.reconnecting;
		await this.reopen();
	}

	private async reopen(): Promise<void> {
		if (this.current !== 'lost') return;
		this.reopening ??= this.start()
			.then(
				() => {
					this.failure = undefined;
					this.setState('connected');
				},
				(error: unknown) => {
					if (error instanceof ExternalError) this.failure = error;
					throw error;
				},
			)
			.finally(() => (this.reopening = undefined));
		await this.reopening;
	}

	async close(): Promise<void> {
		this.closing = true;
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		if (!(await settlesWithin(exited, 3000))) child.kill('SIGKILL');
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
		const [command = 'ssh', ...args] = [
			...launcher,
			'ssh',
			...tunnelArguments(target, files, connectTimeoutSec, socketPath),
		];
		// Its own session: Ctrl-C or a terminal hangup reaches the tool, which finishes the current call over this
		// connection.
		const child = spawn(command, args, {detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: childEnvironment()});
		this.child = child;
		this.stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8192)));
		let exited = false;
		// 'close', not 'exit': only then has all of ssh's stderr been read, so its words are judged whole
		// (an unknown host key is said in the last lines, which may arrive after the process has exited).
		const exit = new Promise<void>(resolve => {
			child.once('close', () => resolve());
			child.once('error', error => ((this.stderr += `\n${error.message}`), resolve()));
		}).then(() => (exited = true));
		const deadline = Date.now() + (connectTimeoutSec + 20) * 1000;
		let answer: Probe = 'not-yet';
		while (!exited && Date.now() < deadline) {
			answer = await Promise.race([probe(socketPath), exit.then(() => 'not-yet' as const)]);
			if (answer === 'answered' || answer === 'closed') break;
			await Promise.race([delay(50), exit]);
		}
		if (answer === 'answered' && !exited && !this.closing) {
			void exit.then(() => this.dropped(child));
			return;
		}
		const timedOut = !exited && answer === 'not-yet';
		if (!exited) {
			child.kill('SIGTERM');
			await settlesWithin(exit, 1000);
		}
		if (this.closing) {
			throw new ExternalError(
				`node ${this.spec.node}: the SSH connection to ${target.host} was closed while it was being established.`,
				{
					hint: 'The command was ending; run it again if it did not finish.',
				},
			);
		}
		// ssh says why the node closed the channel on stderr, just after.
		if (answer === 'closed') await settlesWithin(exit, 1000);
		if (timedOut) this.stderr += `\nno connection within ${connectTimeoutSec + 20}s`;
		throw await sshFailure(this.spec.node, target, files, this.stderr);
	}

	private dropped(child: ChildProcess): void {
		if (this.closing || child !== this.child) return;
		this.problem = lastLines(this.stderr) || `ssh ended (${child.signalCode ?? `exit ${child.exitCode}`})`;
		this.setState('reconnecting');
		this.reconnecting = this.start()
			.then(
				() => this.setState('connected'),
				(error: unknown) => {
					this.failure =
						error instanceof ExternalError ? error : new ExternalError(describeError(error), {cause: error});
					this.setState('lost');
				},
			)
			.finally(() => (this.reconnecting = undefined));
	}
}

/** True when `work` settles within `ms`; the timer never outlives the answer (it would hold the process open). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<false>(resolve => (timer = setTimeout(() => resolve(false), ms)));
	try {
		return await Promise.race([
			work.then(
				() => true,
				() => true,
			),
			late,
		]);
	} finally {
		clearTimeout(timer);
	}
}
